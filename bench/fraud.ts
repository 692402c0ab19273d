/**
 * `npm run bench:fraud`: how well the fraud scores rank injected fraud cases, beside the
 * rules-only baseline.
 *
 * On the machine's Postgres, in a fresh database (neuroops_bench_fraud, migrated like the
 * app's), one organization on the Business plan (fraud scores are a Business feature), an owner
 * and a colleague, then two years of activity with injected fraud cases of known labels:
 *   - default: the demo seed — every module's demo data (TENANT_LIFECYCLE's seedDemo, except
 *     analytics') and then analytics' `seedDemoActivity` (analytics/demo/activity.ts, issue 16's
 *     demo seed), whose return value lists the injected cases;
 *   - `--synthetic`: a SYNTHETIC generator in this file (below, `seedSynthetic`), for testing this
 *     harness before the demo seed exists. Its figures say nothing about real ledgers: the data
 *     are made to show each signal once in a while.
 * Every item is then scored by the app's own backfill (`scoreUnscored`, the code the job runs).
 *
 * Measured, over every scored item, with the injected cases as positives:
 *   - rules only: the stored rules score; precision@20, precision@50, AUC;
 *   - the scorer: the rules plus the learned model a tenant gets from its reviews. Simulated
 *     without leaking labels (2-fold cross-fitting): the items are split in two halves (by id);
 *     (a hash of kind and reference);
 *     in each half a reviewer works through the rules' top BENCH_REVIEW items and labels them
 *     with the truth; `trainModel` on those labels (cross-validated against the rules, as in the
 *     app) decides model or rules, and scores the OTHER half. The two halves' out-of-sample
 *     scores are ranked together. When the model does not win in a half, that half keeps the
 *     rules' scores, so the scorer never falls below the rules by construction of the choice,
 *     only by the model generalizing worse than its cross-validation said.
 * Figures are printed, never asserted; the run fails only on errors or when no case was found.
 *
 * Args: --synthetic, --months N (24), --seed N (1), --review N (top items reviewed per half, 100),
 *       --db NAME (neuroops_bench_fraud), --keep (keep the database).
 * Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres).
 * Smoke size (CI): --synthetic --months 4.
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { adminDo, fmt, int, log, machineSummary, mulberry32, onCleanup, positiveInt, redact, runBench, table, withDatabase } from "./lib/common";
import type { TenantTx } from "../src/server/db/tenant";
import type { DemoPeople } from "../src/server/modules/define";
import type { Signal } from "../src/server/modules/analytics/fraud/index";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
process.chdir(ROOT); // migrations resolve drizzle/ from the working directory

const { values: args } = parseArgs({
  options: {
    synthetic: { type: "boolean", default: false },
    months: { type: "string" },
    seed: { type: "string" },
    review: { type: "string" },
    db: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const ADMIN_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = args.db ?? "neuroops_bench_fraud";
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(DB_NAME)) throw new Error(`--db must be a plain lower-case identifier, got "${DB_NAME}"`);
const MONTHS = positiveInt(args.months, 24, "--months");
const SEED = positiveInt(args.seed, 1, "--seed");
const REVIEW = positiveInt(args.review, 100, "--review");
const PASSWORD = "bench-password-0123";

/** The demo seed's contract (analytics-contracts.md): what it injected, and how accounting names it. */
type InjectedFraudCase = {
  kind: "customer_payment" | "supplier_bill" | "supplier_payment" | "journal_entry";
  reference: string;
  injected: "duplicate" | "amount_outlier" | "round_amount" | "new_counterparty_large" | "unusual_time" | "same_creator_approver";
};
type SeedDemoActivity = (tx: TenantTx, people: DemoPeople, options?: { today?: string; seed?: number; months?: number }) => Promise<{ injected: InjectedFraudCase[] }>;

// ── Metrics ──────────────────────────────────────────────────────────────────────────────

type Ranked = { key: string; score: number; fraud: boolean };

/** Share of fraud among the k highest scores (ties broken by key, so the figure is reproducible). */
function precisionAt(items: readonly Ranked[], k: number): number {
  const top = [...items].sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1)).slice(0, k);
  return top.length ? top.filter((i) => i.fraud).length / top.length : NaN;
}

