/**
 * `npm run bench:accounting`: the accounting reports through tRPC on `next start` beside
 * one raw SQL aggregate over the journal lines, and the posting throughput of the services
 * beside plain inserts of the same rows.
 *
 * On the machine's Postgres, in a fresh database (neuroops_bench_accounting, migrated like
 * the app's), one organization made through the app's services (its standard chart) and
 * accounts added up to BENCH_ACCOUNTS, of all five types. Then:
 *   (1) the journal: BENCH_LINES posted lines, 4 per entry, dated over 2023–2025, 90 % USD
 *       and 10 % EUR entries. Built in transactions of BENCH_BATCH entries, each opened by
 *       the app's `withTenant` (app role, tenant RLS, the owner): the drafts and their lines
 *       are INSERTed by one statement, then posted by the statement postDraft runs
 *       (`update accounting_entries set status = 'posted'`), so every entry goes through the
 *       database's posting trigger (number, hash chain, period balances) and the deferred
 *       balance check at commit. The services' per-entry round trips (insertDraft/postDraft,
 *       ~7 statements an entry) are left out of the build only; they are measured in (3).
 *   (2) the reports, as GETs of /api/trpc/accounting.reports.* on `next start` (keep-alive,
 *       the owner's session cookie, x-tenant-id), each beside ONE raw SQL aggregate over
 *       accounting_lines ⨝ accounting_entries (no period balances) run with postgres.js in
 *       the same RLS transaction tenantProcedure opens: trial balance (all of it), the
 *       profit and loss of the last year as 12 monthly calls (their times summed, beside one
 *       raw aggregate grouped by month), as one call with month columns (beside the same
 *       aggregate by month) and as one range call, the balance sheet as of the
 *       last day, and one account's general ledger, first page (100 lines). One warm-up
 *       round, then BENCH_REPEATS rounds, the two paths taken in turns; p50 and the ratio
 *       tRPC ÷ raw. The figures of both paths are cross-checked, exactly: any difference
 *       fails the benchmark. When a goal is missed, the slowest report's statements (as its
 *       service sends them) are shown with EXPLAIN (ANALYZE, BUFFERS).
 *   (3) posting: BENCH_WRITERS concurrent writers for BENCH_SECONDS, each entry (4 lines) one
 *       `withTenant` transaction of createDraft + postEntry, beside plain INSERTs of the same
 *       rows (the entry and its 4 lines as a draft, no posting), same writers; entries/s and
 *       the ratio. Then the numbering is checked gapless.
 * A measurement: the figures are printed, never asserted; it exits non-zero only on errors
 * and failed cross-checks.
 *
 * Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
 *      BENCH_DB (default neuroops_bench_accounting), BENCH_LINES (1000000), BENCH_ACCOUNTS
 *      (500), BENCH_BATCH (2500 entries per transaction while building), BENCH_REPEATS (7),
 *      BENCH_WRITERS (8), BENCH_SECONDS (10), BENCH_PORT (3217), BENCH_VERIFY (1 below
 *      50000 entries: run the hash-chain check after the build), BENCH_KEEP_DB=1,
 *      BENCH_REUSE_DB=1 (measure again on the database a run kept with BENCH_KEEP_DB=1: no
 *      build, its journal as it is — (1)'s lines plus the entries earlier runs' (3) posted).
 * Smoke size (CI): BENCH_LINES=20000 BENCH_REPEATS=2 BENCH_SECONDS=2.
 */
import crypto from "node:crypto";
import http from "node:http";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { fmt, int, log, loadAverage, machineSummary, onCleanup, positiveInt, redact, runBench, table, withDatabase } from "./lib/common";
import { ensureBuild, signIn, startNext } from "./lib/crm-app";
import { httpGet } from "./lib/crm-measure";
import { SCOPE_SQL } from "./lib/crm-workload";
import { closedLoop, median, percentile, type PhaseResult } from "./lib/inventory-workload";
import { BalanceSheet, IncomeColumns, IncomeStatement, Ledger, RawLedgerLine, RawTotal, TrialBalance, checkBalanceSheet, checkIncomeColumns, checkIncomeStatement, checkLedger, checkTrialBalance } from "./lib/accounting-checks";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
process.chdir(ROOT); // migrations resolve drizzle/ from the working directory

