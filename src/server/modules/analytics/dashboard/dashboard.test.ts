import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addMember, createTenant, createUser, refusal } from "../../../../test/fixtures";
import { stockedProduct } from "../../../../test/inventory/stocked";
import { withTenant, type Actor, type TenantTx } from "../../../db/tenant";
import { resetCacheForTests } from "../../../platform/cache";
import { topCustomers } from "../../accounting/analytics";
import { createDocument } from "../../accounting/documents/documents";
import { postDocument } from "../../accounting/documents/posting";
import { agingReport } from "../../accounting/documents/reports";
import { balanceSheet, incomeStatement } from "../../accounting/reports";
import { getBoard } from "../../crm/deals/deals-list";
import { lowStock, stockValuation } from "../../inventory/stock/reads";
import { loadHome } from "../../home/service";
import { ALL_HOME } from "../../index";
import { TENANT_LIFECYCLE } from "../../lifecycle";
import { monthStart } from "../validation";
import { getDashboard, minorOf } from "./service";

/*
 * Every dashboard figure against the owning module's own report, on a tenant seeded with
 * the demo data of CRM, inventory and accounting (through their services).
 */

let tenantId: string;
let owner: Actor;
const run = <T,>(fn: (tx: TenantTx) => Promise<T>, actor: Actor = owner) => withTenant({ tenantId, userId: actor.userId, role: actor.role }, fn);

beforeAll(async () => {
  const t = await createTenant();
  const colleague = await createUser();
  await addMember(t.org.id, colleague.id, "member");
  tenantId = t.org.id;
  owner = { userId: t.owner.id, role: "owner" };
  await withTenant({ tenantId, userId: owner.userId }, async (tx) => {
    for (const { seedDemo } of TENANT_LIFECYCLE) await seedDemo?.(tx, { owner, colleague: { userId: colleague.id, role: "member" } });
  });
});

beforeEach(() => resetCacheForTests());

const sortByCurrency = <T extends { currency: string }>(rows: T[]) => [...rows].sort((a, b) => a.currency.localeCompare(b.currency));

