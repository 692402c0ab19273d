import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type TenantTx } from "../../../db/tenant";
import { addMember, createTenant, createUser } from "../../../../test/fixtures";
import { trialBalance } from "../../accounting/reports";
import { verifyChain } from "../../accounting/verify";
import type { DemoPeople } from "../../define";
import { TENANT_LIFECYCLE } from "../../lifecycle";
import { listAnomalies, scanAnomalies, scannedSeries } from "../anomalies/service";
import { seedDemoActivity } from "./activity";
import { addDays, isWeekend } from "./calendar";

const TODAY = "2026-11-20";

/** A tenant with an owner and a member colleague, the other modules' demo data, then the activity. */
async function seededTenant(options: { seed?: number; months?: number } = {}) {
  const { org, owner } = await createTenant();
  const colleague = await createUser();
  await addMember(org.id, colleague.id, "member");
  const people: DemoPeople = { owner: { userId: owner.id, role: "owner" }, colleague: { userId: colleague.id, role: "member" } };
  const started = Date.now();
  const activity = await withTenant({ tenantId: org.id, userId: owner.id }, async (tx) => {
    for (const hooks of TENANT_LIFECYCLE) if (hooks.module !== "analytics") await hooks.seedDemo?.(tx, people);
    return seedDemoActivity(tx, people, { today: TODAY, ...options });
  });
  const run = <T,>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
  return { run, activity, people, ms: Date.now() - started };
}

type Tenant = Awaited<ReturnType<typeof seededTenant>>;