const ADMIN_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = process.env.BENCH_DB || "neuroops_bench_accounting";
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(DB_NAME)) throw new Error(`BENCH_DB must be a plain lower-case identifier, got "${DB_NAME}"`);
const LINES = positiveInt(process.env.BENCH_LINES, 1_000_000, "BENCH_LINES");
const ACCOUNTS = positiveInt(process.env.BENCH_ACCOUNTS, 500, "BENCH_ACCOUNTS");
const BATCH = positiveInt(process.env.BENCH_BATCH, 2_500, "BENCH_BATCH");
const REPEATS = positiveInt(process.env.BENCH_REPEATS, 7, "BENCH_REPEATS");
const WRITERS = positiveInt(process.env.BENCH_WRITERS, 8, "BENCH_WRITERS");
const SECONDS = positiveInt(process.env.BENCH_SECONDS, 10, "BENCH_SECONDS");
const PORT = positiveInt(process.env.BENCH_PORT, 3217, "BENCH_PORT");
const REUSE_DB = process.env.BENCH_REUSE_DB === "1";
const KEEP_DB = process.env.BENCH_KEEP_DB === "1" || REUSE_DB;
const LINES_PER_ENTRY = 4;
const ENTRIES = Math.ceil(LINES / LINES_PER_ENTRY);
const VERIFY = process.env.BENCH_VERIFY ? process.env.BENCH_VERIFY === "1" : ENTRIES < 50_000;
const FIRST_DAY = "2023-01-01";
const DAYS = 1096; // 2023-01-01 … 2025-12-31
const LAST_DAY = "2025-12-31";
const YEAR = 2025;
const LEDGER_PAGE = 100;
const GOALS = { ms: 1000, ratio: 1.3 };
const NEXTAUTH_SECRET = crypto.randomBytes(30).toString("base64url");
const PASSWORD = "bench-password-0123";