describe("the analytics dashboard", () => {
  it("defaults to this month to date and shows figures for a seeded organization", async () => {
    const dashboard = await run((tx) => getDashboard(tx, owner, {}));
    expect(dashboard.from).toBe(monthStart(dashboard.today));
    expect(dashboard.to).toBe(dashboard.today);
    expect(dashboard.empty).toBe(false);
  });

  it("matches the modules' own reports, figure by figure", async () => {
    const today = (await run((tx) => getDashboard(tx, owner, {}))).today;
    const from = monthStart(today, -2);
    const d = await run((tx) => getDashboard(tx, owner, { from, to: today }));

    // Revenue for the range and year to date: the income statement's total income, with its comparison.
    const asMoneyChange = (totals: Awaited<ReturnType<typeof incomeStatement>>["totalIncome"]) =>
      totals.map((t) => ({ currency: t.currency, amountMinor: minorOf(t.amount), previousMinor: minorOf(t.previous!), changeMinor: minorOf(t.change!), changePercent: t.changePercent }));
    const period = await run((tx) => incomeStatement(tx, { from, to: today, compare: "previous_period" }));
    expect(sortByCurrency(d.revenue.figures)).toEqual(asMoneyChange(period.totalIncome));
    expect(d.revenue.figures.length).toBeGreaterThan(0);
    expect(d.revenue.figures[0]!.amountMinor).toBeGreaterThan(0n);
    expect(d.revenue.compared).toEqual({ from: period.comparison!.from, to: period.comparison!.to });
    const year = await run((tx) => incomeStatement(tx, { from: d.revenueYearToDate.period.from, to: today, compare: "previous_year" }));
    expect(d.revenueYearToDate.period.from).toBe(`${today.slice(0, 4)}-01-01`);
    expect(sortByCurrency(d.revenueYearToDate.figures)).toEqual(asMoneyChange(year.totalIncome));
    expect(d.revenue.href).toBe(`/accounting/reports?report=income-statement&from=${from}&to=${today}&compare=previous_period`);

    // Receivables: the aging report's totals; overdue = everything past due.
    const aging = await run((tx) => agingReport(tx, { side: "receivables", asOf: today }));
    expect(aging.totals.length).toBeGreaterThan(0);
    expect(sortByCurrency(d.receivables.figures)).toEqual(
      aging.totals.map((t) => ({ currency: t.currency, outstandingMinor: BigInt(t.total), overdueMinor: BigInt(t.buckets.days1to30) + BigInt(t.buckets.days31to60) + BigInt(t.buckets.days61to90) + BigInt(t.buckets.over90), unappliedCreditMinor: BigInt(t.credit) })),
    );
    expect(d.receivables.figures[0]!.overdueMinor).toBeGreaterThan(0n); // the demo's 45-day-old invoice
    expect(sortByCurrency(d.charts.arAging).map((c) => [c.currency, c.buckets.map((b) => b.amountMinor)])).toEqual(aging.totals.map((t) => [t.currency, Object.values(t.buckets).map(BigInt)]));

    // Cash: the balance sheet's cash and bank accounts.
    const sheet = await run((tx) => balanceSheet(tx, { asOf: today }));
    const cashIds = (await run((tx) => tx.execute<{ id: string }>(sql`select id from accounting_accounts where system_key in ('cash', 'bank')`))).map((r) => r.id);
    const cash = new Map<string, bigint>();
    for (const line of sheet.assets) if (cashIds.includes(line.accountId)) cash.set(line.currency, (cash.get(line.currency) ?? 0n) + BigInt(line.amount));
    expect(sortByCurrency(d.cash.figures)).toEqual([...cash].map(([currency, amountMinor]) => ({ currency, amountMinor })).sort((a, b) => a.currency.localeCompare(b.currency)));
    expect(d.cash.figures.length).toBeGreaterThan(0);

    // Stock: the valuation report's total, and the low-stock list's length.
    const valuation = await run((tx) => stockValuation(tx, {}));
    expect(valuation.total.length).toBeGreaterThan(0);
    expect(sortByCurrency(d.stock.figures)).toEqual(valuation.total.map((t) => ({ currency: t.currency, amountMinor: minorOf(t.value) })));
    expect(d.stock.lowStockCount).toBe((await run((tx) => lowStock(tx, { limit: 500 }))).length);

    // Pipeline: the deal boards' open totals, summed per currency over the live pipelines.
    const pipelines = await run((tx) => tx.execute<{ id: string }>(sql`select id from crm_pipelines where archived_at is null`));
    const boardTotals = new Map<string, { currency: string; count: number; amountMinor: bigint; weightedMinor: bigint }>();
    for (const p of pipelines) {
      const board = await run((tx) => getBoard(tx, { pipelineId: p.id }));
      for (const t of board.openTotals) {
        const sum = boardTotals.get(t.currency) ?? { currency: t.currency, count: 0, amountMinor: 0n, weightedMinor: 0n };
        boardTotals.set(t.currency, { currency: t.currency, count: sum.count + t.count, amountMinor: sum.amountMinor + t.amountMinor, weightedMinor: sum.weightedMinor + t.weightedMinor });
      }
    }
    expect(boardTotals.size).toBeGreaterThan(0);
    expect(sortByCurrency(d.pipeline.figures)).toEqual(sortByCurrency([...boardTotals.values()]));

    // Win rate: the deals closed in the range, counted directly.
    const [closed] = await run((tx) =>
      tx.execute<{ won: number; lost: number }>(sql`
        select count(*) filter (where status = 'won')::int as won, count(*) filter (where status = 'lost')::int as lost
          from crm_deals where deleted_at is null and closed_at >= (${from}::date::timestamp at time zone (select time_zone from tenants where id = ${tenantId}))`),
    );
    expect({ won: d.winRate.won, lost: d.winRate.lost }).toEqual(closed);

    // The monthly chart: the income statement's month columns.
    const monthly = await run((tx) => incomeStatement(tx, { from: monthStart(today, -11), to: today, columns: "month" }));
    const series = d.charts.revenueVsExpenses.find((s) => s.currency === d.baseCurrency)!;
    expect(series.months).toHaveLength(12);
    expect(series.months.map((m) => m.revenueMinor)).toEqual(monthly.totalIncome.find((t) => t.currency === d.baseCurrency)!.columns.map(minorOf));
    expect(series.months.map((m) => m.expensesMinor)).toEqual(monthly.totalExpenses.find((t) => t.currency === d.baseCurrency)!.columns.map(minorOf));

    // Top customers: their sales add up to the sales account's income for the range (limit permitting).
    const salesId = (await run((tx) => tx.execute<{ id: string }>(sql`select id from accounting_accounts where system_key = 'sales'`)))[0]!.id;
    const salesIncome = period.income.filter((l) => l.accountId === salesId && l.currency === d.baseCurrency).reduce((s, l) => s + minorOf(l.amount), 0n);
    // Every customer's sales (no limit) add up to the sales account's income; the dashboard shows the largest of them.
    const everyCustomer = await run((tx) => topCustomers(tx, { from, to: today, limit: 10_000 }));
    expect(everyCustomer.filter((c) => c.currency === d.baseCurrency).reduce((s, c) => s + c.amountMinor, 0n)).toBe(salesIncome);
    expect(d.topCustomers.length).toBeGreaterThan(0);
    expect(d.topCustomers.map((c) => [c.partyName, c.amountMinor])).toEqual(everyCustomer.slice(0, d.topCustomers.length).map((c) => [c.partyName, c.amountMinor]));
    expect(d.topCustomers.every((c) => c.href?.startsWith("/crm/companies/"))).toBe(true);
    expect(d.topProducts.length).toBeGreaterThan(0);
    expect(d.topProducts.every((p) => p.name !== "(unknown product)" && p.href === `/inventory/products/${p.productId}`)).toBe(true);
  });

  it("is cached per tenant, and a posting makes the next read fresh (a rolled-back one does not)", async () => {
    const first = await run((tx) => getDashboard(tx, owner, {}));
    const again = await run((tx) => getDashboard(tx, owner, {}));
    expect([first.cached, again.cached]).toEqual([false, true]);
    expect(again.revenue.figures).toEqual(first.revenue.figures);

    const [company] = await run((tx) => tx.execute<{ id: string }>(sql`select id from crm_companies where deleted_at is null order by name limit 1`));
    const postInvoice = (tx: TenantTx) => createDocument(tx, owner, { kind: "invoice", companyId: company!.id, issueDate: first.today, lines: [{ description: "Dashboard test", quantity: "1", unitPrice: "77700" }] }).then((doc) => postDocument(tx, owner, doc.id));

    // A write that rolls back leaves the cache as it was.
    await expect(
      run(async (tx) => {
        await postInvoice(tx);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect((await run((tx) => getDashboard(tx, owner, {}))).cached).toBe(true);

    await run(postInvoice);
    const fresh = await run((tx) => getDashboard(tx, owner, {}));
    expect(fresh.cached).toBe(false);
    const base = (figures: { currency: string; amountMinor: bigint }[]) => figures.find((f) => f.currency === first.baseCurrency)?.amountMinor ?? 0n;
    expect(base(fresh.revenue.figures) - base(first.revenue.figures)).toBe(77700n);
    expect(fresh.receivables.figures[0]!.outstandingMinor - first.receivables.figures[0]!.outstandingMinor).toBe(77700n);

    // A stock movement does too.
    expect((await run((tx) => getDashboard(tx, owner, {}))).cached).toBe(true);
    await stockedProduct(tenantId, owner, { name: "Dashboard widget", onHand: "3" });
    const restocked = await run((tx) => getDashboard(tx, owner, {}));
    expect(restocked.cached).toBe(false);
    expect(base(restocked.stock.figures) - base(fresh.stock.figures)).toBe(300n);
  });

  it("keys the cache by tenant and range", async () => {
    const other = await createTenant();
    const otherOwner: Actor = { userId: other.owner.id, role: "owner" };
    await run((tx) => getDashboard(tx, owner, {}));
    const elsewhere = await withTenant({ tenantId: other.org.id, userId: otherOwner.userId, role: "owner" }, (tx) => getDashboard(tx, otherOwner, {}));
    expect(elsewhere.cached).toBe(false);
    expect(elsewhere.empty).toBe(true);
    expect(elsewhere.revenue.figures).toEqual([]);
    const today = elsewhere.today;
    expect((await run((tx) => getDashboard(tx, owner, { from: monthStart(today, -1) }))).cached).toBe(false);
  });

  it("puts the headline cards on the tenant home, and none for a new organization", async () => {
    const home = await run((tx) => loadHome(tx, owner, tenantId, ALL_HOME));
    const metrics = home.sections.find((s) => s.id === "analytics-metrics");
    expect(metrics?.kind).toBe("metrics");
    const cards = metrics?.kind === "metrics" ? metrics.metrics : [];
    expect(cards.map((m) => m.id)).toEqual(["revenue", "revenue-ytd", "receivables", "cash", "pipeline", "win-rate", "stock"]);
    const dashboard = await run((tx) => getDashboard(tx, owner, {}));
    expect(cards).toEqual(dashboard.metrics);
    expect(cards.find((m) => m.id === "receivables")!.secondary!.href).toBe("/accounting/invoices?status=overdue");
    const fresh = await createTenant();
    const newcomer: Actor = { userId: fresh.owner.id, role: "owner" };
    const empty = await withTenant({ tenantId: fresh.org.id, userId: newcomer.userId, role: "owner" }, (tx) => loadHome(tx, newcomer, fresh.org.id, ALL_HOME));
    expect(empty.sections.map((s) => s.id)).not.toContain("analytics-metrics");
  });

  it("refuses a reversed or too long range with a clear message", async () => {
    await expect(run((tx) => getDashboard(tx, owner, { from: "2026-05-01", to: "2026-04-01" }))).rejects.toThrow("The start must be on or before the end.");
    await expect(run((tx) => getDashboard(tx, owner, { from: "2018-01-01", to: "2026-04-01" }))).rejects.toThrow("at most 60 months");
    expect((await refusal(run((tx) => getDashboard(tx, owner, { from: "2026-02-30" })))).fields).toEqual({ from: ["Enter the date like 2026-03-31."] });
  });
});
