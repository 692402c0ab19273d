/**
 * The deployment files, checked by parsing them (no Docker engine, Terraform or network here):
 * docker-compose.yml, the Prometheus configuration and alert rules, the Grafana dashboard, the
 * Dockerfile and infra/terraform. Each check names the rule it protects; the app's own modules
 * (env.ts, metrics.ts, node-flags.ts) are the reference, so a change there that the deployment
 * does not follow fails here.
 */
import fs from "node:fs";
import path from "node:path";
import { parse as parseHcl } from "@cdktf/hcl2json";
import { collectDefaultMetrics, Registry } from "prom-client";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseEnv } from "@/server/platform/env";
import { METRIC_NAMES } from "@/server/platform/metrics";
import { SERVER_NODE_FLAGS } from "../scripts/node-flags";

const root = path.resolve(import.meta.dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

/** The variables env.ts declares: the keys of its zod schema object. */
function envKeys(): Set<string> {
  const source = read("src/server/platform/env.ts");
  const start = source.indexOf("const envSchema = z.object({");
  const end = source.indexOf("\n});", start);
  expect(start, "env.ts declares `const envSchema = z.object({`").toBeGreaterThan(-1);
  return new Set([...source.slice(start, end).matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!));
}

/**
 * Secrets among them: what must never be plain configuration. AWS keys are left out on
 * purpose: on AWS the task role replaces them, and in Compose they are optional placeholders.
 */
function secretKeys(): string[] {
  return [...envKeys()].filter((key) => /(SECRET|_KEY|TOKEN|PASSWORD)$|^DATABASE_URL$|^SMTP_URL$/.test(key) && !key.startsWith("AWS_"));
}

/**
 * What a multi-replica production deployment cannot run without (env.ts makes them optional for
 * the embedded, one-process defaults): the database, session signing and the public URL, a
 * shared Redis (per-process rate limits would multiply by the replica count), the proxy hop
 * count (else every client shares the proxy's address), the metrics token.
 */
const REQUIRED_IN_PRODUCTION = [
  "NODE_ENV",
  "DATABASE_URL",
  "NEXTAUTH_SECRET",
  "NEXTAUTH_URL",
  "UPSTASH_REDIS_REST_URL",
  "UPSTASH_REDIS_REST_TOKEN",
  "TRUSTED_PROXY_COUNT",
  "METRICS_TOKEN",
];

// ---------------------------------------------------------------------------------------------
// docker-compose.yml

type ComposeService = {
  image?: string;
  build?: unknown;
  command?: string[];
  deploy?: { replicas?: number };
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  secrets?: string[];
};
type Compose = { services: Record<string, ComposeService>; volumes: Record<string, unknown>; secrets: Record<string, { environment?: string }> };

const compose = parseYaml(read("docker-compose.yml"), { merge: true }) as Compose;

/** Compose's interpolation with the values of infra/compose.env.example. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_, name: string, op: string | undefined, rest: string) => {
    const set = vars[name];
    if (set !== undefined && set !== "") return set;
    if (op === "-") return rest;
    if (op === "?") throw new Error(`${name} is required by docker-compose.yml but empty in compose.env.example`);
    return "";
  });
}

const composeVars = Object.fromEntries(
  read("infra/compose.env.example")
    .split("\n")
    .filter((line) => /^[A-Z0-9_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
);

describe("docker-compose.yml", () => {
  const services = compose.services;

  it("has the app behind a proxy, a one-shot migration, Postgres 15, Redis with its HTTP proxy, Inngest, Prometheus and Grafana", () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(["proxy", "app", "migrate", "postgres", "redis", "redis-http", "inngest", "prometheus", "grafana"]),
    );
    expect(services.postgres!.image).toMatch(/^postgres:15/);
    expect(services.postgres!.volumes).toContainEqual(expect.stringMatching(/^pgdata:\/var\/lib\/postgresql\/data$/));
    expect(compose.volumes).toHaveProperty("pgdata");
    expect(services["redis-http"]!.image).toMatch(/serverless-redis-http/);
  });

  it("connects the app as the database owner login, which is not the superuser", () => {
    const db = services.postgres!;
    expect(db.volumes).toContain("./infra/postgres/init-owner.sh:/docker-entrypoint-initdb.d/10-owner.sh:ro");
    expect(read("infra/postgres/init-owner.sh")).toMatch(/CREATE ROLE neuroops LOGIN CREATEROLE NOSUPERUSER NOBYPASSRLS/);
    const url = new URL(interpolate(services.app!.environment!.DATABASE_URL!, composeVars));
    expect(url.username).toBe("neuroops");
    expect(url.username).not.toBe(db.environment!.POSTGRES_USER);
  });

  it("runs two app replicas, started only after the migration succeeded", () => {
    expect(services.app!.deploy?.replicas).toBe(2);
    expect(services.app!.depends_on?.migrate).toEqual({ condition: "service_completed_successfully" });
    expect(services.migrate!.command).toEqual(["node", "scripts/migrate.mjs"]);
    expect(services.migrate!.depends_on?.postgres).toEqual({ condition: "service_healthy" });
    // The same image: the migration is the one the app was built with.
    expect(services.migrate!.image).toBe(services.app!.image);
  });

  it("gives the long-running services a healthcheck, the app's on /api/health", () => {
    for (const name of ["proxy", "app", "postgres", "redis", "prometheus", "grafana"]) {
      expect(services[name]!.healthcheck?.test, name).toBeDefined();
    }
    expect(services.app!.healthcheck!.test.join(" ")).toContain("/api/health");
  });

  it("passes the app only variables env.ts knows, and every one production needs", () => {
    const known = envKeys();
    const env = services.app!.environment!;
    expect(Object.keys(env).filter((key) => !known.has(key))).toEqual([]);
    expect(REQUIRED_IN_PRODUCTION.filter((key) => !(key in env))).toEqual([]);
    expect(Object.keys(services.migrate!.environment!).filter((key) => !known.has(key))).toEqual([]);
  });

  it("takes every secret from a variable, never a value written in the file", () => {
    const env = services.app!.environment!;
    for (const key of secretKeys().filter((k) => k in env)) {
      expect(env[key], key).toMatch(/\$\{[A-Z0-9_]+(:[-?][^}]*)?\}/);
    }
    for (const key of ["NEXTAUTH_SECRET", "METRICS_TOKEN", "UPSTASH_REDIS_REST_TOKEN", "DATABASE_URL"]) {
      expect(env[key], key).toMatch(/\$\{[A-Z0-9_]+:\?/); // required: compose refuses to start without it
    }
  });

  it("configures the app so that env.ts accepts it, pointed at the compose services", () => {
    const env = Object.fromEntries(Object.entries(services.app!.environment!).map(([k, v]) => [k, interpolate(String(v), composeVars)]));
    const parsed = parseEnv(env);
    expect(parsed.NODE_ENV).toBe("production");
    expect(new URL(parsed.UPSTASH_REDIS_REST_URL!).hostname).toBe("redis-http");
    expect(parsed.UPSTASH_REDIS_REST_TOKEN).toBe(interpolate(String(services["redis-http"]!.environment!.SRH_TOKEN), composeVars));
    expect(parsed.INNGEST_DEV).toBe(true);
    expect(new URL(parsed.INNGEST_BASE_URL!).hostname).toBe("inngest");
    expect(new URL(parsed.DATABASE_URL!).hostname).toBe("postgres");
    expect(parsed.TRUSTED_PROXY_COUNT).toBe(1);
  });

  it("hands Prometheus the same METRICS_TOKEN as the app, as a file", () => {
    expect(compose.secrets.metrics_token).toEqual({ environment: "METRICS_TOKEN" });
    expect(services.prometheus!.secrets).toContain("metrics_token");
    expect(services.app!.environment!.METRICS_TOKEN).toMatch(/^\$\{METRICS_TOKEN:\?/);
  });

  it("keeps /api/metrics off the public proxy", () => {
    expect(read("infra/nginx/nginx.conf")).toMatch(/location = \/api\/metrics \{\s*return 404;/);
  });
});

// ---------------------------------------------------------------------------------------------
// Prometheus, alert rules, Grafana

type ScrapeConfig = {
  job_name: string;
  metrics_path?: string;
  authorization?: { type?: string; credentials_file?: string };
  dns_sd_configs?: { names: string[]; type: string; port: number }[];
};

describe("infra/prometheus/prometheus.yml", () => {
  const config = parseYaml(read("infra/prometheus/prometheus.yml")) as { scrape_configs: ScrapeConfig[]; rule_files: string[] };

  it("scrapes /api/metrics of every app replica with the bearer token", () => {
    const job = config.scrape_configs.find((c) => c.job_name === "neuroops")!;
    expect(job.metrics_path).toBe("/api/metrics");
    expect(job.authorization).toEqual({ type: "Bearer", credentials_file: "/run/secrets/metrics_token" });
    // One target per replica (DNS A records of the compose service), not the load-balanced proxy.
    expect(job.dns_sd_configs).toEqual([expect.objectContaining({ names: ["app"], type: "A", port: 3000 })]);
  });

  it("loads the alert rules file that is in the repository", () => {
    expect(config.rule_files).toEqual(["/etc/prometheus/alerts.yml"]);
    expect(compose.services.prometheus!.volumes).toContain("./infra/prometheus:/etc/prometheus:ro");
    expect(fs.existsSync(path.join(root, "infra/prometheus/alerts.yml"))).toBe(true);
  });
});

/** Series Prometheus writes itself (not exported by the app). */
const PROMETHEUS_SERIES = new Set(["up"]);
/** The app's histograms (metrics.ts): queried through `_bucket` (or `_sum`/`_count`), never bare. */
const APP_HISTOGRAMS = [
  "neuroops_http_request_duration_seconds",
  "neuroops_trpc_request_duration_seconds",
  "neuroops_outbox_delivery_lag_seconds",
  "neuroops_ai_request_duration_seconds",
];

/** Metric names of a PromQL expression: identifiers left once strings, matchers, ranges, grouping, numbers and calls are set aside. */
function promqlMetricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, " ")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ")
    .replace(/(?<![A-Za-z0-9_:])\d+(\.\d+)?(e[+-]?\d+)?/gi, " ");
  const keywords = new Set(["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan"]);
  const names: string[] = [];
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const after = stripped.slice(match.index! + match[0].length);
    if (/^\s*\(/.test(after) || keywords.has(match[0].toLowerCase())) continue; // a function or aggregation
    names.push(match[0]);
  }
  return names;
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

