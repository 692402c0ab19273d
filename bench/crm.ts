/**
 * `npm run bench:crm`: CRM lists and global search at scale, the app beside its own SQL.
 *
 * Builds (or reuses) a dedicated database, by default 20 tenants × 100,000 contacts,
 * 10,000 companies and 20,000 deals each (bench/lib/crm-data.ts), then for a sample of
 * tenants, each request made as a member of that tenant, times
 *   (1) the contact list's first page (50 rows, by updated desc),
 *   (2) a filtered list (lifecycle customer + an owner + a tag, by name),
 *   (3) a page deep in the list through its cursor (by updated; 3b by name),
 *   (4) global search with what people type (name starts, email pieces, companies),
 * (a) through tRPC over HTTP against `next start` (production build) and (b) as the same
 * SQL (captured from the services) run directly with postgres.js in the same RLS
 * transaction. Prints p50/p99 side by side (medians over repeats), the ratios, the
 * goals, the machine's load and EXPLAIN (ANALYZE, BUFFERS) of each query. A measurement:
 * it exits 0 when goals are missed, non-zero only on errors.
 *
 * Flags: --tenants 20 --contacts 100000 --deals 20000 [--companies contacts/10] [--members 20]
 *        --sample 6 (tenants measured) --requests 300 (per scenario, path and repeat)
 *        --seconds 20 (time limit of one such loop: fewer requests when the query is slow)
 *        --repeats 3 --concurrency 1 --port 3301 --plans (full plan text at any scale)
 *        --rebuild (regenerate even if the database holds this scale) --db neuroops_bench_crm
 *        --data-only (build or check the database, measure nothing)
 * Env:   BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres).
 * Quick: npm run bench:crm -- --tenants 2 --contacts 10000 --deals 2000 --requests 100
 */
import crypto from "node:crypto";
import http from "node:http";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { cleanUp, log, machineSummary, onCleanup, positiveInt, redact, withDatabase } from "./lib/common";
import { ensureBuild, signIn, startNext } from "./lib/crm-app";
import { BENCH_PASSWORD, ensureCrmData, type BenchTenant } from "./lib/crm-data";
import {
  addCpu,
  cpuSnapshot,
  directRunner,
  emptyCpu,
  httpGet,
  itemsOfTrpc,
  loadAverage,
  median,
  percentile,
  runLoop,
  trpcRunner,
  trpcUrl,
  type CpuWindow,
  type Path,
  type Runner,
  type Sample,
} from "./lib/crm-measure";
import { explain, leadingColumns, type PlanSummary } from "./lib/crm-plans";
import { SCENARIOS, SCOPE_SQL, benchMember, captureStatements, draftRequests, type Request, type ScenarioKey } from "./lib/crm-workload";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
process.chdir(ROOT); // migrations and `next start` resolve paths from the working directory

const { values: flags } = parseArgs({
  options: {
    tenants: { type: "string" },
    contacts: { type: "string" },
    deals: { type: "string" },
    companies: { type: "string" },
    members: { type: "string" },
    sample: { type: "string" },
    requests: { type: "string" },
    seconds: { type: "string" },
    repeats: { type: "string" },
    concurrency: { type: "string" },
    port: { type: "string" },
    db: { type: "string" },
    plans: { type: "boolean", default: false },
    rebuild: { type: "boolean", default: false },
    "data-only": { type: "boolean", default: false },
  },
  strict: true,
});

