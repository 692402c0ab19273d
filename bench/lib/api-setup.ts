/**
 * Configuration, database and seed of `npm run bench:api` (bench/api.ts), shared by its
 * default run and its ladder (bench/lib/api-ladder.ts).
 */
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { log, onCleanup, positiveInt, redact, withDatabase } from "./common";
import type { Seeded } from "./api-bare";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const ADMIN_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
export const DB_NAME = "neuroops_bench";
export const BENCH_URL = withDatabase(ADMIN_URL, DB_NAME);
export const DURATION = positiveInt(process.env.BENCH_DURATION, 20, "BENCH_DURATION");
export const WARMUP_SECONDS = 3;
export const CONNECTIONS = 32;
export const ROWS = positiveInt(process.env.BENCH_ROWS, 100_000, "BENCH_ROWS");
export const APP_PORT = 3200;
export const BARE_PORT = 3201;
export const COUNT_PORT = 3202; // a second, proxied `next start` that only counts round trips
export const LADDER_PORT = 3203; // the ladder's bench-only Next app (bench/ladder-app)
export const KEEP_DB = process.env.BENCH_KEEP_DB === "1";
export const NEXTAUTH_SECRET = crypto.randomBytes(30).toString("base64url"); // 40 characters
export const OWNER = { name: "Bench Owner", email: "bench-owner@example.com", password: "bench-password-0123" };

/** The env every `next start` of the bench gets (the app's and the ladder app's). */
export function serverEnv(databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: "10",
    NEXTAUTH_SECRET,
    NEXTAUTH_URL: `http://localhost:${APP_PORT}`,
    LOG_LEVEL: "warn",
    // One tenant at full speed for the whole run: the per-organization API limit stays on (its
    // cost is part of the measured path) but far above what the load reaches.
    API_RATE_LIMIT_MULTIPLIER: "1000",
  };
}

async function withAdmin<T>(fn: (admin: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(ADMIN_URL, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await fn(admin);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** A fresh bench database with the migrations applied (dropped on exit unless BENCH_KEEP_DB=1); returns Postgres' version. */
export async function prepareDatabase(): Promise<string> {
  const version = await withAdmin(async (admin) => {
    const [row] = await admin<{ version: string }[]>`select version()`;
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.unsafe(`create database ${DB_NAME}`);
    return row?.version ?? "unknown";
  });
  if (!KEEP_DB) onCleanup("drop database", () => withAdmin((admin) => admin.unsafe(`drop database if exists ${DB_NAME} with (force)`).then(() => undefined)));
  else onCleanup("keep database", () => log(`BENCH_KEEP_DB=1: kept ${redact(BENCH_URL)}`));
  const { migrateDatabase } = await import("../../src/server/db/migrate");
  await migrateDatabase(BENCH_URL);
  log(`created ${DB_NAME} and applied migrations`);
  return version;
}

/** One tenant, its owner, and ROWS audit rows. */
export async function seed(): Promise<Seeded> {
  // The app reads its configuration once, from process.env: set it before importing app code.
  Object.assign(process.env, serverEnv(BENCH_URL));
  const { reloadEnv } = await import("../../src/server/platform/env");
  reloadEnv();
  const { runtimeDb, closeRuntimeDb } = await import("../../src/server/db/client");
  const { registerUser } = await import("../../src/server/modules/accounts/service");
  const { createOrganization } = await import("../../src/server/modules/orgs/service");

  let user: { id: string };
  let org: { id: string; slug: string };
  try {
    user = await registerUser(runtimeDb(), OWNER);
    org = await createOrganization(user.id, { name: "Bench Org" });
  } finally {
    await closeRuntimeDb();
  }
  log(`tenant ${org.slug} (${org.id}), owner ${OWNER.email}`);

  const owner = postgres(BENCH_URL, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  try {
    const started = performance.now();
    await owner.begin(async (tx) => {
      // FORCE ROW LEVEL SECURITY applies to a non-superuser owner too: insert inside the tenant.
      await tx`select set_config('app.tenant_id', ${org.id}, true), set_config('app.user_id', ${user.id}, true)`;
      await tx`
        insert into audit_log (tenant_id, actor_user_id, action, entity_type, entity_id, after)
        select ${org.id}::uuid,
               ${user.id}::uuid,
               (array['record.created', 'record.updated', 'record.deleted', 'member.invited'])[1 + i % 4],
               (array['record', 'member', 'organization'])[1 + i % 3],
               'entity-' || i,
               jsonb_build_object('i', i, 'name', 'Item ' || i, 'status', case when i % 2 = 0 then 'open' else 'closed' end)
          from generate_series(1, ${ROWS}::int) as i`;
    });
    await owner`analyze audit_log`;
    const [count] = await owner.begin(async (tx) => {
      await tx`select set_config('app.tenant_id', ${org.id}, true)`;
      return tx<{ n: number }[]>`select count(*)::int as n from audit_log where tenant_id = ${org.id}`;
    });
    log(`inserted ${ROWS.toLocaleString("en-US")} audit rows in ${Math.round(performance.now() - started)} ms (tenant now has ${count?.n ?? "?"}) and analyzed`);
  } finally {
    await owner.end({ timeout: 5 });
  }
  return { tenantId: org.id, userId: user.id };
}