// ── SYNTHETIC data (--synthetic only; see the header) ───────────────────────────────────

type Scope = { tenantId: string };
type Person = { userId: string; role: "owner" | "admin" };

/**
 * SYNTHETIC: MONTHS of monthly supplier bills (drafted by the colleague, posted by the owner)
 * with their payments, customer payments and manual entries, amounts log-normal around each
 * party's own level, on weekdays; one injected case of each kind every ~4 months.
 */
async function seedSynthetic(scope: Scope, people: { owner: Person; colleague: Person }, months: number, seed: number): Promise<InjectedFraudCase[]> {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const { withTenant } = await import("../src/server/db/tenant");
  const { sql } = await import("drizzle-orm");
  const { createCompany } = await import("../src/server/modules/crm/companies/companies");
  const { createDocument } = await import("../src/server/modules/accounting/documents/documents");
  const { postDocument } = await import("../src/server/modules/accounting/documents/posting");
  const { recordPayment } = await import("../src/server/modules/accounting/documents/payments");
  const { createDraft, postEntry } = await import("../src/server/modules/accounting/entries");
  const as = <T>(person: Person, fn: (tx: TenantTx, actor: Person) => Promise<T>) => withTenant({ ...scope, userId: person.userId, role: person.role }, (tx) => fn(tx, person));
  const { owner, colleague } = people;

  const accounts = await as(owner, (tx) => tx.execute<{ id: string; code: string; system_key: string | null }>(sql`select id, code, system_key from accounting_accounts`));
  const expense = accounts.find((a) => a.code === "6000")!.id;
  const cash = accounts.find((a) => a.system_key === "cash")!.id;
  const sales = accounts.find((a) => a.system_key === "sales")!.id;
  const logUniform = (lo: number, hi: number) => Math.exp(Math.log(lo) + random() * (Math.log(hi) - Math.log(lo)));
  const suppliers = await Promise.all(Array.from({ length: 10 }, (_, i) => as(owner, (tx, a) => createCompany(tx, a, { name: `Synthetic Supplier ${i + 1}` }))));
  const customers = await Promise.all(Array.from({ length: 16 }, (_, i) => as(owner, (tx, a) => createCompany(tx, a, { name: `Synthetic Customer ${i + 1}` }))));
  const supplierLevel = suppliers.map(() => logUniform(20_000, 2_000_000)); // minor units: 200.00 … 20,000.00
  const customerLevel = customers.map(() => logUniform(50_000, 5_000_000));
  const cents = (level: number, spread: number) => Math.max(100, Math.round(level * Math.exp(spread * normal())));

  const start = new Date();
  start.setUTCDate(1);
  start.setUTCMonth(start.getUTCMonth() - months);
  const weekdayIn = (year: number, month: number) => {
    for (;;) {
      const day = new Date(Date.UTC(year, month, 1 + Math.floor(random() * 27)));
      if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) return day.toISOString().slice(0, 10);
    }
  };
  const plusDays = (day: string, n: number) => {
    const d = new Date(`${day}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    if (d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 2);
    if (d.getUTCDay() === 0) d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  };
  const bill = async (supplierId: string, day: string, amount: number, poster: Person = owner) => {
    const draft = await as(colleague === poster ? poster : colleague, (tx, a) =>
      createDocument(tx, a, { kind: "bill", companyId: supplierId, issueDate: day, lines: [{ description: "Goods and services", quantity: "1", unitPrice: String(amount), accountId: expense }] }),
    );
    return as(poster, (tx, a) => postDocument(tx, a, draft.id));
  };
  const pay = (direction: "received" | "made", companyId: string, day: string, amount: number, reference: string) =>
    as(owner, (tx, a) => recordPayment(tx, a, { direction, date: day, companyId, amount: String(amount), reference }));

  const injected: InjectedFraudCase[] = [];
  let paymentNo = 0;
  for (let m = 0; m < months; m++) {
    const year = start.getUTCFullYear() + Math.floor((start.getUTCMonth() + m) / 12);
    const month = (start.getUTCMonth() + m) % 12;
    for (const [i, supplier] of suppliers.entries()) {
      const day = weekdayIn(year, month);
      const amount = cents(supplierLevel[i]!, 0.2);
      await bill(supplier.id, day, amount);
      await pay("made", supplier.id, plusDays(day, 10), amount, `SP-${++paymentNo}`);
    }
    for (const [i, customer] of customers.entries()) {
      if (random() < 0.7) await pay("received", customer.id, weekdayIn(year, month), cents(customerLevel[i]!, 0.3), `CP-${++paymentNo}`);
    }
    for (let e = 0; e < 2; e++) {
      const major = (cents(300_000, 0.8) / 100).toFixed(2);
      const draft = await as(colleague, (tx, a) => createDraft(tx, a, { date: weekdayIn(year, month), memo: "Cash sale", lines: [{ accountId: cash, debit: major }, { accountId: sales, credit: major }] }));
      await as(owner, (tx, a) => postEntry(tx, a, draft.id));
    }
    // One injected case every month after the first three, cycling through the six kinds.
    if (m < 3) continue;
    const which = (m - 3) % 6;
    const i = Math.floor(random() * suppliers.length);
    const day = weekdayIn(year, month);
    if (which === 0) {
      const amount = cents(supplierLevel[i]!, 0.2);
      await bill(suppliers[i]!.id, day, amount);
      const again = await bill(suppliers[i]!.id, plusDays(day, 3), amount);
      injected.push({ kind: "supplier_bill", reference: again.number!, injected: "duplicate" });
    } else if (which === 1) {
      const outlier = await bill(suppliers[i]!.id, day, Math.round(supplierLevel[i]! * 9));
      injected.push({ kind: "supplier_bill", reference: outlier.number!, injected: "amount_outlier" });
    } else if (which === 2) {
      const round = await bill(suppliers[i]!.id, day, Math.max(1, Math.round(supplierLevel[i]! / 100_000)) * 100_000);
      injected.push({ kind: "supplier_bill", reference: round.number!, injected: "round_amount" });
    } else if (which === 3) {
      const newcomer = await as(owner, (tx, a) => createCompany(tx, a, { name: `Synthetic Newcomer ${m}` }));
      const large = await bill(newcomer.id, day, Math.round(2_500_000 * (1 + random())));
      injected.push({ kind: "supplier_bill", reference: large.number!, injected: "new_counterparty_large" });
    } else if (which === 4) {
      const c = Math.floor(random() * customers.length);
      const reference = `CP-${++paymentNo}`;
      const saturdayOf = new Date(`${day}T12:00:00Z`);
      saturdayOf.setUTCDate(saturdayOf.getUTCDate() + ((6 - saturdayOf.getUTCDay() + 7) % 7));
      const onSaturday = saturdayOf.toISOString().slice(0, 10);
      const late = await pay("received", customers[c]!.id, onSaturday, cents(customerLevel[c]!, 0.3), reference);
      // SYNTHETIC: recorded at 23:10 that Saturday (the organization's zone), as if typed then.
      await as(owner, (tx) =>
        tx.execute(sql`update accounting_payments set created_at = (${onSaturday}::date + time '23:10')::timestamp at time zone (select time_zone from tenants where id = ${scope.tenantId}) where id = ${late.id}`),
      );
      injected.push({ kind: "customer_payment", reference, injected: "unusual_time" });
    } else {
      const self = await bill(suppliers[i]!.id, day, cents(supplierLevel[i]!, 0.2), colleague);
      injected.push({ kind: "supplier_bill", reference: self.number!, injected: "same_creator_approver" });
    }
  }
  return injected;
}

// ── The run ──────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const started = performance.now();
  const benchUrl = withDatabase(ADMIN_URL, DB_NAME);
  log(`admin ${redact(ADMIN_URL)}, database ${DB_NAME}, ${args.synthetic ? "SYNTHETIC data (--synthetic)" : "the demo seed"}, ${MONTHS} months, seed ${SEED}, review ${REVIEW} per half`);
  await adminDo(ADMIN_URL, async (sql) => {
    await sql.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await sql.unsafe(`create database ${DB_NAME}`);
  });
  onCleanup(args.keep ? "keep database" : "drop database", () =>
    args.keep ? log(`--keep: kept ${redact(benchUrl)}`) : adminDo(ADMIN_URL, (sql) => sql.unsafe(`drop database if exists ${DB_NAME} with (force)`).then(() => undefined)),
  );
  process.env.DATABASE_URL = benchUrl;
  process.env.LOG_LEVEL = "warn";
  process.env.NEXTAUTH_SECRET ??= "bench-fraud-secret-not-used-for-sessions-0123456789";
  const { reloadEnv } = await import("../src/server/platform/env");
  reloadEnv();
  const { migrateDatabase } = await import("../src/server/db/migrate");
  await migrateDatabase(benchUrl);
  const { runtimeDb, closeRuntimeDb } = await import("../src/server/db/client");
  onCleanup("close runtime pool", () => closeRuntimeDb());
  const { withTenant } = await import("../src/server/db/tenant");
  const { registerUser } = await import("../src/server/modules/accounts/service");
  const { createOrganization } = await import("../src/server/modules/orgs/service");
  const { setCurrentPlan } = await import("../src/server/modules/orgs/limits");
  const { memberships } = await import("../src/server/modules/orgs/schema");
  const { scoreUnscored } = await import("../src/server/modules/analytics/fraud/service");
  const fraud = await import("../src/server/modules/analytics/fraud/index");
  const { sql } = await import("drizzle-orm");

  const owner = await registerUser(runtimeDb(), { name: "Bench Fraud Owner", email: "bench-fraud-owner@example.com", password: PASSWORD });
  const colleagueUser = await registerUser(runtimeDb(), { name: "Bench Fraud Colleague", email: "bench-fraud-colleague@example.com", password: PASSWORD });
  const org = await createOrganization(owner.id, { name: "Bench Fraud" });
  await withTenant({ tenantId: org.id }, (tx) => tx.insert(memberships).values({ userId: colleagueUser.id, role: "admin" }));
  await withTenant({ tenantId: org.id }, (tx) => setCurrentPlan(tx, "business"));
  const people = { owner: { userId: owner.id, role: "owner" as const }, colleague: { userId: colleagueUser.id, role: "admin" as const } };

  const seedStarted = performance.now();
  let injected: InjectedFraudCase[];
  if (args.synthetic) {
    injected = await seedSynthetic({ tenantId: org.id }, people, MONTHS, SEED);
  } else {
    // The demo seed (issue 16, H3): a path in a variable, so this file compiles before it exists.
    const activityPath = "../src/server/modules/analytics/demo/activity";
    const activity = (await import(activityPath).catch((error: unknown) => {
      throw new Error(`the demo seed (${activityPath}.ts) is not there yet: run with --synthetic to test the harness (${error instanceof Error ? error.message : String(error)})`);
    })) as { seedDemoActivity: SeedDemoActivity };
    const { TENANT_LIFECYCLE } = await import("../src/server/modules/lifecycle");
    const result = await withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, async (tx) => {
      for (const lifecycle of TENANT_LIFECYCLE) if (lifecycle.module !== "analytics") await lifecycle.seedDemo?.(tx, people);
      return activity.seedDemoActivity(tx, people, { seed: SEED, months: MONTHS });
    });
    injected = result.injected;
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const scoreStarted = performance.now();
  let scored = 0;
  for (;;) {
    const step = await withTenant({ tenantId: org.id }, (tx) => scoreUnscored(tx, { limit: 500 }));
    scored += step.scored;
    if (!step.remaining) break;
  }
  const scoreSeconds = (performance.now() - scoreStarted) / 1000;

  const rows = await withTenant({ tenantId: org.id }, (tx) =>
    tx.execute<{ kind: string; item_id: string; reference: string | null; score: number; signals: { key: string; value: number; reason: string }[] }>(
      sql`select kind::text, item_id, reference, score, signals from analytics_fraud_scores`,
    ),
  );
  const truth = new Map(injected.map((c) => [`${c.kind}|${c.reference}`, c]));
  const found = new Set<string>();
  const items = rows.map((row) => {
    // Entries are "JE-<number>" here; the seed may name them by number alone.
    const key = [`${row.kind}|${row.reference}`, `${row.kind}|${row.reference?.replace(/^JE-/, "")}`].find((k) => truth.has(k));
    if (key) found.add(key);
    return { key: `${row.kind}:${row.item_id}`, id: row.item_id, kind: row.kind, reference: row.reference, fraud: key !== undefined, injected: key ? truth.get(key)!.injected : null, signals: row.signals as Signal[], rules: Number(row.score) };
  });
  const missing = injected.filter((c) => !found.has(`${c.kind}|${c.reference}`) && !found.has(`${c.kind}|${c.reference.replace(/^JE-/, "")}`));
  if (!found.size) throw new Error(`none of the ${injected.length} injected cases was found among the ${rows.length} scored items`);

  // The scorer: 2-fold cross-fitting of the reviewed-and-retrained model (see the header).
  // Halves by a hash of what accounting calls the item (stable across runs, unlike the random ids).
  const half = (item: { kind: string; reference: string | null; id: string }) => {
    let h = 2166136261;
    for (const ch of `${item.kind}|${item.reference ?? item.id}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    return h % 2;
  };
  const scorer = new Map<string, number>();
  const halves: string[] = [];
  for (const h of [0, 1]) {
    const train = items.filter((i) => half(i) === h);
    const test = items.filter((i) => half(i) !== h);
    const reviewed = [...train].sort((a, b) => b.rules - a.rules || (a.key < b.key ? -1 : 1)).slice(0, REVIEW);
    const result = fraud.trainModel(reviewed.map((i) => ({ signals: i.signals, fraud: i.fraud })));
    halves.push(`half ${h} (${reviewed.filter((i) => i.fraud).length} of ${reviewed.length} reviewed are fraud): ${result.reason}`);
    for (const item of test) scorer.set(item.key, result.model ? fraud.scoreWithModel(result.model, item.signals).score : item.rules);
  }
  const rules = items.map((i) => ({ key: i.key, score: i.rules, fraud: i.fraud }));
  const learned = items.map((i) => ({ key: i.key, score: scorer.get(i.key)!, fraud: i.fraud }));
  const aucOf = (ranked: Ranked[]) => fraud.auc(ranked.map((r) => r.score), ranked.map((r) => r.fraud));

  const byKind = new Map<string, number>();
  for (const row of rows) byKind.set(row.kind, (byKind.get(row.kind) ?? 0) + 1);
  const topRules = new Set([...rules].sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1)).slice(0, 50).map((r) => r.key));
  const perInjection = new Map<string, { total: number; top50: number }>();
  for (const item of items) {
    if (!item.injected) continue;
    const entry = perInjection.get(item.injected) ?? { total: 0, top50: 0 };
    entry.total++;
    if (topRules.has(item.key)) entry.top50++;
    perInjection.set(item.injected, entry);
  }

  console.log(`\n=== bench:fraud ${args.synthetic ? "(SYNTHETIC data: tests the harness only)" : "(demo seed)"}`);
  console.log(`machine: ${machineSummary()}`);
  console.log(`items: ${int(rows.length)} scored (${[...byKind].map(([k, n]) => `${k} ${n}`).join(", ")}); injected cases ${injected.length}, found ${found.size}${missing.length ? `, NOT FOUND: ${missing.map((c) => `${c.kind} ${c.reference}`).join(", ")}` : ""}`);
  console.log(`seeded in ${fmt(seedSeconds, 1)} s; scored ${int(scored)} in ${fmt(scoreSeconds, 1)} s (${fmt((1000 * scoreSeconds) / Math.max(1, scored), 1)} ms per item)`);
  console.log(
    "\n" +
      table([
        ["ranking", "precision@20", "precision@50", "AUC"],
        ["rules only", fmt(precisionAt(rules, 20), 2), fmt(precisionAt(rules, 50), 2), fmt(aucOf(rules), 3)],
        ["scorer (rules + learned model, cross-fitted)", fmt(precisionAt(learned, 20), 2), fmt(precisionAt(learned, 50), 2), fmt(aucOf(learned), 3)],
      ]),
  );
  console.log(`\n${halves.join("\n")}`);
  console.log(`\ninjected cases in the rules' top 50, per kind: ${[...perInjection].map(([k, v]) => `${k} ${v.top50}/${v.total}`).join(", ")}`);
  console.log(`total ${fmt((performance.now() - started) / 1000, 0)} s`);
}

await runBench(main);