const ADMIN_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = flags.db ?? "neuroops_bench_crm";
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(DB_NAME)) throw new Error(`--db must be a plain lower-case identifier, got "${DB_NAME}"`);
const contacts = positiveInt(flags.contacts, 100_000, "--contacts");
const SCALE = {
  tenants: positiveInt(flags.tenants, 20, "--tenants"),
  contacts,
  deals: positiveInt(flags.deals, 20_000, "--deals"),
  companies: positiveInt(flags.companies, Math.max(1, Math.round(contacts / 10)), "--companies"),
  members: Math.max(3, positiveInt(flags.members, 20, "--members")),
};
const SAMPLE = Math.min(SCALE.tenants, positiveInt(flags.sample, 6, "--sample"));
const REQUESTS = positiveInt(flags.requests, 300, "--requests");
const SECONDS = positiveInt(flags.seconds, 20, "--seconds");
const REPEATS = positiveInt(flags.repeats, 3, "--repeats");
const CROSS_CHECK_PER_SCENARIO = 40;
const CONCURRENCY = positiveInt(flags.concurrency, 1, "--concurrency");
const PORT = positiveInt(flags.port, 3301, "--port");
const FULL_SCALE = SCALE.tenants * SCALE.contacts >= 2_000_000;
const PRINT_PLANS = flags.plans || FULL_SCALE;
const PER_TENANT = 30; // distinct requests per scenario and tenant
const APP_ROLE = "neuroops_app";
const NEXTAUTH_SECRET = crypto.randomBytes(30).toString("base64url");
const GOALS = { searchP50Ms: 30, listP99Ms: 60, ratio: 1.5 };

if (SAMPLE > 10) throw new Error("--sample is at most 10: sign-in allows 10 attempts per minute from one address");
if (SCALE.tenants > 99) throw new Error("--tenants is at most 99");

type Figures = { p50: number[]; p99: number[]; mean: number[]; samples: Sample[]; cpu: CpuWindow };
type Row = { scenario: (typeof SCENARIOS)[number]; trpc: Figures; direct: Figures };

function spreadSample(tenants: BenchTenant[], count: number): BenchTenant[] {
  if (tenants.length < SCALE.tenants) throw new Error(`the database holds ${tenants.length} bench tenants, expected ${SCALE.tenants}; run with --rebuild`);
  return Array.from({ length: count }, (_, i) => tenants[Math.floor((i * tenants.length) / count)]!);
}

/** Runs every request once on both paths; the rows must be the same. */
async function crossCheck(requests: Request[], agent: http.Agent, cookies: Map<string, string>, direct: postgres.Sql): Promise<string[]> {
  const problems: string[] = [];
  for (const request of requests) {
    const { status, body } = await httpGet(agent, PORT, trpcUrl(request), { cookie: cookies.get(request.member.id)!, "x-tenant-id": request.tenant.id });
    const items = status === 200 ? itemsOfTrpc(body) : null;
    if (!items) throw new Error(`${request.procedure} ${JSON.stringify(request.input)} answered ${status}: ${body.slice(0, 3000)}`);
    const rows = await direct.begin(async (tx) => {
      await tx.unsafe(SCOPE_SQL, [APP_ROLE, request.tenant.id, request.member.id, request.member.role]);
      // A list's last statement returns its page; a search sends one statement per searcher, whose hits together are the candidates.
      let found: { id: string }[] = [];
      for (const s of request.statements) {
        const rows = await tx.unsafe<{ id: string }[]>(s.text, s.params as postgres.ParameterOrJSON<never>[]);
        found = request.scenario === "search" ? [...found, ...rows] : rows;
      }
      return found;
    });
    const a = items.map((i) => i.id);
    const b = (request.scenario === "search" ? rows : rows.slice(0, a.length || rows.length)).map((r) => r.id);
    const same = request.scenario === "search" ? a.length === Math.min(b.length, Number(request.input.limit ?? 20)) && a.every((id) => b.includes(id)) : a.join() === b.join();
    if (!same) problems.push(`${request.scenario} ${request.note}: tRPC ${a.length} rows, direct ${b.length} rows, different ids`);
    if (request.scenario !== "search" && request.scenario !== "filtered" && a.length !== 50) {
      problems.push(`${request.scenario} ${request.note}: ${a.length} rows, expected a full page of 50`);
    }
  }
  return problems;
}