type Rule = { alert: string; expr: string; for?: string; labels?: { severity?: string }; annotations?: { summary?: string; description?: string } };
const rules = (parseYaml(read("infra/prometheus/alerts.yml")) as { groups: { name: string; rules: Rule[] }[] }).groups.flatMap((g) => g.rules);

type Panel = { title?: string; type: string; targets?: { expr: string }[]; panels?: Panel[] };
const dashboard = JSON.parse(read("infra/grafana/dashboards/neuroops.json")) as { uid: string; panels: Panel[] };
const panels = (list: Panel[]): Panel[] => list.flatMap((p) => [p, ...panels(p.panels ?? [])]);
const dashboardQueries = panels(dashboard.panels).flatMap((p) => (p.targets ?? []).map((t, i) => ({ where: `panel "${p.title}" query ${i + 1}`, expr: t.expr })));
const ruleQueries = rules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr }));

describe("metric names in the dashboard and the alert rules", () => {
  let exported: Set<string>;
  let histograms: Set<string>;

  beforeAll(async () => {
    // prom-client's default process metrics under the app's prefix, as the app registers them.
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: "neuroops_" });
    const defaults = await registry.getMetricsAsJSON();
    registry.clear();
    exported = new Set([...strings(METRIC_NAMES), ...defaults.map((m) => m.name)]);
    histograms = new Set([...APP_HISTOGRAMS, ...defaults.filter((m) => String(m.type) === "histogram").map((m) => m.name)]);
  });

  it("knows the parser (a wrong parser would let everything through)", () => {
    expect(promqlMetricNames('histogram_quantile(0.95, sum by (le, route) (rate(a_bucket{x=~"5.."}[5m]))) / clamp_min(sum(b_total), 1e-9) > 2 and on(instance) up == 0 or max(lag_p99_seconds) > 0.5')).toEqual([
      "a_bucket",
      "b_total",
      "up",
      "lag_p99_seconds",
    ]);
  });

  it("the app's histograms are exported by the metrics module", () => {
    for (const name of APP_HISTOGRAMS) expect(exported.has(name), name).toBe(true);
  });

  it.each([...dashboardQueries, ...ruleQueries].map((q) => [q.where, q.expr]))("%s uses only exported metrics", (_where, expr) => {
    const names = promqlMetricNames(expr);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const base = name.replace(/_(bucket|sum|count)$/, "");
      const known = exported.has(name) || PROMETHEUS_SERIES.has(name) || (base !== name && histograms.has(base));
      expect(known, `${name} is not exported by src/server/platform/metrics.ts (nor a default process metric)`).toBe(true);
      // A histogram's own name is no series: it exists only as _bucket, _sum and _count.
      expect(histograms.has(name), `${name} is a histogram: query ${name}_bucket`).toBe(false);
    }
    if (expr.includes("histogram_quantile(")) {
      expect(names.some((n) => n.endsWith("_bucket") && histograms.has(n.slice(0, -"_bucket".length)))).toBe(true);
      expect(expr).toMatch(/by \([^)]*\ble\b/); // the quantile needs the buckets kept apart
    }
  });

  it("the dashboard covers requests, tRPC, the pool, the outbox, jobs, webhooks, AI, cache, rate limits and the process", () => {
    const all = dashboardQueries.map((q) => q.expr).join("\n");
    for (const name of [
      "neuroops_http_requests_total",
      "neuroops_http_request_duration_seconds_bucket",
      "neuroops_trpc_requests_total",
      "neuroops_trpc_request_duration_seconds_bucket",
      "neuroops_db_pool_connections",
      "neuroops_outbox_events",
      "neuroops_outbox_oldest_pending_age_seconds",
      "neuroops_outbox_delivery_lag_seconds_bucket",
      "neuroops_job_runs_total",
      "neuroops_stripe_webhooks_total",
      "neuroops_ai_requests_total",
      "neuroops_ai_request_duration_seconds_bucket",
      "neuroops_ai_tokens_total",
      "neuroops_cache_requests_total",
      "neuroops_rate_limit_refusals_total",
      "neuroops_process_cpu_seconds_total",
      "neuroops_process_resident_memory_bytes",
      "neuroops_nodejs_eventloop_lag_p99_seconds",
    ]) {
      expect(all, name).toContain(name);
    }
  });
});

