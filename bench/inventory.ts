/**
 * `npm run bench:inventory`: the stock ledger's write path under concurrency, beside the
 * raw insert rate of its table, and the cost of a backdated receipt deep in a history.
 *
 * On the machine's Postgres, in a fresh database (neuroops_bench_inventory, migrated like
 * the app's), one organization made through the app's services; every movement is one
 * tenant transaction opened by the app's `withTenant` (app role, tenant RLS), with the
 * owner as actor, calling the inventory services (receiveStock / shipStock):
 *   (a) WRITERS concurrent writers, each on its own product: receipts and shipments of one
 *       unit, half and half (refused shipments counted): movements/s, p50/p99 latency;
 *   (b) the same writers on ONE hot product; then the ledger is checked: checkLedger finds
 *       nothing, on hand ≥ 0 and = the ledger's sum, and the running balance in ledger
 *       order never went below zero (zero oversell), else the benchmark fails;
 *   (c) the baseline: plain INSERTs of a one-unit receipt row into inventory_movements, one
 *       per tenant transaction, WRITERS concurrent (in a second organization, so its rows
 *       do not break the first one's ledger), and the ratios (a)/(c), (b)/(c);
 *   (d) a history of HISTORY movements on one product, built through the services (one
 *       receipt per SHIPMENTS_PER_RECEIPT one-unit shipments, one minute apart), checked;
 *       then a receipt dated just after the opening receipt (so every later movement
 *       follows it) beside an ordinary receipt dated now, each RUNS times in a rolled-back
 *       transaction (median), the time per statement of one backdated run, how many cost
 *       segments and revaluation entries it touches; finally one backdated receipt is
 *       committed and the ledger checked again.
 * A measurement: the figures are printed, never asserted; it exits non-zero only on
 * errors and broken ledger invariants.
 *
 * Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
 *      BENCH_DB (default neuroops_bench_inventory), BENCH_WRITERS (32), BENCH_SECONDS (15,
 *      per phase), BENCH_HISTORY (100000), BENCH_SHIPMENTS_PER_RECEIPT (75),
 *      BENCH_HISTORY_BATCH (500 movements per transaction while building), BENCH_RUNS (7),
 *      BENCH_KEEP_DB=1 (keep the database).
 * Smoke size (CI): BENCH_SECONDS=2 BENCH_HISTORY=2000 BENCH_RUNS=3.
 */
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { fmt, int, log, loadAverage, machineSummary, onCleanup, positiveInt, redact, runBench, table, withDatabase } from "./lib/common";
import { buildHistory, closedLoop, median, MINUTE, oneUnitMover, percentile, rawInserter, rolledBack, StatementTimer, type PhaseResult } from "./lib/inventory-workload";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
process.chdir(ROOT); // migrations resolve drizzle/ from the working directory

const ADMIN_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = process.env.BENCH_DB || "neuroops_bench_inventory";
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(DB_NAME)) throw new Error(`BENCH_DB must be a plain lower-case identifier, got "${DB_NAME}"`);
const WRITERS = positiveInt(process.env.BENCH_WRITERS, 32, "BENCH_WRITERS");
const SECONDS = positiveInt(process.env.BENCH_SECONDS, 15, "BENCH_SECONDS");
const HISTORY = positiveInt(process.env.BENCH_HISTORY, 100_000, "BENCH_HISTORY");
const SHIPMENTS_PER_RECEIPT = positiveInt(process.env.BENCH_SHIPMENTS_PER_RECEIPT, 75, "BENCH_SHIPMENTS_PER_RECEIPT");
const HISTORY_BATCH = positiveInt(process.env.BENCH_HISTORY_BATCH, 500, "BENCH_HISTORY_BATCH");
const RUNS = positiveInt(process.env.BENCH_RUNS, 7, "BENCH_RUNS");
const KEEP_DB = process.env.BENCH_KEEP_DB === "1";
const WARM_UP_SECONDS = Math.min(3, SECONDS);
const GOALS = { hotPerSecond: 200, backdatedMs: 200 };
const STOCK_AT_START = "20";