async function main(): Promise<void> {
  const started = performance.now();
  const machine = [`machine: ${machineSummary()}`, `load average at start: ${loadAverage()} (1/5/15 min)`];
  log(`admin ${redact(ADMIN_URL)}, database ${DB_NAME}, scale ${JSON.stringify(SCALE)}, sample ${SAMPLE} tenants`);
  const benchUrl = withDatabase(ADMIN_URL, DB_NAME);
  // App code reads its configuration once, from process.env: set it before importing any.
  process.env.DATABASE_URL = benchUrl;
  process.env.DATABASE_POOL_MAX = "10";
  process.env.NEXTAUTH_SECRET = NEXTAUTH_SECRET;
  process.env.NEXTAUTH_URL = `http://localhost:${PORT}`;
  process.env.LOG_LEVEL = "warn";
  const { reloadEnv } = await import("../src/server/platform/env");
  reloadEnv();
  const { migrateDatabase, MIGRATIONS_FOLDER } = await import("../src/server/db/migrate");
  const { hashPassword } = await import("../src/server/modules/accounts/passwords");
  const { createRuntimeSql } = await import("../src/server/db/client");

  const data = await ensureCrmData(ADMIN_URL, DB_NAME, SCALE, {
    rebuild: flags.rebuild,
    migrationsFolder: MIGRATIONS_FOLDER,
    migrate: migrateDatabase,
    hashPassword,
  });
  log(`data ${data.reused ? "reused" : "generated"} in ${data.seconds.toFixed(0)} s`);
  if (flags["data-only"]) return;
  const buildId = await ensureBuild(ROOT);
  log(`production build ${buildId} in ${ROOT}`);
  const sample = spreadSample(data.tenants, SAMPLE);

  const drafts = await draftRequests(data.url, sample, PER_TENANT);
  const requests = await captureStatements(data.url, drafts);
  log(`${requests.length} distinct requests over ${SCENARIOS.length} scenarios, SQL captured from the services`);
  const pools = new Map<ScenarioKey, Request[]>(SCENARIOS.map((s) => [s.key, interleave(requests.filter((r) => r.scenario === s.key))]));

  const next = await startNext(ROOT, PORT, {
    DATABASE_URL: benchUrl,
    DATABASE_POOL_MAX: "10",
    NEXTAUTH_SECRET,
    NEXTAUTH_URL: `http://localhost:${PORT}`,
    LOG_LEVEL: "warn",
    API_RATE_LIMIT_MULTIPLIER: "1000", // one tenant under load: the API limit on, far above the load
  });
  onCleanup("stop next", () => next.stop());
  log(`next start ready on :${PORT} (pid ${next.child.pid})`);
  const cookies = new Map<string, string>();
  for (const tenant of sample) {
    const member = benchMember(tenant);
    cookies.set(member.id, await signIn(`http://localhost:${PORT}`, member.email, BENCH_PASSWORD));
  }
  log(`signed in ${cookies.size} members (role member, one per sampled tenant)`);

  const direct = createRuntimeSql(data.url, CONCURRENCY); // the app's own client options (app role, prepare off)
  onCleanup("close direct pool", () => direct.end({ timeout: 5 }));
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  onCleanup("close http agent", () => agent.destroy());
  const runners: Record<Path, Runner> = { trpc: trpcRunner(agent, PORT, cookies), direct: directRunner(direct, APP_ROLE) };

  // Also the warm-up: these requests run once on both paths before the clock starts.
  const checked = [...pools.values()].flatMap((pool) => pool.slice(0, CROSS_CHECK_PER_SCENARIO));
  const problems = await crossCheck(checked, agent, cookies, direct);
  log(`cross-check and warm-up: ${checked.length} requests on both paths, ${problems.length} differences`);

  machine.push(`load average before measuring: ${loadAverage()}`);
  const rows: Row[] = SCENARIOS.map((scenario) => ({ scenario, trpc: emptyFigures(), direct: emptyFigures() }));
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    const order: Path[] = repeat % 2 === 0 ? ["trpc", "direct"] : ["direct", "trpc"];
    for (const row of rows) {
      const pool = pools.get(row.scenario.key)!;
      for (const path of order) {
        const before = cpuSnapshot();
        const t0 = performance.now();
        const samples = await runLoop(runners[path], pool, REQUESTS, CONCURRENCY, repeat * 7, SECONDS);
        addCpu(row[path].cpu, before, cpuSnapshot(), (performance.now() - t0) / 1000, next.child.pid);
        const ms = samples.map((s) => s.ms);
        row[path].p50.push(percentile(ms, 50));
        row[path].p99.push(percentile(ms, 99));
        row[path].mean.push(ms.reduce((a, b) => a + b, 0) / ms.length);
        row[path].samples.push(...samples);
      }
      log(`repeat ${repeat + 1}/${REPEATS} ${row.scenario.label}: tRPC p50 ${fmt(row.trpc.p50.at(-1)!)} p99 ${fmt(row.trpc.p99.at(-1)!)}, direct p50 ${fmt(row.direct.p50.at(-1)!)} p99 ${fmt(row.direct.p99.at(-1)!)} ms`);
    }
  }
  machine.push(`load average after measuring: ${loadAverage()}`);
  const serverLog = [...next.logLines];

  log("EXPLAIN (ANALYZE, BUFFERS) of each scenario's query");
  const leading = await leadingColumns(direct);
  const plans: { label: string; note: string; plan: PlanSummary }[] = [];
  for (const scenario of SCENARIOS) {
    const pool = pools.get(scenario.key)!;
    const picks = scenario.key === "search" ? pickSearchPlans(pool) : [pool[0]!];
    for (const request of picks) {
      await explain(direct, APP_ROLE, request, leading); // the second run shows the warm cache the loop saw
      plans.push({ label: scenario.label, note: request.note, plan: await explain(direct, APP_ROLE, request, leading) });
    }
  }

  const [pg] = await direct<{ version: string }[]>`select version()`;
  machine.push(`node ${process.version}, ${pg?.version.split(" on ")[0] ?? "PostgreSQL ?"}; build ${buildId}`);
  report({ machine, data, rows, plans, problems, serverLog, minutes: (performance.now() - started) / 60_000 });
}