/** Posted sales (accounts 4000, the invoices', and 4100, the showroom's takings) per day, net of credits. */
async function dailySales(tx: TenantTx): Promise<Map<string, number>> {
  const rows = await tx.execute<{ day: string; amount: string }>(sql`
    select e.date::text as day, sum(l.credit - l.debit)::text as amount
      from accounting_lines l join accounting_entries e on e.id = l.entry_id join accounting_accounts a on a.id = l.account_id
     where e.status = 'posted' and a.code in ('4000', '4100') group by e.date order by e.date`);
  return new Map(rows.map((r) => [r.day, Number(r.amount)]));
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

describe("the demo's two years of activity", () => {
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await seededTenant();
    console.info(`seedDemoActivity (24 months): ${tenant.ms} ms with the other demo seeds`);
  }, 600_000);

  it("keeps the books intact and balanced", async () => {
    const [chain, trial, unbalanced] = await tenant.run(async (tx) => [
      await verifyChain(tx),
      await trialBalance(tx, {}),
      await tx.execute(sql`select entry_id from accounting_lines group by entry_id, currency having sum(debit) <> sum(credit)`),
    ] as const);
    expect(chain.intact).toBe(true);
    expect(chain.verified).toBeGreaterThan(300);
    for (const total of trial.totals) expect(total.balance, total.currency).toBe("0");
    expect(unbalanced).toEqual([]);
  });

  it("dates everything in the 24 months up to today", async () => {
    const [range] = await tenant.run((tx) => tx.execute<{ first: string; last: string }>(sql`select min(date)::text as first, max(date)::text as last from accounting_entries where status = 'posted'`));
    expect(range!.first).toBe("2024-12-01");
    // Only the accounting demo's few entries are dated from the real today (after TODAY); this seed's end at TODAY.
    const [late] = await tenant.run((tx) => tx.execute<{ n: string }>(sql`select count(*)::text as n from accounting_entries where status = 'posted' and date > ${TODAY}`));
    expect(Number(late!.n)).toBeLessThan(12);
  });

  it("has sales every month with a trend and a fourth-quarter peak over the summer", async () => {
    const daily = await tenant.run(dailySales);
    const spikes = new Set(tenant.activity.anomalyDays);
    const monthly = new Map<string, number>();
    for (const [day, amount] of daily) if (!spikes.has(day)) monthly.set(day.slice(0, 7), (monthly.get(day.slice(0, 7)) ?? 0) + amount);
    const months = [...monthly.keys()].filter((m) => m >= "2024-12" && m <= "2026-11");
    expect(months).toHaveLength(24);
    for (const m of months) expect(monthly.get(m), m).toBeGreaterThan(0);
    const mean = (keys: string[]) => keys.reduce((s, k) => s + monthly.get(k)!, 0) / keys.length;
    expect(mean(["2025-10", "2025-11", "2025-12"])).toBeGreaterThan(1.3 * mean(["2025-07", "2025-08"]));
    expect(mean(["2026-10"])).toBeGreaterThan(1.2 * mean(["2026-07", "2026-08"]));
    // Upward trend: the second year sells more than the first.
    const year = (from: string, to: string) => months.filter((m) => m >= from && m <= to).reduce((s, m) => s + monthly.get(m)!, 0);
    expect(year("2025-12", "2026-11")).toBeGreaterThan(year("2024-12", "2025-11"));
  });

  it("has sales on every day (the takings) and spikes the anomaly days far above their month's usual day", async () => {
    const daily = await tenant.run(dailySales);
    // The showroom's takings: sales on every day before today, weekends too.
    const days: string[] = [];
    for (let day = "2024-12-01"; day < TODAY; day = addDays(day, 1)) days.push(day);
    expect(days.filter((day) => !(daily.get(day)! > 0))).toEqual([]);
    const businessDays = days.filter((day) => !isWeekend(day));
    expect(tenant.activity.anomalyDays).toHaveLength(3);
    for (const day of tenant.activity.anomalyDays) {
      expect(isWeekend(day), day).toBe(false);
      const sameMonth = businessDays.filter((d) => d.slice(0, 7) === day.slice(0, 7) && d !== day).map((d) => daily.get(d)!);
      expect(daily.get(day)!, day).toBeGreaterThan(2.2 * median(sameMonth));
    }
  });

  it("gives the anomaly scan a daily revenue series to scan, in which it finds the spike days and few others", async () => {
    const { scanned, result, flagged, all } = await tenant.run(async (tx) => {
      const series = await scannedSeries(tx, { today: TODAY });
      const result = await scanAnomalies(tx, { today: TODAY });
      const key = series.find((s) => s.kind === "revenue")?.key ?? "none";
      return { scanned: series, result, flagged: await listAnomalies(tx, { seriesKey: key, limit: 500 }), all: await listAnomalies(tx, { limit: 500 }) };
    });
    const revenue = scanned.find((s) => s.kind === "revenue");
    expect(revenue, scanned.map((s) => s.key).join(", ")).toBeDefined();
    expect(revenue!.values.filter((v) => v !== 0).length).toBeGreaterThan(0.6 * revenue!.values.length);
    const days = flagged.map((a) => a.day);
    for (const day of tenant.activity.anomalyDays) expect(days, day).toContain(day);
    for (const a of flagged.filter((a) => tenant.activity.anomalyDays.includes(a.day))) expect(a.direction).toBe("high");
    const others = flagged.filter((a) => !tenant.activity.anomalyDays.includes(a.day));
    console.info(
      `anomaly scan: ${result.series} series, ${result.flagged} days flagged in all (${scanned.map((s) => `${s.label}: ${all.filter((a) => a.seriesKey === s.key).length}`).join(", ")}); revenue: ${tenant.activity.anomalyDays.length} spikes found, ${others.length} other days flagged in ${revenue!.values.length}: ${others.map((a) => `${a.day} ${a.direction} z=${a.score.toFixed(1)}`).join("; ")}`,
    );
    expect(others.length).toBeLessThanOrEqual(8);
  });

  it("pays most invoices 10 to 45 days later and leaves some overdue", async () => {
    const rows = await tenant.run((tx) =>
      tx.execute<{ status: string; n: string; min_days: number | null; max_days: number | null }>(sql`
        select case when d.total = coalesce(p.paid, 0) then 'paid' when d.due_date < ${TODAY} then 'overdue' else 'open' end as status,
               count(*)::text as n, min(p.last - d.issue_date) as min_days, max(p.last - d.issue_date) as max_days
          from accounting_documents d
          left join lateral (select sum(a.amount) as paid, max(a.date) as last from accounting_allocations a where a.document_id = d.id and a.voided_at is null) p on true
         where d.kind = 'invoice' and d.status = 'posted' and d.issue_date <= ${TODAY} and d.issue_date >= '2024-12-01' and d.reference is null
         group by 1`),
    );
    const by = Object.fromEntries(rows.map((r) => [r.status, r]));
    expect(Number(by.paid!.n)).toBeGreaterThan(60);
    expect(by.paid!.min_days).toBeGreaterThanOrEqual(10);
    expect(by.paid!.max_days).toBeLessThanOrEqual(48);
    expect(Number(by.overdue?.n ?? 0)).toBeGreaterThanOrEqual(3);
    expect(Number(by.overdue!.n)).toBeLessThan(Number(by.paid!.n) / 5);
  });

  it("injects each fraud pattern, findable by its reference and showing its pattern", async () => {
    const { injected } = tenant.activity;
    const kinds = new Set(injected.map((i) => i.injected));
    expect([...kinds].sort()).toEqual(["amount_outlier", "duplicate", "new_counterparty_large", "round_amount", "same_creator_approver", "unusual_time"]);
    expect(new Set(injected.map((i) => `${i.kind} ${i.reference}`)).size).toBe(injected.length);
    const { colleague, owner } = tenant.people;
    for (const item of injected) {
      const where = `${item.kind} ${item.reference} (${item.injected})`;
      const [found] = await tenant.run((tx) =>
        item.kind === "supplier_bill"
          ? tx.execute<{ id: string; company_id: string | null; amount: string; date: string; created_by: string; posted_by: string }>(sql`
              select d.id, d.company_id, d.total::text as amount, d.issue_date::text as date, d.created_by, e.posted_by
                from accounting_documents d join accounting_entries e on e.id = d.entry_id where d.kind = 'bill' and d.number = ${item.reference} and d.status = 'posted'`)
          : item.kind === "journal_entry"
            ? tx.execute<{ id: string; company_id: string | null; amount: string; date: string; created_by: string; posted_by: string }>(sql`
                select e.id, null as company_id, (select sum(debit)::text from accounting_lines where entry_id = e.id) as amount, e.date::text as date, e.created_by, e.posted_by
                  from accounting_entries e where e.number = ${Number(item.reference)} and e.source = 'manual'`)
            : tx.execute<{ id: string; company_id: string | null; amount: string; date: string; created_by: string; posted_by: string }>(sql`
                select p.id, p.company_id, p.amount::text as amount, p.date::text as date, p.created_by, e.posted_by
                  from accounting_payments p join accounting_entries e on e.id = p.entry_id
                 where p.reference = ${item.reference} and p.direction = ${item.kind === "customer_payment" ? "received" : "made"}`),
      );
      expect(found, where).toBeDefined();
      const row = found!;
      const amount = BigInt(row.amount.replace(/\.0+$/, ""));
      expect(row.date <= TODAY, where).toBe(true);
      if (item.injected === "unusual_time") expect(isWeekend(row.date), where).toBe(true);
      else expect(isWeekend(row.date), where).toBe(false);
      if (item.injected === "round_amount") expect(amount % 100_000n, where).toBe(0n);
      if (item.injected === "same_creator_approver") expect([row.created_by, row.posted_by], where).toEqual([owner.userId, owner.userId]);
      else if (item.kind === "supplier_bill" || item.kind === "journal_entry") expect([row.created_by, row.posted_by], where).toEqual([colleague.userId, owner.userId]);
      if (item.kind === "supplier_bill" || item.kind === "supplier_payment") {
        const table = item.kind === "supplier_bill" ? sql`(select id, company_id, issue_date as date, total as amount from accounting_documents where kind = 'bill' and status = 'posted')` : sql`(select id, company_id, date, amount from accounting_payments where direction = 'made')`;
        const others = await tenant.run((tx) => tx.execute<{ amount: string; days: number }>(sql`select amount::text, (${row.date}::date - date) as days from ${table} o where o.company_id = ${row.company_id} and o.id <> ${row.id}`));
        if (item.injected === "duplicate") expect(others.some((o) => BigInt(o.amount) === amount && o.days > 0 && o.days <= 7), where).toBe(true);
        if (item.injected === "amount_outlier") {
          expect(others.filter((o) => o.days > 0).length, where).toBeGreaterThanOrEqual(5);
          expect(Number(amount), where).toBeGreaterThan(4 * median(others.map((o) => Number(o.amount))));
        }
        if (item.injected === "new_counterparty_large") expect(others.filter((o) => o.days > 0), where).toEqual([]);
      }
    }
    // Ordinary bills and entries are drafted by the colleague and posted by the owner: the pattern is rare.
    const [pairs] = await tenant.run((tx) =>
      tx.execute<{ same: string; total: string }>(sql`
        select count(*) filter (where d.created_by = e.posted_by)::text as same, count(*)::text as total
          from accounting_documents d join accounting_entries e on e.id = d.entry_id where d.kind = 'bill' and coalesce(d.reference, '') not in ('SUP-4411', 'RENT')`),
    );
    expect(Number(pairs!.same)).toBe(1);
    expect(Number(pairs!.total)).toBeGreaterThan(40);
  });

  it("makes the same amounts from the same seed", async () => {
    const amounts = (t: Tenant) =>
      t.run((tx) =>
        tx.execute<{ kind: string; date: string; amount: string }>(sql`
          select kind::text, issue_date::text as date, total::text as amount from accounting_documents where status = 'posted'
          union all select direction::text, date::text, amount::text from accounting_payments order by 1, 2, 3`),
      );
    const [a, b] = [await seededTenant({ seed: 7, months: 12 }), await seededTenant({ seed: 7, months: 12 })];
    expect(b.activity).toEqual(a.activity);
    const [first, second] = [await amounts(a), await amounts(b)];
    expect(first.length).toBeGreaterThan(100);
    expect(second).toEqual(first);
  }, 600_000);
});
