/**
 * `npm run bench:analytics-dashboard`: how long the analytics dashboard (getDashboard) takes
 * on the accounting benchmark's ledger, cold (cache empty) and cached, in the tenant
 * transaction a request opens (app role, RLS, the owner).
 *
 * Needs the database `npm run bench:accounting` keeps with BENCH_KEEP_DB=1 (default
 * neuroops_bench_accounting: BENCH_LINES posted lines over 2023–2025). Ranges: the whole of
 * 2025 and its last month (the journal ends there), and the default (this month to date).
 * The cache is the in-memory one (no UPSTASH_* set). A measurement: printed, never asserted.
 *
 * Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
 *      BENCH_DB (default neuroops_bench_accounting), BENCH_REPEATS (5).
 */
import postgres from "postgres";
import { log, positiveInt, runBench, withDatabase } from "./lib/common";
import { median } from "./lib/inventory-workload";

const ADMIN_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = process.env.BENCH_DB || "neuroops_bench_accounting";
const REPEATS = positiveInt(process.env.BENCH_REPEATS, 5, "BENCH_REPEATS");

await runBench(async () => {
  const benchUrl = withDatabase(ADMIN_URL, DB_NAME);
  process.env.DATABASE_URL = benchUrl;
  process.env.LOG_LEVEL = "warn";
  delete process.env.UPSTASH_REDIS_REST_URL;
  delete process.env.UPSTASH_REDIS_REST_TOKEN;
  const { reloadEnv } = await import("../src/server/platform/env");
  reloadEnv();
  const admin = postgres(benchUrl, { max: 1 });
  const [owner] = await admin<{ tenant_id: string; user_id: string }[]>`select tenant_id, user_id from memberships where role = 'owner' limit 1`;
  const [size] = await admin<{ lines: string }[]>`select count(*)::text as lines from accounting_lines`;
  await admin.end();
  if (!owner) throw new Error(`no organization in ${DB_NAME}: run BENCH_KEEP_DB=1 npm run bench:accounting first`);
  log(`${DB_NAME}: ${size!.lines} journal lines`);

  const { withTenant } = await import("../src/server/db/tenant");
  const { closeRuntimeDb } = await import("../src/server/db/client");
  const { invalidateTenantCache, resetCacheForTests } = await import("../src/server/platform/cache");
  const { getDashboard } = await import("../src/server/modules/analytics/dashboard/service");
  const actor = { userId: owner.user_id, role: "owner" as const };
  const load = async (range: { from?: string; to?: string }) => {
    const started = performance.now();
    const d = await withTenant({ tenantId: owner.tenant_id, userId: actor.userId, role: "owner" }, (tx) => getDashboard(tx, actor, range));
    return { ms: performance.now() - started, cached: d.cached };
  };

  resetCacheForTests();
  await load({ from: "2025-01-01", to: "2025-01-31" }); // warm the pool and the plans
  const ranges: [string, { from?: string; to?: string }][] = [
    ["2025 (whole year)", { from: "2025-01-01", to: "2025-12-31" }],
    ["Dec 2025", { from: "2025-12-01", to: "2025-12-31" }],
    ["default (this month)", {}],
  ];
  for (const [label, range] of ranges) {
    const cold: number[] = [];
    const cached: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      await invalidateTenantCache(owner.tenant_id, "analytics");
      const first = await load(range);
      const second = await load(range);
      if (first.cached || !second.cached) throw new Error("the cache did not behave: expected a miss then a hit");
      cold.push(first.ms);
      cached.push(second.ms);
    }
    log(`${label}: cold p50 ${median(cold).toFixed(1)} ms (min ${Math.min(...cold).toFixed(1)}), cached p50 ${median(cached).toFixed(1)} ms (min ${Math.min(...cached).toFixed(1)})`);
  }
  await closeRuntimeDb();
});