function emptyFigures(): Figures {
  return { p50: [], p99: [], mean: [], samples: [], cpu: emptyCpu() };
}

/** Alternates tenants within a pool, so consecutive requests go to different tenants. */
function interleave(list: Request[]): Request[] {
  const byTenant = new Map<string, Request[]>();
  for (const r of list) byTenant.set(r.tenant.id, [...(byTenant.get(r.tenant.id) ?? []), r]);
  const queues = [...byTenant.values()];
  const out: Request[] = [];
  for (let i = 0; out.length < list.length; i++) for (const q of queues) if (q[i]) out.push(q[i]!);
  return out;
}

/** A short name prefix and an email piece: the two ends of the search workload. */
function pickSearchPlans(pool: Request[]): Request[] {
  const short = pool.find((r) => r.note.includes("first name, 2–3"));
  const email = pool.find((r) => r.note.includes("email"));
  const company = pool.find((r) => r.note.includes("company name, two"));
  return [short, email, company].filter((r): r is Request => !!r);
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "–");

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(" │ ");
  return [line(rows[0]!), widths.map((w) => "─".repeat(w)).join("─┼─"), ...rows.slice(1).map(line)];
}

function report(input: {
  machine: string[];
  data: Awaited<ReturnType<typeof ensureCrmData>>;
  rows: Row[];
  plans: { label: string; note: string; plan: PlanSummary }[];
  problems: string[];
  serverLog: string[];
  minutes: number;
}): void {
  const { machine, data, rows, plans, problems, serverLog } = input;
  const out: string[] = [];
  out.push("");
  out.push(
    `=== bench:crm — ${SCALE.tenants} tenants × ${SCALE.contacts.toLocaleString("en-US")} contacts, ${SCALE.companies.toLocaleString("en-US")} companies, ` +
      `${SCALE.deals.toLocaleString("en-US")} deals (measured on ${SAMPLE} tenants, each as one of its members) ===`,
  );
  if (!FULL_SCALE) out.push("NOTE: below the issue's scale (20 × 100,000); figures are not the benchmark's verdict.");
  out.push(...machine);
  out.push(
    `data: ${data.reused ? "reused" : "generated"} (${data.seconds.toFixed(0)} s); ` +
      data.sizes.map((s) => `${s.table} ${Math.round(s.rows).toLocaleString("en-US")} rows ${(s.bytes / 2 ** 20).toFixed(0)} MiB`).join(", "),
  );
  out.push(
    `loop: ${CONCURRENCY} client(s), ${REQUESTS} requests (at most ${SECONDS} s) per scenario and path in each of ${REPEATS} repeats (order a/b alternating), ` +
      `${PER_TENANT} distinct requests per tenant; figures are medians of the repeats' percentiles`,
  );
  out.push("(a) tRPC: GET /api/trpc/<procedure> on next start, keep-alive; (b) direct: the captured SQL via postgres.js, same RLS transaction, no HTTP");
  out.push("");
  const header = ["scenario", "(a) p50", "(b) p50", "a/b", "(a) p99", "(b) p99", "a/b", "(a) p99 range", "(a) mean", "n (a/b)"];
  const body = rows.map((r) => {
    const a50 = median(r.trpc.p50);
    const b50 = median(r.direct.p50);
    const a99 = median(r.trpc.p99);
    const b99 = median(r.direct.p99);
    return [
      r.scenario.label,
      fmt(a50),
      fmt(b50),
      fmt(a50 / b50, 2),
      fmt(a99),
      fmt(b99),
      fmt(a99 / b99, 2),
      `${fmt(Math.min(...r.trpc.p99))}–${fmt(Math.max(...r.trpc.p99))}`,
      fmt(median(r.trpc.mean)),
      `${r.trpc.samples.length}/${r.direct.samples.length}`,
    ];
  });
  out.push(...table([header, ...body]).map((l) => `  ${l}`));
  out.push("  (milliseconds; n = requests timed over all repeats)");
  out.push("");

  const total = (path: Path) => {
    const sum = emptyCpu();
    for (const r of rows) {
      const c = r[path].cpu;
      sum.wall += c.wall;
      sum.next += c.next;
      sum.postgres += c.postgres;
      sum.self += c.self;
      sum.other += c.other;
      for (const [name, s] of c.topOther) sum.topOther.set(name, (sum.topOther.get(name) ?? 0) + s);
    }
    return sum;
  };
  const cores = os.availableParallelism();
  for (const path of ["trpc", "direct"] as const) {
    const c = total(path);
    const top = [...c.topOther].sort((x, y) => y[1] - x[1]).slice(0, 4).map(([name, s]) => `${name} ${s.toFixed(1)}`).join(", ");
    out.push(
      `CPU while measuring ${path === "trpc" ? "(a)" : "(b)"}: ${c.wall.toFixed(0)} s wall × ${cores} cores; next ${c.next.toFixed(1)} s, postgres ${c.postgres.toFixed(1)} s, ` +
        `this process ${c.self.toFixed(1)} s, other processes ${c.other.toFixed(1)} s (${fmt((100 * c.other) / (c.wall * cores), 0)}% of the machine${top ? `; busiest: ${top}` : ""})`,
    );
  }
  out.push("");

  out.push("slowest (a) requests per scenario (all repeats):");
  for (const r of rows) {
    const slow = [...r.trpc.samples].sort((x, y) => y.ms - x.ms).slice(0, 3);
    out.push(`  ${r.scenario.label}: ${slow.map((s) => `${fmt(s.ms)} ms ${s.request.note}`).join("; ")}`);
  }
  out.push("");

  out.push("goals (on (a), the tRPC endpoint):");
  const verdicts: boolean[] = [];
  const goal = (text: string, ok: boolean) => {
    verdicts.push(ok);
    out.push(`  ${text.padEnd(58)} ${ok ? "MET" : "MISSED"}`);
  };
  for (const r of rows) {
    const a50 = median(r.trpc.p50);
    const a99 = median(r.trpc.p99);
    if (r.scenario.kind === "search") goal(`${r.scenario.label}: p50 ${fmt(a50)} ms < ${GOALS.searchP50Ms} ms`, a50 < GOALS.searchP50Ms);
    else goal(`${r.scenario.label}: p99 ${fmt(a99)} ms < ${GOALS.listP99Ms} ms`, a99 < GOALS.listP99Ms);
    const ratio50 = a50 / median(r.direct.p50);
    const ratio99 = a99 / median(r.direct.p99);
    goal(`${r.scenario.label}: p50 ${fmt(ratio50, 2)}× / p99 ${fmt(ratio99, 2)}× direct ≤ ${GOALS.ratio}×`, ratio50 <= GOALS.ratio && ratio99 <= GOALS.ratio);
  }
  out.push(`  overall: ${verdicts.every(Boolean) ? "all goals met" : `${verdicts.filter((v) => !v).length} of ${verdicts.length} missed`}`);
  out.push("");
  if (problems.length) {
    out.push(`cross-check differences (${problems.length}):`);
    for (const p of problems.slice(0, 10)) out.push(`  - ${p}`);
    out.push("");
  } else out.push("cross-check: every request returned the same rows on both paths");

  out.push("");
  out.push("query plans (EXPLAIN ANALYZE BUFFERS, as the member, second run):");
  const planRows = [["query", "exec ms", "plan ms", "JIT ms", "indexes", "seq scans", "max rows removed", "buffers hit/read"]];
  for (const { label, note, plan } of plans) {
    planRows.push([
      `${label}${label.includes("search") ? ` ${note}` : ""}`.slice(0, 80),
      fmt(plan.executionMs, 2),
      fmt(plan.planningMs, 2),
      Number.isNaN(plan.jitMs) ? "–" : fmt(plan.jitMs, 0),
      plan.indexes.join(", ") || "none",
      plan.seqScans.join(", ") || "none",
      plan.maxRowsRemoved.toLocaleString("en-US"),
      `${plan.sharedHit}/${plan.sharedRead}`,
    ]);
  }
  out.push(...table(planRows).map((l) => `  ${l}`));
  const badIndex = plans.flatMap((p) => p.plan.notTenantLeading.map((name) => `${p.label}: ${name}`));
  const crmSeq = plans.flatMap((p) => p.plan.seqScans.filter((t) => t.startsWith("crm_")).map((t) => `${p.label}: ${t}`));
  out.push(`  tenant-leading indexes: ${badIndex.length ? `NOT for ${badIndex.join("; ")}` : "every index used starts with tenant_id"}`);
  out.push(`  sequential scans of CRM tables: ${crmSeq.length ? crmSeq.join("; ") : "none"}`);
  const tenantOnly = plans.flatMap((p) => p.plan.tenantOnly.map((name) => `${p.label}${p.label.includes("search") ? ` ${p.note}` : ""}: ${name}`));
  out.push(
    `  indexes used only to find the tenant's rows (all of them then read): ${tenantOnly.length ? `\n    ${[...new Set(tenantOnly)].join("\n    ")}` : "none"}`,
  );
  if (PRINT_PLANS) {
    for (const { label, note, plan } of plans) {
      out.push("");
      out.push(`--- ${label} — ${note}`);
      for (const line of plan.lines) out.push(`    ${line}`);
    }
  } else out.push("  (full plans: --plans; printed by default at full scale)");
  out.push("");
  if (serverLog.length) {
    out.push(`next server log (LOG_LEVEL=warn), last ${Math.min(20, serverLog.length)} of ${serverLog.length} lines:`);
    for (const entry of serverLog.slice(-20)) out.push(`  | ${entry.slice(0, 300)}`);
  } else out.push("next server log (LOG_LEVEL=warn): empty");
  out.push(`total time ${input.minutes.toFixed(1)} min`);
  console.log(out.join("\n"));
}

let exitCode = 0;
let interrupted = false;
process.once("SIGINT", () => {
  interrupted = true;
  console.error("\n[bench] interrupted; cleaning up");
  void cleanUp().finally(() => process.exit(130));
});

try {
  await main();
} catch (error) {
  exitCode = 1;
  console.error("[bench] FAILED:", error instanceof Error ? (error.stack ?? error.message) : error);
} finally {
  if (!interrupted) {
    await cleanUp();
    process.exit(exitCode);
  }
}