describe("infra/prometheus/alerts.yml", () => {
  it("alerts on 5xx rate, outbox lag, dead jobs, AI failures and webhook failures", () => {
    const text = rules.map((r) => r.expr).join("\n");
    expect(text).toMatch(/neuroops_http_requests_total\{status=~"5\.\."\}/);
    expect(text).toContain("neuroops_outbox_oldest_pending_age_seconds");
    expect(text).toMatch(/neuroops_job_runs_total\{result="dead"\}/);
    expect(text).toMatch(/neuroops_ai_requests_total\{result=~"error\|timeout"\}/);
    expect(text).toMatch(/neuroops_stripe_webhooks_total\{result="failed"\}/);
  });

  it.each(rules.map((r) => [r.alert, r]))("%s has a duration, a severity, a summary and a description", (_name, rule) => {
    expect(rule.for).toMatch(/^\d+[smh]$/);
    expect(["critical", "warning", "info"]).toContain(rule.labels?.severity);
    expect(rule.annotations?.summary?.length).toBeGreaterThan(10);
    expect(rule.annotations?.description?.length).toBeGreaterThan(20);
  });
});

describe("Grafana provisioning", () => {
  it("provisions the Prometheus data source the dashboard uses, and loads the dashboards folder", () => {
    const sources = (parseYaml(read("infra/grafana/provisioning/datasources/prometheus.yml")) as { datasources: { uid: string; url: string }[] }).datasources;
    const uids = new Set(sources.map((s) => s.uid));
    const used = new Set([...read("infra/grafana/dashboards/neuroops.json").matchAll(/"uid": "([^"]+)"/g)].map((m) => m[1]!).filter((uid) => uid !== dashboard.uid));
    expect([...used].filter((uid) => !uids.has(uid))).toEqual([]);
    expect(sources.find((s) => s.uid === "neuroops-prometheus")?.url).toBe("http://prometheus:9090");
    const providers = (parseYaml(read("infra/grafana/provisioning/dashboards/neuroops.yml")) as { providers: { options: { path: string } }[] }).providers;
    expect(compose.services.grafana!.volumes).toContain(`./infra/grafana/dashboards:${providers[0]!.options.path}:ro`);
  });
});

// ---------------------------------------------------------------------------------------------
// Dockerfile

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1)!;

  it("builds in stages: npm ci, next build with standalone output, a runtime stage", () => {
    expect(stages.map((s) => s.split("\n")[0])).toEqual(["${NODE_IMAGE} AS deps", "${NODE_IMAGE} AS build", "${NODE_IMAGE} AS runtime"]);
    expect(stages[0]).toMatch(/RUN .*npm ci/);
    expect(stages[1]).toContain("RUN NEXT_OUTPUT=standalone npm run build");
    expect(read("next.config.mjs")).toMatch(/process\.env\.NEXT_OUTPUT === "standalone" \? "standalone"/);
    expect(read("Dockerfile")).toMatch(/RUN NEXT_OUTPUT=standalone npm run build/);
    for (const copied of ["/app/.next/standalone ./", "/app/.next/static ./.next/static", "/app/public ./public", "/app/drizzle ./drizzle", "/app/dist/scripts ./scripts"]) {
      expect(runtime).toContain(`COPY --from=build ${copied}`);
    }
  });

  it("gives npm ci the files its install scripts run", () => {
    const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
    const install = ["preinstall", "install", "postinstall", "prepare"].map((name) => scripts[name] ?? "").join(" ");
    const files = [...install.matchAll(/\b(scripts\/[\w./-]+)/g)].map((m) => m[1]!);
    const beforeCi = stages[0]!.slice(0, stages[0]!.search(/^RUN .*npm ci/m));
    for (const file of files) expect(beforeCi, file).toContain(`COPY ${file} ./${file}`);
  });

  it("ships the native modules the server loads at run time", () => {
    for (const pkg of ["usearch", "onnxruntime-node", "sharp", "@img", "@node-rs", "@huggingface", "pdfkit", "dejavu-fonts-ttf"]) {
      expect(runtime).toContain(`COPY --from=build /app/node_modules/${pkg} ./node_modules/${pkg}`);
    }
  });

  it("runs as a non-root user, with a healthcheck on /api/health and the server's node flags", () => {
    const user = runtime.match(/^USER (\S+)/m)?.[1];
    expect(user).toBeDefined();
    expect(["root", "0"]).not.toContain(user);
    expect(runtime).toMatch(/^HEALTHCHECK .*\\\n.*\/api\/health/m);
    const cmd = JSON.parse(runtime.match(/^CMD (\[.*\])$/m)![1]!) as string[];
    expect(cmd).toEqual(["node", ...SERVER_NODE_FLAGS, "server.js"]);
    // Listening on every interface whatever HOSTNAME the runtime injects (the healthcheck uses 127.0.0.1).
    expect(runtime).toMatch(/^ENTRYPOINT \["env", "HOSTNAME=0\.0\.0\.0"\]$/m);
  });

  it("keeps secrets and local state out of the build context", () => {
    const ignored = read(".dockerignore").split("\n");
    for (const entry of ["node_modules", ".next", ".data", ".env", ".env.*", "!.env.example", ".git"]) expect(ignored).toContain(entry);
  });
});

