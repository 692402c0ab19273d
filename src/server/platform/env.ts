// Server code only: importing this from a client component fails the build (scripts run with
// `--conditions=react-server`, tests alias it to a stub).
import "server-only";
import { z } from "zod";

/**
 * The one place that reads process.env. Every variable of .env.example is declared
 * here; anything wrong is reported in one message at start-up.
 */
const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();
const optionalUrl = optionalString.pipe(z.url().optional());
const flag = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((value) => value === "1" || value === "true");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATA_DIR: z.string().default(".data"),

  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
  ),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  // Set by `npm run dev` / `npm start` for the app they run on the embedded database.
  EMBEDDED_DATABASE: flag,

  NEXTAUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  NEXTAUTH_URL: optionalUrl,
  FRONTEND_URL: optionalUrl,
  JWT_ACCESS_EXPIRY_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  // A session's absolute lifetime from sign-in, however often its cookie is re-issued.
  SESSION_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  SUPER_ADMIN_EMAIL: optionalString.pipe(z.email().optional()),

  // Multiplies every rate limit; the e2e suite (many sign-ins from one IP) raises it. Keep 1 in production.
  RATE_LIMIT_MULTIPLIER: z.coerce.number().int().min(1).max(1000).default(1),
  // Multiplies the per-organization API limit only (plans.ts: API_RATE_TIERS), on top of the above;
  // test suites and benchmarks that call one tenant thousands of times a minute raise it. Keep 1 in production.
  API_RATE_LIMIT_MULTIPLIER: z.coerce.number().int().min(1).max(10_000).default(1),
  // Proxies in front of the app that append to X-Forwarded-For (0: clients connect to Next directly).
  TRUSTED_PROXY_COUNT: z.coerce.number().int().min(0).max(10).default(0),
  UPSTASH_REDIS_REST_URL: optionalUrl,
  UPSTASH_REDIS_REST_TOKEN: optionalString,

  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_PRICE_PRO_MONTHLY: optionalString,
  STRIPE_PRICE_PRO_YEARLY: optionalString,
  STRIPE_PRICE_BUSINESS_MONTHLY: optionalString,
  STRIPE_PRICE_BUSINESS_YEARLY: optionalString,
  // The Stripe API's address for the SDK (tests: a local stand-in); unset = Stripe's own.
  STRIPE_API_BASE: optionalUrl,

  LLM_API_KEY: optionalString,
  LLM_BASE_URL: optionalUrl,
  LLM_MODEL: optionalString,
  // A model call that takes longer gets a clear error (never a hung request).
  LLM_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
  // The embedding model (transformers.js id) and where its files are cached; HF_HUB_OFFLINE=1: local files only.
  AI_EMBEDDING_MODEL: z.string().default("Xenova/all-MiniLM-L6-v2"),
  AI_MODEL_CACHE_DIR: optionalString,
  HF_HUB_OFFLINE: flag,
  // Memory the per-tenant vector indexes may hold in one process before cold tenants are evicted.
  AI_INDEX_MEMORY_MB: z.coerce.number().int().min(1).max(65_536).default(512),

  INNGEST_EVENT_KEY: optionalString,
  INNGEST_SIGNING_KEY: optionalString,
  INNGEST_DEV: flag,
  INNGEST_BASE_URL: optionalUrl,

  SMTP_URL: optionalString,
  MAIL_FROM: z.string().default("NeuroOps <no-reply@neuroops.local>"),

  // Bearer token for /api/metrics (Prometheus); unset: the endpoint answers 404, metrics are off.
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, "must be at least 16 characters").regex(/^\S+$/, "must not contain spaces").optional()),

  // File bytes in S3 (or an S3-compatible server) when S3_BUCKET_UPLOADS is set; in Postgres otherwise (docs/storage.md).
  AWS_REGION: optionalString,
  AWS_ACCESS_KEY_ID: optionalString,
  AWS_SECRET_ACCESS_KEY: optionalString,
  S3_BUCKET_UPLOADS: optionalString.pipe(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens), not a URL")
      .optional(),
  ),
  // An S3-compatible server (MinIO, R2, s3rver…) instead of AWS; most need S3_FORCE_PATH_STYLE=1.
  S3_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL, e.g. http://127.0.0.1:9000" }).optional()),
  S3_FORCE_PATH_STYLE: flag,
});

export type Env = z.infer<typeof envSchema>;

export class InvalidEnvironmentError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example for every variable.`);
    this.name = "InvalidEnvironmentError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new InvalidEnvironmentError(
      result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`),
    );
  }
  const env = result.data;
  const problems: string[] = [];
  if (Boolean(env.UPSTASH_REDIS_REST_URL) !== Boolean(env.UPSTASH_REDIS_REST_TOKEN)) {
    problems.push("UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together");
  }
  if (Boolean(env.AWS_ACCESS_KEY_ID) !== Boolean(env.AWS_SECRET_ACCESS_KEY)) {
    problems.push("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together (or neither, for the default AWS credential chain)");
  }
  if (env.S3_BUCKET_UPLOADS && !env.AWS_REGION) {
    problems.push("AWS_REGION: required with S3_BUCKET_UPLOADS (the bucket's region, e.g. eu-west-1; any value such as us-east-1 for most S3-compatible servers)");
  }
  if (!env.S3_BUCKET_UPLOADS && (env.S3_ENDPOINT || env.S3_FORCE_PATH_STYLE)) {
    problems.push("S3_ENDPOINT / S3_FORCE_PATH_STYLE are set but S3_BUCKET_UPLOADS is not: set the bucket to store files in S3, or remove them to keep files in Postgres");
  }
  if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  return env;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For scripts and tests that change process.env before the app code runs. */
export function reloadEnv(): Env {
  cached = undefined;
  return env();
}

/** The session-signing secret; required wherever sessions are issued or read. */
export function authSecret(): string {
  const secret = env().NEXTAUTH_SECRET;
  if (!secret) {
    throw new InvalidEnvironmentError([
      "NEXTAUTH_SECRET: required (32+ random characters). `npm run dev` and `npm start` create one under DATA_DIR when it is not set.",
    ]);
  }
  return secret;
}

/** True on the embedded PGlite: one session, so one connection and no LISTEN. */
export function isEmbeddedDatabase(): boolean {
  return !env().DATABASE_URL || env().EMBEDDED_DATABASE;
}
