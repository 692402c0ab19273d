/**
 * bench:jobs (bench/jobs.ts): its settings and the app code it drives, loaded once the env
 * points at the benchmark database.
 */
import { fileURLToPath } from "node:url";
import { positiveInt, withDatabase } from "./common";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const ADMIN_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
export const DB_NAME = "neuroops_bench_jobs";
export const BENCH_URL = withDatabase(ADMIN_URL, DB_NAME);
export const EVENTS = positiveInt(process.env.BENCH_EVENTS, 10_000, "BENCH_EVENTS");
export const REPEATS = positiveInt(process.env.BENCH_REPEATS, 3, "BENCH_REPEATS");
export const BATCH_SIZES = (process.env.BENCH_BATCH_SIZES || "10,50").split(",").map((raw) => positiveInt(raw.trim(), 10, "BENCH_BATCH_SIZES"));
export const KEEP_DB = process.env.BENCH_KEEP_DB === "1";
export const RUN_PGLITE = process.env.BENCH_PGLITE !== "0";
export const PGLITE_EVENTS = positiveInt(process.env.BENCH_PGLITE_EVENTS, Math.min(2_000, EVENTS), "BENCH_PGLITE_EVENTS");
export const WRITERS = 10;
export const TX_BATCH = 50; // events per transaction in baseline (0b)
export const POLL_MS = 50;
export const LEASE_SECONDS = 60;
// The goal: commit→start p99 < 1 s at a steady 100 events/s (one writer, paced):
// far below what one worker handles, so latency is the wake-up delay.
export const LIGHT_RATE = positiveInt(process.env.BENCH_LIGHT_RATE, 100, "BENCH_LIGHT_RATE");
// 10 s worth, or a third of BENCH_EVENTS when that is smaller (a smoke run stays short).
export const LIGHT_EVENTS = positiveInt(process.env.BENCH_LIGHT_EVENTS, Math.min(10 * LIGHT_RATE, Math.max(50, Math.floor(EVENTS / 3))), "BENCH_LIGHT_EVENTS");
export const COUNT_SAMPLES = Math.min(200, EVENTS); // events published and worked through the round-trip counting proxy
export const NOTIFY_TRIGGER = "outbox_events_notify"; // drizzle/0005_outbox_notify.sql
export const MAIN_POOL = WRITERS + 2; // writers plus in-process worker loops
export const CHILD_POOL = 2; // a worker's claim and its tenant transactions run one after another
export const STALL_MS = 60_000;
export const OWNER = { name: "Bench Jobs Owner", email: "bench-jobs-owner@example.com", password: "bench-password-0123" };
export const PGLITE_HOST = fileURLToPath(new URL("./jobs-pglite-host.ts", import.meta.url));

// ---------------------------------------------------------------------------------------
// App code: loaded once the env points at the benchmark database (the logger reads
// LOG_LEVEL when first imported; the pool reads DATABASE_URL when first used).

process.env.LOG_LEVEL = "warn";

async function importApp() {
  const [envModule, client, accounts, orgs, load, workers] = await Promise.all([
    import("../../src/server/platform/env"),
    import("../../src/server/db/client"),
    import("../../src/server/modules/accounts/service"),
    import("../../src/server/modules/orgs/service"),
    import("./jobs-load"),
    import("./jobs-workers"),
  ]);
  return { reloadEnv: envModule.reloadEnv, ...client, ...accounts, ...orgs, ...load, ...workers };
}
export type App = Awaited<ReturnType<typeof importApp>>;
let loaded: App | undefined;

export async function loadApp(): Promise<App> {
  loaded ??= await importApp();
  return loaded;
}

/** The app code, once `loadApp` has run. */
export function app(): App {
  if (!loaded) throw new Error("bench:jobs: loadApp() first");
  return loaded;
}

export function pointAppAt(url: string, poolMax: number): void {
  process.env.DATABASE_URL = url;
  process.env.DATABASE_POOL_MAX = String(poolMax);
  app().reloadEnv();
}

export async function seedTenant(): Promise<string> {
  const user = await app().registerUser(app().runtimeDb(), OWNER);
  const org = await app().createOrganization(user.id, { name: "Bench Jobs Org" });
  return org.id;
}