async function adminDo(url: string, fn: (sql: postgres.Sql) => Promise<void>) {
  const sql = postgres(url, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  try {
    await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

// ── raw SQL: one aggregate per report over the lines and their entries ─────────────────

// Each aggregates lines ⨝ entries per account and currency first, then names the accounts (the
// app's join style: the tenant comes from RLS on each table). Joining the accounts before the
// aggregate let the planner, misled by the RLS tenant filter's estimate, pick a nested loop of
// 200 accounts × 340,000 lines (22 s for the year's P&L at 1M lines).
const aggregate = (where: string, month = false) => `
    select ${month ? "t.month, " : ""}t.account_id::text, a.type::text, t.currency, t.debit::text, t.credit::text from (
      select ${month ? "to_char(e.date, 'YYYY-MM') as month, " : ""}l.account_id, l.currency, sum(l.debit) as debit, sum(l.credit) as credit
        from accounting_lines l join accounting_entries e on e.id = l.entry_id
       where e.status = 'posted' ${where}
       group by ${month ? "1, " : ""}l.account_id, l.currency) t
      join accounting_accounts a on a.id = t.account_id`;
const RAW = {
  trialBalance: aggregate(""),
  incomeByMonth: `${aggregate("and e.source <> 'closing' and e.date between $1::date and $2::date", true)} where a.type in ('income', 'expense')`,
  incomeRange: `${aggregate("and e.source <> 'closing' and e.date between $1::date and $2::date")} where a.type in ('income', 'expense')`,
  balanceSheet: aggregate("and e.date <= $1::date"),
  ledger: `
    select e.date::text, e.number::int, l.line_no, l.currency, l.debit::text, l.credit::text,
           (sum(l.debit - l.credit) over (partition by l.currency order by e.date, e.number, l.line_no))::text as balance
      from accounting_lines l join accounting_entries e on e.id = l.entry_id
     where l.account_id = $1::uuid and e.status = 'posted'
     order by e.date, e.number, l.line_no
     limit ${LEDGER_PAGE}`,
};

const months = Array.from({ length: 12 }, (_, m) => {
  const from = `${YEAR}-${String(m + 1).padStart(2, "0")}-01`;
  const last = new Date(Date.UTC(YEAR, m + 1, 0)).getUTCDate();
  return { key: from.slice(0, 7), from, to: `${from.slice(0, 8)}${String(last).padStart(2, "0")}` };
});

type ReportKey = "trialBalance" | "plMonthly" | "plColumns" | "plYear" | "balanceSheet" | "ledger";
const REPORTS: { key: ReportKey; label: string; trpc: string; raw: string }[] = [
  { key: "trialBalance", label: "trial balance, all dates", trpc: "1 call", raw: "1 aggregate" },
  { key: "plMonthly", label: `P&L ${YEAR}, 12 monthly calls (summed)`, trpc: "12 calls", raw: "1 aggregate by month" },
  { key: "plColumns", label: `P&L ${YEAR} by month, one call (columns: month)`, trpc: "1 call", raw: "1 aggregate by month" },
  { key: "plYear", label: `P&L ${YEAR}, one range call`, trpc: "1 call", raw: "1 aggregate" },
  { key: "balanceSheet", label: `balance sheet as of ${LAST_DAY}`, trpc: "1 call", raw: "1 aggregate" },
  { key: "ledger", label: `general ledger, first ${LEDGER_PAGE} lines`, trpc: "1 call", raw: "1 query (window)" },
];

async function main(): Promise<void> {
  const started = performance.now();
  const machine = [`machine: ${machineSummary()}`, `load average at start: ${loadAverage()} (1/5/15 min)`];
  const benchUrl = withDatabase(ADMIN_URL, DB_NAME);
  log(`admin ${redact(ADMIN_URL)}, database ${DB_NAME}, ${int(LINES)} lines (${int(ENTRIES)} entries of ${LINES_PER_ENTRY}), ${ACCOUNTS} accounts, ${REPEATS} repeats, ${WRITERS} writers × ${SECONDS} s`);
  let pgInfo = "";
  await adminDo(ADMIN_URL, async (sql) => {
    const [row] = await sql<{ version: string }[]>`select version()`;
    const settings = await sql<{ name: string; setting: string; unit: string | null }[]>`
      select name, setting, unit from pg_settings where name in ('synchronous_commit', 'fsync', 'shared_buffers', 'work_mem', 'jit') order by name`;
    pgInfo = `${(row?.version ?? "").split(" on ")[0]}; ${settings.map((s) => `${s.name}=${s.setting}${s.unit ? ` ${s.unit}` : ""}`).join(", ")}`;
    if (REUSE_DB) {
      const [kept] = await sql<{ n: number }[]>`select count(*)::int as n from pg_database where datname = ${DB_NAME}`;
      if (!kept?.n) throw new Error(`BENCH_REUSE_DB=1: no database ${DB_NAME} (keep one with BENCH_KEEP_DB=1)`);
      return;
    }
    await sql.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await sql.unsafe(`create database ${DB_NAME}`);
  });
  onCleanup(KEEP_DB ? "keep database" : "drop database", () =>
    KEEP_DB ? log(`BENCH_KEEP_DB=1: kept ${redact(benchUrl)}`) : adminDo(ADMIN_URL, (sql) => sql.unsafe(`drop database if exists ${DB_NAME} with (force)`).then(() => undefined)),
  );

  // App code reads its configuration once, from process.env: set it before importing any.
  process.env.DATABASE_URL = benchUrl;
  process.env.DATABASE_POOL_MAX = String(WRITERS + 2);
  process.env.NEXTAUTH_SECRET = NEXTAUTH_SECRET;
  process.env.NEXTAUTH_URL = `http://localhost:${PORT}`;
  process.env.LOG_LEVEL = "warn";
  const { reloadEnv } = await import("../src/server/platform/env");
  reloadEnv();
  const { migrateDatabase } = await import("../src/server/db/migrate");
  await migrateDatabase(benchUrl);
  const { runtimeDb, closeRuntimeDb, createRuntimeSql } = await import("../src/server/db/client");
  onCleanup("close runtime pool", () => closeRuntimeDb());
  const { APP_ROLE } = await import("../src/server/db/roles");
  const { withTenant } = await import("../src/server/db/tenant");
  const { registerUser } = await import("../src/server/modules/accounts/service");
  const { createOrganization } = await import("../src/server/modules/orgs/service");
  const { createDraft, postEntry } = await import("../src/server/modules/accounting/entries");
  const reports = await import("../src/server/modules/accounting/reports");
  const { verifyChain } = await import("../src/server/modules/accounting/verify");
  const { sql } = await import("drizzle-orm");
  const { drizzle } = await import("drizzle-orm/postgres-js");

  const ownerEmail = "bench-accounting-owner@example.com";
  // Reusing: the owner and the organization the kept run made (read as the admin: RLS hides them from the app's pool).
  const findKept = async () => {
    let found: { id: string; email: string; org: string } | undefined;
    await adminDo(benchUrl, async (admin) => {
      [found] = await admin<{ id: string; email: string; org: string }[]>`
        select u.id::text, u.email, t.id::text as org
          from users u join memberships m on m.user_id = u.id join tenants t on t.id = m.tenant_id and t.name = 'Bench Accounting'
         where u.email = ${ownerEmail}`;
    });
    if (!found) throw new Error(`BENCH_REUSE_DB=1: ${DB_NAME} holds no bench owner and organization`);
    return found;
  };
  const reused = REUSE_DB ? await findKept() : undefined;
  const owner = reused ? { id: reused.id, email: reused.email } : await registerUser(runtimeDb(), { name: "Bench Accounting Owner", email: ownerEmail, password: PASSWORD });
  const actor = { userId: owner.id, role: "owner" as const };
  const org = reused ? { id: reused.org } : await createOrganization(owner.id, { name: "Bench Accounting" });
  const scope = { tenantId: org.id, userId: owner.id, role: "owner" as const };

  // The chart: the standard one, then accounts of the five types in turn up to ACCOUNTS.
  const accounts = await withTenant(scope, async (tx) => {
    const [have] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from accounting_accounts`);
    const types = ["asset", "liability", "equity", "income", "expense"];
    const missing = Math.max(0, ACCOUNTS - have!.n);
    if (missing)
      await tx.execute(sql`
        insert into accounting_accounts (code, name, type)
        select 'B' || lpad(g::text, 4, '0'), 'Bench account ' || g, (${sql.raw(`array['${types.join("','")}']`)})[1 + g % 5]::accounting_account_type
          from generate_series(1, ${missing}::int) g`);
    // Accounts kept in one currency (or inactive) are left out: every entry here may be in USD or EUR.
    return tx.execute<{ id: string; code: string; type: string }>(sql`select id::text, code, type::text from accounting_accounts where active and currency is null order by code`);
  });
  const byType = accounts.reduce<Record<string, number>>((counts, a) => ({ ...counts, [a.type]: (counts[a.type] ?? 0) + 1 }), {});
  const accountIds = accounts.map((a) => a.id);
  log(`organization ${org.id}: ${accounts.length} accounts (${Object.entries(byType).map(([t, n]) => `${n} ${t}`).join(", ")})`);

  // (1) The journal, through the posting trigger.
  // The tables start empty: without fresh statistics (autovacuum lags) the trigger functions'
  // plans go stale and the build slows down as it grows, so it analyzes as the tables double.
  const analyzer = postgres(benchUrl, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  onCleanup("close the analyzing connection", () => analyzer.end({ timeout: 5 }));
  const buildStarted = performance.now();
  let lastReport = buildStarted;
  let analyzeAt = BATCH;
  for (let done = REUSE_DB ? ENTRIES : 0; done < ENTRIES; ) {
    const n = Math.min(BATCH, ENTRIES - done);
    await withTenant(scope, async (tx) => {
      await tx.execute(sql`
        with e as materialized (
          insert into accounting_entries (date, memo, source)
          select ${FIRST_DAY}::date + floor(random() * ${DAYS})::int, 'Bench entry ' || (${done}::int + g), 'manual'
            from generate_series(1, ${n}::int) g
          returning id),
        r as materialized (
          select id, case when random() < 0.1 then 'EUR' else 'USD' end as currency,
                 1 + floor(random() * ${accountIds.length})::int as a1, 1 + floor(random() * ${accountIds.length})::int as a2,
                 1 + floor(random() * ${accountIds.length})::int as a3, 1 + floor(random() * ${accountIds.length})::int as a4,
                 (1 + floor(random() * 1000000))::numeric as x, (1 + floor(random() * 100000))::numeric as y
            from e),
        ids as (select ${`{${accountIds.join(",")}}`}::uuid[] as a)
        insert into accounting_lines (entry_id, line_no, account_id, currency, debit, credit)
        select r.id, v.line_no, ids.a[v.account], r.currency, v.debit, v.credit
          from r cross join ids
          cross join lateral (values (1, r.a1, r.x, 0::numeric), (2, r.a2, 0::numeric, r.x), (3, r.a3, r.y, 0::numeric), (4, r.a4, 0::numeric, r.y)) v(line_no, account, debit, credit)`);
      // What postDraft runs: each row goes through the guard → neuroops_accounting_post trigger.
      await tx.execute(sql`update accounting_entries set status = 'posted', posted_by = ${owner.id}, updated_at = now() where status = 'draft'`);
    });
    done += n;
    if (done >= analyzeAt && done < ENTRIES) {
      await analyzer`analyze accounting_entries, accounting_lines, accounting_period_balances, accounting_settings`;
      analyzeAt *= 2;
    }
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      log(`    ${int(done)} / ${int(ENTRIES)} entries posted (${int(done / ((lastReport - buildStarted) / 1000))} entries/s)`);
    }
  }
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  await analyzer`analyze accounting_entries, accounting_lines, accounting_period_balances, accounting_accounts`;
  const built = await withTenant(scope, async (tx) => {
    const [row] = await tx.execute<{ entries: number; lines: number; periods: number; last_number: number; eur: number }>(sql`
      select (select count(*)::int from accounting_entries where status = 'posted') as entries,
             (select count(*)::int from accounting_lines) as lines,
             (select count(*)::int from accounting_period_balances) as periods,
             (select last_number::int from accounting_settings) as last_number,
             (select count(*)::int from accounting_entries where status = 'posted' and exists (select 1 from accounting_lines l where l.entry_id = accounting_entries.id and l.currency = 'EUR')) as eur`);
    return row!;
  });
  if (REUSE_DB) log(`BENCH_REUSE_DB=1: ${DB_NAME} as kept, not built again`);
  else if (built.entries !== ENTRIES || built.lines !== ENTRIES * LINES_PER_ENTRY || built.last_number !== ENTRIES) throw new Error(`the build is incomplete: ${JSON.stringify(built)}`);
  if (!REUSE_DB) log(`built ${int(built.lines)} posted lines (${int(built.entries)} entries, ${int(built.eur)} in EUR) in ${fmt(buildSeconds, 0)} s: ${int(built.entries / buildSeconds)} entries/s; ${int(built.periods)} period balances`);
  let chain = "not run (BENCH_VERIFY=1 runs it)";
  if (VERIFY) {
    const t0 = performance.now();
    const report = await withTenant(scope, (tx) => verifyChain(tx));
    if (!report.intact) throw new Error(`hash chain broken after the build: ${JSON.stringify(report)}`);
    chain = `intact, ${int(report.verified)} entries in ${fmt((performance.now() - t0) / 1000, 1)} s`;
  }

  // (2) The reports: tRPC on next start, beside the raw aggregates.
  const buildId = await ensureBuild(ROOT);
  log(`production build ${buildId}`);
  const next = await startNext(ROOT, PORT, { DATABASE_URL: benchUrl, DATABASE_POOL_MAX: "10", NEXTAUTH_SECRET, NEXTAUTH_URL: `http://localhost:${PORT}`, LOG_LEVEL: "warn", API_RATE_LIMIT_MULTIPLIER: "1000" });
  onCleanup("stop next", () => next.stop());
  log(`next start ready on :${PORT} (pid ${next.child.pid})`);
  const cookie = await signIn(`http://localhost:${PORT}`, owner.email, PASSWORD);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  onCleanup("close http agent", () => agent.destroy());
  const direct = createRuntimeSql(benchUrl, 2); // the app's own client options (prepare off)
  onCleanup("close direct pool", () => direct.end({ timeout: 5 }));

  const trpc = async <T>(procedure: string, input: unknown): Promise<T> => {
    const path = `/api/trpc/accounting.reports.${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    const { status, body } = await httpGet(agent, PORT, path, { cookie, "x-tenant-id": org.id });
    if (status !== 200) throw new Error(`${procedure} answered ${status}: ${body.slice(0, 1000)}`);
    return (JSON.parse(body) as { result: { data: { json: T } } }).result.data.json;
  };
  const raw = <T>(text: string, params: string[]): Promise<T[]> =>
    direct.begin(async (tx) => {
      await tx.unsafe(SCOPE_SQL, [APP_ROLE, org.id, owner.id, "owner"]);
      return (await tx.unsafe(text, params)) as unknown as T[];
    }) as Promise<T[]>;
  const timed = async <T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> => {
    const t0 = performance.now();
    const value = await fn();
    return { ms: performance.now() - t0, value };
  };

  // The ledger's account: the first bench account (B0001), about LINES / ACCOUNTS lines.
  const ledgerAccount = accounts.find((a) => a.code === "B0001") ?? accounts[0]!;
  type Measured = { trpcMs: number; rawMs: number; problems: string[]; detail: string };
  const measure: Record<ReportKey, (order: ("trpc" | "raw")[]) => Promise<Measured>> = {
    async trialBalance(order) {
      const t = { trpc: 0, raw: 0 };
      let app: TrialBalance | null = null;
      let rows: RawTotal[] = [];
      for (const path of order) {
        if (path === "trpc") ({ ms: t.trpc, value: app } = await timed(() => trpc<TrialBalance>("trialBalance", {})));
        else ({ ms: t.raw, value: rows } = await timed(() => raw<RawTotal>(RAW.trialBalance, [])));
      }
      return { trpcMs: t.trpc, rawMs: t.raw, problems: checkTrialBalance(app!, rows), detail: `${app!.rows.length} rows` };
    },
    async plMonthly(order) {
      const t = { trpc: 0, raw: 0 };
      let apps: IncomeStatement[] = [];
      let rows: RawTotal[] = [];
      for (const path of order) {
        if (path === "trpc") {
          const t0 = performance.now();
          apps = [];
          for (const m of months) apps.push(await trpc<IncomeStatement>("incomeStatement", { from: m.from, to: m.to }));
          t.trpc = performance.now() - t0;
        } else ({ ms: t.raw, value: rows } = await timed(() => raw<RawTotal>(RAW.incomeByMonth, [months[0]!.from, months[11]!.to])));
      }
      const problems = months.flatMap((m, i) => checkIncomeStatement(`P&L ${m.key}`, apps[i]!, rows.filter((r) => r.month === m.key)));
      return { trpcMs: t.trpc, rawMs: t.raw, problems, detail: `${apps.reduce((n, a) => n + a.income.length + a.expenses.length, 0)} rows in 12` };
    },
    async plColumns(order) {
      const t = { trpc: 0, raw: 0 };
      let app: IncomeColumns | null = null;
      let rows: RawTotal[] = [];
      const input = { from: months[0]!.from, to: months[11]!.to, columns: "month" };
      for (const path of order) {
        if (path === "trpc") ({ ms: t.trpc, value: app } = await timed(() => trpc<IncomeColumns>("incomeStatement", input)));
        else ({ ms: t.raw, value: rows } = await timed(() => raw<RawTotal>(RAW.incomeByMonth, [input.from, input.to])));
      }
      const problems = app!.columns.length === 12 ? checkIncomeColumns(`P&L ${YEAR} by month`, app!, rows) : [`P&L ${YEAR} by month: ${app!.columns.length} columns`];
      return { trpcMs: t.trpc, rawMs: t.raw, problems, detail: `${app!.income.length + app!.expenses.length} rows × 12 months` };
    },
    async plYear(order) {
      const t = { trpc: 0, raw: 0 };
      let app: IncomeStatement | null = null;
      let rows: RawTotal[] = [];
      const range = { from: months[0]!.from, to: months[11]!.to };
      for (const path of order) {
        if (path === "trpc") ({ ms: t.trpc, value: app } = await timed(() => trpc<IncomeStatement>("incomeStatement", range)));
        else ({ ms: t.raw, value: rows } = await timed(() => raw<RawTotal>(RAW.incomeRange, [range.from, range.to])));
      }
      return { trpcMs: t.trpc, rawMs: t.raw, problems: checkIncomeStatement(`P&L ${YEAR}`, app!, rows), detail: `${app!.income.length + app!.expenses.length} rows` };
    },
    async balanceSheet(order) {
      const t = { trpc: 0, raw: 0 };
      let app: BalanceSheet | null = null;
      let rows: RawTotal[] = [];
      for (const path of order) {
        if (path === "trpc") ({ ms: t.trpc, value: app } = await timed(() => trpc<BalanceSheet>("balanceSheet", { asOf: LAST_DAY })));
        else ({ ms: t.raw, value: rows } = await timed(() => raw<RawTotal>(RAW.balanceSheet, [LAST_DAY])));
      }
      return { trpcMs: t.trpc, rawMs: t.raw, problems: checkBalanceSheet(app!, rows), detail: `${app!.assets.length + app!.liabilities.length + app!.equity.length} rows` };
    },
    async ledger(order) {
      const t = { trpc: 0, raw: 0 };
      let app: Ledger | null = null;
      let rows: RawLedgerLine[] = [];
      for (const path of order) {
        if (path === "trpc") ({ ms: t.trpc, value: app } = await timed(() => trpc<Ledger>("generalLedger", { accountId: ledgerAccount.id, limit: LEDGER_PAGE })));
        else ({ ms: t.raw, value: rows } = await timed(() => raw<RawLedgerLine>(RAW.ledger, [ledgerAccount.id])));
      }
      return { trpcMs: t.trpc, rawMs: t.raw, problems: checkLedger(app!, rows), detail: `${app!.items.length} lines of ${ledgerAccount.code}` };
    },
  };

  const samples = new Map<ReportKey, { trpc: number[]; raw: number[]; detail: string }>(REPORTS.map((r) => [r.key, { trpc: [], raw: [], detail: "" }]));
  const mismatches: string[] = [];
  const loadBeforeReports = loadAverage();
  for (let round = 0; round <= REPEATS; round++) {
    for (const report of REPORTS) {
      const order: ("trpc" | "raw")[] = round % 2 === 0 ? ["trpc", "raw"] : ["raw", "trpc"];
      const result = await measure[report.key](order);
      if (result.problems.length) mismatches.push(...result.problems.slice(0, 10).map((p) => `round ${round}: ${p}`));
      if (round === 0) continue; // the warm-up round: checked, not counted
      const s = samples.get(report.key)!;
      s.trpc.push(result.trpcMs);
      s.raw.push(result.rawMs);
      s.detail = result.detail;
    }
    log(round === 0 ? "warm-up round done (checked, not counted)" : `round ${round}/${REPEATS} done`);
    if (mismatches.length) break;
  }
  if (mismatches.length) throw new Error(`the reports and the raw aggregates disagree:\n${mismatches.slice(0, 30).join("\n")}`);
  const loadAfterReports = loadAverage();

  const reportRows = REPORTS.map((r) => {
    const s = samples.get(r.key)!;
    const a = median(s.trpc);
    const b = median(s.raw);
    const perCall = r.key === "plMonthly" ? a / 12 : a;
    const met = perCall < GOALS.ms && a / b <= GOALS.ratio;
    return { report: r, trpc: a, raw: b, min: Math.min(...s.trpc), max: Math.max(...s.trpc), ratio: a / b, met, detail: s.detail, perCall };
  });

  // EXPLAIN ANALYZE of the slowest report's statements, as its service sends them, when a goal is missed.
  const explained: string[] = [];
  const missed = reportRows.filter((r) => !r.met);
  if (missed.length) {
    // The slowest (per call) of the reports that missed a goal; the monthly P&L is explained as its last month.
    const slowest = [...missed].sort((x, y) => y.perCall - x.perCall)[0]!;
    const captured: { text: string; params: unknown[] }[] = [];
    let capturing = false;
    const client = createRuntimeSql(benchUrl, 1);
    const db = drizzle(client, { casing: "snake_case", logger: { logQuery: (text, params) => void (capturing && captured.push({ text, params: [...params] })) } });
    try {
      await db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('role', ${APP_ROLE}, true), set_config('app.tenant_id', ${org.id}, true), set_config('app.user_id', ${owner.id}, true), set_config('app.role', 'owner', true)`);
        const scoped = tx as unknown as Parameters<typeof reports.trialBalance>[0]; // what withTenant hands the services
        capturing = true;
        if (slowest.report.key === "trialBalance") await reports.trialBalance(scoped, {});
        else if (slowest.report.key === "plYear") await reports.incomeStatement(scoped, { from: months[0]!.from, to: months[11]!.to });
        else if (slowest.report.key === "plMonthly") await reports.incomeStatement(scoped, { from: months[11]!.from, to: months[11]!.to });
        else if (slowest.report.key === "plColumns") await reports.incomeStatement(scoped, { from: months[0]!.from, to: months[11]!.to, columns: "month" });
        else if (slowest.report.key === "balanceSheet") await reports.balanceSheet(scoped, { asOf: LAST_DAY });
        else await reports.generalLedger(scoped, { accountId: ledgerAccount.id, limit: LEDGER_PAGE });
        capturing = false;
      });
      await client.begin(async (tx) => {
        await tx.unsafe(SCOPE_SQL, [APP_ROLE, org.id, owner.id, "owner"]);
        for (const statement of captured) {
          const plan = await tx.unsafe<{ "QUERY PLAN": string }[]>(`explain (analyze, buffers) ${statement.text}`, statement.params as postgres.ParameterOrJSON<never>[]);
          explained.push(`-- ${slowest.report.label}: ${statement.text.replace(/\s+/g, " ").trim().slice(0, 300)}…`, ...plan.map((p) => p["QUERY PLAN"]), "");
        }
      });
    } finally {
      await client.end({ timeout: 5 });
    }
  }

  // (3) Posting throughput: the services beside plain inserts of the same rows.
  const randomAccount = () => accountIds[Math.floor(Math.random() * accountIds.length)]!;
  const entryInput = () => {
    const x = String(1 + Math.floor(Math.random() * 1_000_000));
    const y = String(1 + Math.floor(Math.random() * 100_000));
    const day = `${YEAR}-${String(1 + Math.floor(Math.random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(Math.random() * 28)).padStart(2, "0")}`;
    return {
      date: day,
      memo: "Bench posting",
      lines: [
        { accountId: randomAccount(), debit: x, currency: "USD" },
        { accountId: randomAccount(), credit: x, currency: "USD" },
        { accountId: randomAccount(), debit: y, currency: "USD" },
        { accountId: randomAccount(), credit: y, currency: "USD" },
      ],
    };
  };
  const postingBefore = built.last_number;
  log(`(3) posting: warm-up, then ${WRITERS} writers × ${SECONDS} s each way`);
  const servicesWriter = async () => {
    await withTenant(scope, async (tx) => {
      const draft = await createDraft(tx, actor, entryInput());
      await postEntry(tx, actor, draft.id);
    });
    return "moved" as const;
  };
  const rawWriter = async () => {
    const input = entryInput();
    await withTenant(scope, async (tx) => {
      const [entry] = await tx.execute<{ id: string }>(sql`insert into accounting_entries (date, memo, source) values (${input.date}::date, ${input.memo}, 'manual') returning id`);
      await tx.execute(sql`
        insert into accounting_lines (entry_id, line_no, account_id, currency, debit, credit) values
        ${sql.join(
          input.lines.map((l, i) => sql`(${entry!.id}::uuid, ${i + 1}, ${l.accountId}::uuid, ${l.currency}, ${l.debit ?? "0"}::numeric, ${l.credit ?? "0"}::numeric)`),
          sql`, `,
        )}`);
    });
    return "moved" as const;
  };
  await closedLoop(WRITERS, Math.min(2, SECONDS), servicesWriter); // warm-up (pool, caches), not counted
  await closedLoop(WRITERS, Math.min(2, SECONDS), rawWriter);
  const posting: { label: string; result: PhaseResult; load: string }[] = [];
  posting.push({ label: "plain INSERT of entry + 4 lines (draft)", result: await closedLoop(WRITERS, SECONDS, rawWriter), load: loadAverage() });
  posting.push({ label: "createDraft + postEntry (services)", result: await closedLoop(WRITERS, SECONDS, servicesWriter), load: loadAverage() });
  const numbering = await withTenant(scope, async (tx) => {
    const [row] = await tx.execute<{ posted: number; max: number; distinct: number }>(sql`
      select count(*)::int as posted, max(number)::int as max, count(distinct number)::int as distinct from accounting_entries where status = 'posted'`);
    return row!;
  });
  if (numbering.posted !== numbering.max || numbering.distinct !== numbering.posted) throw new Error(`numbering is not gapless after the posting phase: ${JSON.stringify(numbering)}`);

  // The report.
  const out: string[] = [""];
  out.push(`=== bench:accounting — ${new Date().toISOString()}`);
  out.push(...machine, `postgres: ${pgInfo}`, `load average before the reports: ${loadBeforeReports}; after: ${loadAfterReports}`);
  out.push(
    `(1) data: N = ${int(built.lines)} posted lines (${int(built.entries)} entries × ${LINES_PER_ENTRY}; ${int(built.eur)} entries in EUR, the rest USD), ${FIRST_DAY} … ${LAST_DAY}, ${accounts.length} accounts (${Object.entries(byType).map(([t, n]) => `${n} ${t}`).join(", ")}); ${int(built.periods)} period balances`,
  );
  out.push(
    REUSE_DB
      ? `    BENCH_REUSE_DB=1: the database a previous run kept, not built again (its entries include earlier runs' posting phases); hash chain: ${chain}`
      : `    built in ${fmt(buildSeconds, 0)} s (${int(built.entries / buildSeconds)} entries/s, ${int(built.lines / buildSeconds)} lines/s): ${BATCH} drafts per withTenant transaction by one INSERT, posted by UPDATE status = 'posted' (every row through the posting trigger and the deferred balance check), ANALYZE as the tables double; hash chain: ${chain}`,
  );
  out.push("");
  out.push(`(2) reports: tRPC GET on next start (owner, keep-alive) vs ONE raw SQL aggregate over accounting_lines ⨝ accounting_entries (postgres.js, same RLS transaction); p50 of ${REPEATS} rounds after a warm-up; figures cross-checked exactly every round`);
  out.push(
    table([
      ["report", "tRPC", "tRPC p50 ms", "min–max", "raw", "raw p50 ms", "tRPC ÷ raw", "goal <1 s & ≤1.3×", "size"],
      ...reportRows.map((r) => [
        r.report.label,
        r.report.trpc,
        fmt(r.trpc, 1) + (r.report.key === "plMonthly" ? ` (${fmt(r.perCall, 1)}/call)` : ""),
        `${fmt(r.min, 0)}–${fmt(r.max, 0)}`,
        r.report.raw,
        fmt(r.raw, 1),
        `${fmt(r.ratio, 2)}×`,
        r.met ? "met" : "MISSED",
        r.detail,
      ]),
    ]),
  );
  out.push(`cross-checks: trial balance, 12 monthly P&Ls, the P&L's 12 month columns (and their sum, its total), the year's P&L, the balance sheet and the ledger page equal the raw aggregates exactly in all ${REPEATS + 1} rounds; the trial balance nets to zero per currency; the balance sheet balances`);
  out.push("");
  out.push(`(3) posting, ${WRITERS} concurrent writers × ${SECONDS} s, one entry of 4 lines per withTenant transaction, into the same organization (after ${int(postingBefore)} entries)`);
  out.push(
    table([
      ["", "entries/s", "p50 ms", "p99 ms", "entries", "load after"],
      ...posting.map((p) => [p.label, fmt(p.result.moved / p.result.wallSeconds, 0), fmt(percentile(p.result.latencies, 50), 1), fmt(percentile(p.result.latencies, 99), 1), int(p.result.moved), p.load]),
    ]),
  );
  const rawRate = posting[0]!.result.moved / posting[0]!.result.wallSeconds;
  const serviceRate = posting[1]!.result.moved / posting[1]!.result.wallSeconds;
  out.push(`ratio services ÷ plain INSERT: ${fmt(serviceRate / rawRate, 2)}× (${fmt(rawRate / serviceRate, 1)}× slower); numbering after: ${int(numbering.posted)} posted, 1–${int(numbering.max)}, gapless`);
  out.push("");
  out.push(`goals: each report < ${GOALS.ms} ms and ≤ ${GOALS.ratio}× the raw aggregate: ${missed.length ? `MISSED by ${missed.map((m) => m.report.label).join("; ")}` : "met"}`);
  if (explained.length) out.push("", "EXPLAIN (ANALYZE, BUFFERS) of the slowest report that missed a goal, each statement its service sends (app role, RLS):", ...explained);
  out.push(`total ${fmt((performance.now() - started) / 1000, 0)} s; load average at the end: ${loadAverage()}`);
  console.log(out.join("\n"));
}

await runBench(main);