// ---------------------------------------------------------------------------------------------
// Terraform

type Hcl = Record<string, unknown>;
type Block = Record<string, unknown>;

describe("infra/terraform", () => {
  let tf: { resource: Record<string, Record<string, Block[]>>; locals: Record<string, unknown>; variable: Record<string, Block[]> };

  beforeAll(async () => {
    const dir = path.join(root, "infra/terraform");
    tf = { resource: {}, locals: {}, variable: {} };
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".tf"))) {
      const parsed = (await parseHcl(file, fs.readFileSync(path.join(dir, file), "utf8"))) as Hcl;
      for (const [type, byName] of Object.entries((parsed.resource ?? {}) as Record<string, Record<string, Block[]>>)) {
        tf.resource[type] = { ...tf.resource[type], ...byName };
      }
      for (const locals of (parsed.locals ?? []) as Record<string, unknown>[]) Object.assign(tf.locals, locals);
      Object.assign(tf.variable, parsed.variable ?? {});
    }
  });

  const resource = (type: string, name: string): Block => {
    const block = tf.resource[type]?.[name]?.[0];
    expect(block, `${type}.${name}`).toBeDefined();
    return block!;
  };

  it("parses, and lays out a VPC over 2 AZs with public and private subnets and NAT", () => {
    expect(resource("aws_subnet", "public").count).toBe(2);
    expect(resource("aws_subnet", "private").count).toBe(2);
    expect(resource("aws_nat_gateway", "main")).toBeDefined();
    expect(resource("aws_route_table", "private").route).toEqual([expect.objectContaining({ nat_gateway_id: expect.stringContaining("aws_nat_gateway.main") })]);
  });

  it("runs 2 Fargate tasks behind the ALB, health-checked on /api/health, logging to CloudWatch", () => {
    const service = resource("aws_ecs_service", "app");
    expect(service.desired_count).toBe("${var.app_count}");
    expect(tf.variable.app_count![0]!.default).toBe(2);
    expect(service.launch_type).toBe("FARGATE");
    expect(resource("aws_lb_target_group", "app").health_check).toEqual([expect.objectContaining({ path: "/api/health" })]);
    expect(resource("aws_ecs_task_definition", "app").requires_compatibilities).toEqual(["FARGATE"]);
    expect(resource("aws_cloudwatch_log_group", "app")).toBeDefined();
    const app = tf.locals.app_container as Block;
    expect(app.logConfiguration).toMatchObject({ logDriver: "awslogs" });
  });

  it("injects every secret of env.ts into the task as ECS secrets from Secrets Manager", () => {
    const declared = Object.keys(tf.locals.app_secrets as Record<string, string>);
    expect(secretKeys().filter((key) => !declared.includes(key))).toEqual([]);
    expect(declared.filter((key) => !envKeys().has(key))).toEqual([]);
    const app = tf.locals.app_container as Block;
    expect(app.secrets).toBe("${[for name in keys(local.app_secrets) : { name = name, valueFrom = aws_secretsmanager_secret.app[name].arn }]}");
    expect(resource("aws_secretsmanager_secret", "app").for_each).toBe("${local.all_secrets}");
    expect(tf.locals.all_secrets).toContain("local.app_secrets");
    // …and none of them as plain environment.
    const environment = (tf.locals.app_environment as { name: string }[]).map((e) => e.name);
    expect(environment.filter((name) => declared.includes(name))).toEqual([]);
    expect(environment.filter((name) => !envKeys().has(name))).toEqual([]);
    expect(REQUIRED_IN_PRODUCTION.filter((key) => !environment.includes(key) && !declared.includes(key))).toEqual([]);
  });

  it("keeps RDS PostgreSQL 15 multi-AZ, encrypted and backed up", () => {
    const db = resource("aws_db_instance", "main");
    expect(db).toMatchObject({ engine: "postgres", engine_version: "15", multi_az: true, storage_encrypted: true, publicly_accessible: false, deletion_protection: true });
    expect(db.backup_retention_period).toBe("${var.db_backup_retention_days}");
    expect(tf.variable.db_backup_retention_days![0]!.default).toBeGreaterThanOrEqual(7);
  });

  it("blocks all public access to the uploads bucket, encrypts and versions it", () => {
    expect(resource("aws_s3_bucket_public_access_block", "uploads")).toMatchObject({
      bucket: "${aws_s3_bucket.uploads.id}",
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resource("aws_s3_bucket_versioning", "uploads").versioning_configuration).toEqual([{ status: "Enabled" }]);
    expect(resource("aws_s3_bucket_server_side_encryption_configuration", "uploads")).toBeDefined();
    expect((tf.locals.app_environment as { name: string; value: string }[]).find((e) => e.name === "S3_BUCKET_UPLOADS")?.value).toBe("${aws_s3_bucket.uploads.id}");
  });

  it("uses ElastiCache through the Upstash-compatible sidecar of the task", () => {
    expect(resource("aws_elasticache_replication_group", "main")).toMatchObject({ at_rest_encryption_enabled: true, automatic_failover_enabled: true });
    const sidecar = tf.locals.redis_http_container as { name: string; secrets: { name: string }[] };
    expect(sidecar.secrets.map((s) => s.name).sort()).toEqual(["SRH_CONNECTION_STRING", "SRH_TOKEN"]);
    expect((tf.locals.app_environment as { name: string; value: string }[]).find((e) => e.name === "UPSTASH_REDIS_REST_URL")?.value).toBe("http://127.0.0.1:80");
  });

  it("says in bold to never apply without the owner's confirmation", () => {
    expect(read("infra/terraform/README.md")).toMatch(/\*\*Never run `terraform apply`[^*]*owner's explicit\s+confirmation[^*]*\*\*/);
  });
});