function statementTable(timer: StatementTimer, show: (ms: number) => string, unit: string): string {
  const statements = timer.statements();
  const rows = [["statement", "count", unit, "share"]];
  const share = (ms: number) => `${fmt((100 * ms) / timer.totalMs, 0)}%`;
  for (const s of statements.slice(0, 12)) rows.push([s.statement, int(s.count), show(s.ms), share(s.ms)]);
  const rest = timer.totalMs - statements.reduce((sum, s) => sum + s.ms, 0);
  rows.push(["(the rest: the audit insert, JavaScript)", "", show(rest), share(rest)]);
  return table(rows);
}

async function adminDo(url: string, fn: (sql: postgres.Sql) => Promise<void>) {
  const sql = postgres(url, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  try {
    await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const benchUrl = withDatabase(ADMIN_URL, DB_NAME);
  log(`admin ${redact(ADMIN_URL)}, database ${DB_NAME}, ${WRITERS} writers, ${SECONDS} s per phase, history ${int(HISTORY)} (1 receipt per ${SHIPMENTS_PER_RECEIPT} shipments)`);
  let pgInfo = "";
  await adminDo(ADMIN_URL, async (sql) => {
    const [row] = await sql<{ version: string }[]>`select version()`;
    const settings = await sql<{ name: string; setting: string; unit: string | null }[]>`
      select name, setting, unit from pg_settings where name in ('synchronous_commit', 'fsync', 'shared_buffers', 'max_connections') order by name`;
    pgInfo = `${(row?.version ?? "").split(" on ")[0]}; ${settings.map((s) => `${s.name}=${s.setting}${s.unit ? ` ${s.unit}` : ""}`).join(", ")}`;
    await sql.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await sql.unsafe(`create database ${DB_NAME}`);
  });
  onCleanup(KEEP_DB ? "keep database" : "drop database", () =>
    KEEP_DB ? log(`BENCH_KEEP_DB=1: kept ${redact(benchUrl)}`) : adminDo(ADMIN_URL, (sql) => sql.unsafe(`drop database if exists ${DB_NAME} with (force)`).then(() => undefined)),
  );

  // App code reads its configuration once, from process.env: set it before importing any.
  process.env.DATABASE_URL = benchUrl;
  process.env.DATABASE_POOL_MAX = String(WRITERS + 2);
  process.env.LOG_LEVEL = "warn";
  const { reloadEnv } = await import("../src/server/platform/env");
  reloadEnv();
  const { migrateDatabase } = await import("../src/server/db/migrate");
  await migrateDatabase(benchUrl);
  const { runtimeDb, closeRuntimeDb } = await import("../src/server/db/client");
  onCleanup("close runtime pool", () => closeRuntimeDb());
  const { withTenant } = await import("../src/server/db/tenant");
  const { registerUser } = await import("../src/server/modules/accounts/service");
  const { createOrganization } = await import("../src/server/modules/orgs/service");
  const { createProduct } = await import("../src/server/modules/inventory/catalog/products");
  const { defaultWarehouseId } = await import("../src/server/modules/inventory/catalog/warehouses");
  const { receiveStock, shipStock } = await import("../src/server/modules/inventory/stock/stock");
  const { checkLedger } = await import("../src/server/modules/inventory/stock/check");
  const { Conflict } = await import("../src/server/platform/errors");
  const app = { withTenant, receiveStock, shipStock, Conflict };
  const { sql } = await import("drizzle-orm");

  const owner = await registerUser(runtimeDb(), { name: "Bench Inventory Owner", email: "bench-inventory-owner@example.com", password: "bench-password-0123" });
  const actor = { userId: owner.id, role: "owner" as const };
  const scopeOf = (tenantId: string) => ({ tenantId, userId: owner.id, role: "owner" as const });
  const org = await createOrganization(owner.id, { name: "Bench Inventory" });
  const rawOrg = await createOrganization(owner.id, { name: "Bench Inventory Raw" });
  const makeProducts = (tenantId: string, prefix: string, count: number, stock: string | null) =>
    withTenant(scopeOf(tenantId), async (tx) => {
      const warehouseId = await defaultWarehouseId(tx);
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const product = await createProduct(tx, actor, { sku: `${prefix}-${i}`, name: `${prefix} product ${i}` });
        if (stock) await receiveStock(tx, actor, { productId: product.id, warehouseId, quantity: stock, unitCost: "100" });
        ids.push(product.id);
      }
      return { warehouseId, ids };
    });
  const spread = await makeProducts(org.id, "SPREAD", WRITERS, STOCK_AT_START);
  const warm = await makeProducts(org.id, "WARM", WRITERS, STOCK_AT_START);
  const hot = await makeProducts(org.id, "HOT", 1, STOCK_AT_START);
  const deep = await makeProducts(org.id, "DEEP", 1, null);
  const raw = await makeProducts(rawOrg.id, "RAW", WRITERS, null);
  const warehouseId = spread.warehouseId;
  const hotId = hot.ids[0]!;
  const deepId = deep.ids[0]!;
  log(`organization ${org.id}: ${WRITERS} + ${WRITERS} (warm-up) + 1 (hot) + 1 (history) products, ${STOCK_AT_START} units each to start; raw baseline in ${rawOrg.id}`);

  // Warm-up (not measured): opens the pool's connections, warms Node and Postgres caches.
  await closedLoop(WRITERS, WARM_UP_SECONDS, oneUnitMover(app, org.id, actor, warehouseId, (w) => warm.ids[w]!));
  const phases: { key: string; label: string; result: PhaseResult; load: string }[] = [];
  const phase = async (key: string, label: string, attempt: (writer: number) => Promise<"moved" | "refused">) => {
    log(`${key} ${label}: ${SECONDS} s`);
    const result = await closedLoop(WRITERS, SECONDS, attempt);
    phases.push({ key, label, result, load: loadAverage() });
    return result;
  };
  const rawResult = await phase("(c)", `raw INSERT into inventory_movements, ${WRITERS} writers`, rawInserter(app, rawOrg.id, actor, raw.warehouseId, (w) => raw.ids[w]!));
  const spreadResult = await phase("(a)", `services, ${WRITERS} writers on ${WRITERS} products`, oneUnitMover(app, org.id, actor, warehouseId, (w) => spread.ids[w]!));
  const hotTimer = new StatementTimer();
  const hotResult = await phase("(b)", `services, ${WRITERS} writers on ONE product`, oneUnitMover(app, org.id, actor, warehouseId, () => hotId, hotTimer));

  // (b) zero oversell: the ledger's invariants, the level, and the running balance in ledger order.
  const hotCheck = await withTenant(scopeOf(org.id), async (tx) => {
    const problems = await checkLedger(tx, hotId);
    const [row] = await tx.execute<{ on_hand: string; ledger: string; lowest: string; movements: number; revaluations: number }>(sql`
      select (select on_hand::text from inventory_levels where product_id = ${hotId}) as on_hand,
             sum(quantity)::text as ledger,
             min(running)::text as lowest,
             count(*) filter (where kind in ('receipt', 'shipment'))::int as movements,
             count(*) filter (where kind = 'revaluation')::int as revaluations
        from (select quantity, kind, sum(quantity) over (order by effective_at, seq) as running from inventory_movements where product_id = ${hotId}) m`);
    return { problems, ...row! };
  });
  const allProblems = await withTenant(scopeOf(org.id), (tx) => checkLedger(tx));
  const oversellFree = hotCheck.problems.length === 0 && Number(hotCheck.on_hand) >= 0 && Number(hotCheck.on_hand) === Number(hotCheck.ledger) && Number(hotCheck.lowest) >= 0;

  // (d) the history, then backdated beside ordinary receipts.
  const start = new Date(Date.now() - (HISTORY + 10) * MINUTE);
  log(`(d) building ${int(HISTORY)} movements after an opening receipt through receiveStock/shipStock, ${HISTORY_BATCH} per transaction`);
  const builtAt = performance.now();
  let lastReport = builtAt;
  const { receipts } = await buildHistory(app, org.id, actor, warehouseId, deepId, { later: HISTORY, shipmentsPerReceipt: SHIPMENTS_PER_RECEIPT, batch: HISTORY_BATCH, start }, (done) => {
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      log(`    ${int(done)} / ${int(HISTORY)} (${int(done / ((lastReport - builtAt) / 1000))} movements/s)`);
    }
  });
  const buildSeconds = (performance.now() - builtAt) / 1000;
  await adminDo(benchUrl, (admin) => admin`analyze inventory_movements, inventory_cost_segments, inventory_levels`.then(() => undefined));
  const before = await withTenant(scopeOf(org.id), async (tx) => {
    const problems = await checkLedger(tx, deepId);
    const [row] = await tx.execute<{ movements: number; segments: number }>(sql`
      select (select count(*)::int from inventory_movements where product_id = ${deepId}) as movements,
             (select count(*)::int from inventory_cost_segments where product_id = ${deepId}) as segments`);
    return { problems, ...row! };
  });
  if (before.problems.length) throw new Error(`the history's ledger is broken before the backdated receipt:\n${before.problems.join("\n")}`);

  const backdatedAt = new Date(start.getTime() + MINUTE / 2); // after the opening receipt, before every later movement
  const later = await withTenant(scopeOf(org.id), async (tx) => {
    const [row] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from inventory_movements where product_id = ${deepId} and effective_at > ${backdatedAt.toISOString()}`);
    return row!.n;
  });
  const backdated = { productId: deepId, warehouseId, quantity: "50", unitCost: "80", effectiveAt: backdatedAt };
  const ordinary = { productId: deepId, warehouseId, quantity: "50", unitCost: "80" };
  const times = { backdated: [] as number[], ordinary: [] as number[] };
  let touched = { revaluations: 0, corrections: 0, segmentsAfter: 0 };
  for (let run = 0; run < RUNS; run++) {
    times.ordinary.push(
      await rolledBack(app, scopeOf(org.id), async (tx) => {
        const t0 = performance.now();
        await receiveStock(tx, actor, ordinary);
        return performance.now() - t0;
      }),
    );
    times.backdated.push(
      await rolledBack(app, scopeOf(org.id), async (tx) => {
        const [segments] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from inventory_cost_segments where product_id = ${deepId} and starts_at > ${backdatedAt.toISOString()}`);
        const t0 = performance.now();
        const result = await receiveStock(tx, actor, backdated);
        const ms = performance.now() - t0;
        const adjustments = result.movements[0]!.adjustments;
        touched = { revaluations: adjustments.filter((a) => a.kind === "revaluation").length, corrections: adjustments.filter((a) => a.kind === "shortfall_correction").length, segmentsAfter: segments!.n };
        return ms;
      }),
    );
  }
  const profile = new StatementTimer();
  await rolledBack(app, scopeOf(org.id), (tx) => profile.time(tx, () => receiveStock(tx, actor, backdated)));
  const committedAt = performance.now();
  await withTenant(scopeOf(org.id), (tx) => receiveStock(tx, actor, backdated));
  const committedMs = performance.now() - committedAt;
  const after = await withTenant(scopeOf(org.id), (tx) => checkLedger(tx, deepId));

  // ---------------------------------------------------------------------------------------
  const out: string[] = [];
  out.push("", `=== bench:inventory (${new Date().toISOString()})`);
  out.push(`machine: ${machineSummary()}; load average ${loadAtStart} at start, ${loadAverage()} at the end (1/5/15 min)`);
  out.push(`postgres: ${pgInfo}`);
  out.push(`every movement: one withTenant transaction (app role, RLS) as the owner, through receiveStock/shipStock; ${WRITERS} writers, closed loop, ${SECONDS} s per phase after a ${WARM_UP_SECONDS} s warm-up`);
  out.push("");
  const rate = (r: PhaseResult) => r.moved / r.wallSeconds;
  const rows = [["", "movements/s", "attempts/s", "refused", "p50 ms", "p99 ms", "÷ raw", "load (1 min)"]];
  for (const { key, label, result, load } of [phases[1]!, phases[2]!, phases[0]!]) {
    rows.push([
      `${key} ${label}`,
      fmt(rate(result), 0),
      fmt((result.moved + result.refused) / result.wallSeconds, 0),
      int(result.refused),
      fmt(percentile(result.latencies, 50), 2),
      fmt(percentile(result.latencies, 99), 2),
      key === "(c)" ? "1" : fmt(rate(result) / rate(rawResult), 3),
      load.split(" ")[0]!,
    ]);
  }
  out.push(table(rows));
  out.push(
    `(b) check: checkLedger ${hotCheck.problems.length ? `FOUND ${hotCheck.problems.length} problems` : "[]"}; on hand ${Number(hotCheck.on_hand)} = ledger sum ${Number(hotCheck.ledger)}; lowest running balance in ledger order ${Number(hotCheck.lowest)}; ` +
      `${int(hotCheck.movements)} movements (${int(hotResult.moved)} in the phase + the opening receipt), ${hotCheck.revaluations} revaluation entries → ${oversellFree ? "zero oversell" : "OVERSOLD OR INCONSISTENT"}`,
  );
  out.push(`(b) time per statement, summed over the phase's ${int(hotTimer.calls)} attempts (${fmt(hotTimer.totalMs / hotTimer.calls, 2)} ms per attempt inside the service; the rest of the latency is BEGIN, scope and COMMIT):`);
  out.push(statementTable(hotTimer, (ms) => fmt(ms / hotTimer.calls, 2), "ms/attempt"));
  out.push(`(a) check: checkLedger over the whole organization: ${allProblems.length ? `FOUND ${allProblems.length} problems` : "[]"} (${int(spreadResult.refused)} of ${int(spreadResult.moved + spreadResult.refused)} attempts refused)`);
  out.push("");
  out.push(
    `(d) history: ${int(before.movements)} movements on one product (an opening receipt, then 1 receipt per ${SHIPMENTS_PER_RECEIPT} one-unit shipments, one minute apart: ${int(receipts)} receipts, ${int(before.segments)} cost segments), ` +
      `built through receiveStock/shipStock in ${fmt(buildSeconds, 0)} s (${int(HISTORY / buildSeconds)} movements/s, ${HISTORY_BATCH} per transaction); checkLedger before: []`,
  );
  out.push(
    table([
      ["", "median ms", "min", "max", "runs"],
      ["ordinary receipt (now, after all of it)", fmt(median(times.ordinary), 2), fmt(Math.min(...times.ordinary), 2), fmt(Math.max(...times.ordinary), 2), String(RUNS)],
      [`backdated receipt (${int(later)} later movements)`, fmt(median(times.backdated), 2), fmt(Math.min(...times.backdated), 2), fmt(Math.max(...times.backdated), 2), String(RUNS)],
    ]),
  );
  out.push(`ratio backdated / ordinary: ${fmt(median(times.backdated) / median(times.ordinary), 1)}× (the receiveStock call inside the transaction; each run rolled back)`);
  out.push(`the backdated receipt touched ${int(touched.segmentsAfter + 2)} cost segments (the one it falls in, split; a new one; ${int(touched.segmentsAfter)} later ones replayed) and wrote ${int(touched.revaluations)} revaluation entries (+ ${touched.corrections} shortfall corrections)`);
  out.push(`committed once (BEGIN…COMMIT): ${fmt(committedMs, 1)} ms; checkLedger after: ${after.length ? `FOUND ${after.length} problems` : "[]"}`);
  out.push(`time per statement of one backdated receipt (${fmt(profile.totalMs, 1)} ms in all):`);
  out.push(statementTable(profile, (ms) => fmt(ms, 1), "ms"));
  out.push("");
  const hotRate = rate(hotResult);
  out.push(`goals: hot product ≥ ${GOALS.hotPerSecond} movements/s with zero oversell: ${hotRate >= GOALS.hotPerSecond && oversellFree ? "met" : "MISSED"} (${fmt(hotRate, 0)}/s)`);
  out.push(`       backdated receipt < ${GOALS.backdatedMs} ms at ${int(later)} later movements: ${median(times.backdated) < GOALS.backdatedMs ? "met" : "MISSED"} (${fmt(median(times.backdated), 1)} ms)`);
  console.log(out.join("\n"));

  const broken = [...(oversellFree ? [] : ["(b) oversold or inconsistent"]), ...allProblems, ...after.map((p) => `after the backdated receipt: ${p}`)];
  if (broken.length) throw new Error(`ledger invariants broken:\n${broken.join("\n")}`);
}

await runBench(main);
