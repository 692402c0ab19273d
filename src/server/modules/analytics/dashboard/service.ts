import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../../db/tenant";
import { tenantCached } from "../../../platform/cache";
import { ValidationFailed } from "../../../platform/errors";
import { parseInput } from "../../../platform/validate";
import { cashAccountIds, topCustomers, topProducts } from "../../accounting/analytics";
import { agingReport, AGING_BUCKETS } from "../../accounting/documents/reports";
import { balanceSheet, incomeStatement, percentChange } from "../../accounting/reports";
import { closedDeals, openPipeline } from "../../crm/analytics";
import { productLabels } from "../../inventory/analytics";
import { lowStockCount, stockValuation } from "../../inventory/stock/reads";
import { currentOrganization } from "../../orgs/settings";
import { dashboardMetrics } from "./metrics";
import { dashboardRange, MAX_RANGE_MONTHS, monthStart, type DashboardRangeInput } from "../validation";

/*
 * The analytics dashboard: headline figures and chart series for a date range, each read
 * from the module that owns it, through that module's own report (incomeStatement,
 * agingReport, balanceSheet, stockValuation, the deal boards' counting) or a small read
 * beside it (accounting/analytics.ts, crm/analytics.ts, inventory/analytics.ts). Money is
 * integer minor units per currency, never added across currencies.
 *
 * The ledger part (revenue, expenses, receivables, cash, stock value, top customers and
 * products) is the same for every member and costly on a large ledger: it is cached per
 * tenant (`tenant:{id}:analytics:dashboard:…`) and invalidated when an entry is posted or
 * reversed, a credit applied or stock moved (platform/cache.ts). The CRM figures depend on
 * who asks (record visibility) and the low-stock count on rules, reservations and
 * products: those are single indexed aggregates, read live.
 */

export const dashboardInput = z.object({
  from: z.iso.date("Enter the date like 2026-03-31.").nullish(),
  to: z.iso.date("Enter the date like 2026-03-31.").nullish(),
});

const TOP = 5;
const CACHE_TTL_SECONDS = 10 * 60;

export type Money = { currency: string; amountMinor: bigint };
export type MoneyChange = Money & { previousMinor: bigint; changeMinor: bigint; changePercent: string | null };
export type Period = { from: string; to: string };

/** Decimal text in minor units (the ledger's reports) → integer minor units, half away from zero. */
export function minorOf(text: string): bigint {
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = text.replace(/^[+-]/, "").split(".");
  let value = BigInt(whole || "0");
  if (fraction && Number(fraction[0]) >= 5) value += 1n;
  return negative ? -value : value;
}

/** Currencies only (ISO codes): other commodities a journal may hold (shares, hours) stay in the reports. */
const isCurrency = (code: string) => /^[A-Z]{3}$/.test(code);

function byBase<T extends { currency: string }>(rows: T[], base: string): T[] {
  return [...rows].sort((a, b) => Number(b.currency === base) - Number(a.currency === base) || a.currency.localeCompare(b.currency));
}

/** Revenue over a period with the change against `compare` (the income statement's own comparison). */
async function revenue(tx: TenantTx, period: Period, compare: "previous_period" | "previous_year") {
  const report = await incomeStatement(tx, { ...period, compare });
  const figures: MoneyChange[] = report.totalIncome
    .filter((t) => isCurrency(t.currency))
    .map((t) => ({ currency: t.currency, amountMinor: minorOf(t.amount), previousMinor: minorOf(t.previous ?? "0"), changeMinor: minorOf(t.change ?? "0"), changePercent: t.changePercent }));
  return { period, compared: { from: report.comparison!.from, to: report.comparison!.to }, figures };
}

/** The ledger part of the dashboard: the same for every member, cached per tenant. */
async function ledgerFigures(tx: TenantTx, range: { from: string; to: string; today: string; yearFrom: string; chartFrom: string; baseCurrency: string }) {
  const { from, to, baseCurrency } = range;
  const [rangeRevenue, yearRevenue, monthly, aging, sheet, cashIds, valuation, customers, products] = [
    await revenue(tx, { from, to }, "previous_period"),
    await revenue(tx, { from: range.yearFrom, to }, "previous_year"),
    await incomeStatement(tx, { from: range.chartFrom, to, columns: "month" }),
    await agingReport(tx, { side: "receivables", asOf: to }),
    await balanceSheet(tx, { asOf: to }),
    await cashAccountIds(tx),
    await stockValuation(tx, { asOf: to >= range.today ? null : to }),
    await topCustomers(tx, { from, to, limit: TOP }),
    await topProducts(tx, { from, to, limit: TOP }),
  ];
  const cashSet = new Set(cashIds);
  const cash = new Map<string, bigint>();
  for (const line of sheet.assets) if (cashSet.has(line.accountId) && isCurrency(line.currency)) cash.set(line.currency, (cash.get(line.currency) ?? 0n) + minorOf(line.amount));

  const monthsOf = (totals: { currency: string; columns: string[] }[], currency: string) => totals.find((t) => t.currency === currency)?.columns.map(minorOf) ?? monthly.columns.map(() => 0n);
  const chartCurrencies = [...new Set([...monthly.totalIncome, ...monthly.totalExpenses].map((t) => t.currency).filter(isCurrency))];
  const labels = await productLabels(tx, products.map((p) => p.productId));

  return {
    revenue: rangeRevenue,
    revenueYearToDate: yearRevenue,
    receivables: byBase(
      aging.totals.map((t) => ({ currency: t.currency, outstandingMinor: BigInt(t.total), overdueMinor: BigInt(t.total) - BigInt(t.buckets.current), unappliedCreditMinor: BigInt(t.credit) })),
      baseCurrency,
    ),
    cash: byBase([...cash.entries()].map(([currency, amountMinor]) => ({ currency, amountMinor })), baseCurrency),
    stockValue: byBase(valuation.total.filter((t) => isCurrency(t.currency)).map((t) => ({ currency: t.currency, amountMinor: minorOf(t.value) })), baseCurrency),
    topCustomers: customers.map((c) => ({ ...c, href: c.companyId ? `/crm/companies/${c.companyId}` : c.contactId ? `/crm/contacts/${c.contactId}` : null })),
    topProducts: products.map((p) => ({ ...p, sku: labels.get(p.productId)?.sku ?? "", name: labels.get(p.productId)?.name ?? "(unknown product)", href: `/inventory/products/${p.productId}` })),
    revenueVsExpenses: byBase(
      chartCurrencies.map((currency) => {
        const income = monthsOf(monthly.totalIncome, currency);
        const expenses = monthsOf(monthly.totalExpenses, currency);
        return { currency, months: monthly.columns.map((c, i) => ({ key: c.key, from: c.from, to: c.to, revenueMinor: income[i]!, expensesMinor: expenses[i]! })) };
      }),
      baseCurrency,
    ),
    arAging: byBase(aging.totals.map((t) => ({ currency: t.currency, buckets: AGING_BUCKETS.map((bucket) => ({ bucket, amountMinor: BigInt(t.buckets[bucket]) })) })), baseCurrency),
  };
}

export type LedgerFigures = Awaited<ReturnType<typeof ledgerFigures>>;

async function todayIn(tx: TenantTx, timeZone: string): Promise<string> {
  const [row] = await tx.execute<{ day: string }>(sql`select (now() at time zone ${timeZone})::date::text as day`);
  return row!.day;
}

/** The dashboard for the caller (the CRM figures are those the caller's role sees), with its headline cards. */
export async function getDashboard(tx: TenantTx, _actor: Actor, rawInput: DashboardRangeInput = {}) {
  const figures = await dashboardFigures(tx, rawInput);
  return { ...figures, metrics: dashboardMetrics(figures) };
}

async function dashboardFigures(tx: TenantTx, rawInput: DashboardRangeInput) {
  const input = parseInput(dashboardInput, rawInput);
  const org = await currentOrganization(tx);
  const today = await todayIn(tx, org.timeZone);
  const range = dashboardRange({ from: input.from ?? null, to: input.to ?? null }, today, org.fiscalYearStartMonth);
  if ("error" in range) throw new ValidationFailed({ [range.field]: [range.error] }, range.error);
  const { from, to } = range;
  // Twelve months of bars at least; the whole range when longer (up to MAX_RANGE_MONTHS).
  const chartFrom = [monthStart(from), monthStart(to, -11)].sort()[0]!;
  const figuresRange = { from, to, today, yearFrom: range.yearFrom, chartFrom, baseCurrency: org.baseCurrency };
  const [{ value: ledger, cached }, pipeline, closed, lowStock] = [
    await tenantCached(org.id, "analytics", `dashboard:${from}:${to}:${today}`, { ttlSeconds: CACHE_TTL_SECONDS }, () => ledgerFigures(tx, figuresRange)),
    await openPipeline(tx),
    await closedDeals(tx, { from, to, timeZone: org.timeZone }),
    await lowStockCount(tx),
  ];

  const pipelineTotals = new Map<string, { currency: string; count: number; amountMinor: bigint; weightedMinor: bigint }>();
  for (const stage of pipeline) {
    const t = pipelineTotals.get(stage.currency) ?? { currency: stage.currency, count: 0, amountMinor: 0n, weightedMinor: 0n };
    pipelineTotals.set(stage.currency, { currency: stage.currency, count: t.count + stage.count, amountMinor: t.amountMinor + stage.amountMinor, weightedMinor: t.weightedMinor + stage.weightedMinor });
  }
  const closedCount = closed.won + closed.lost;
  const empty =
    ledger.revenue.figures.length === 0 &&
    ledger.revenueYearToDate.figures.length === 0 &&
    ledger.receivables.length === 0 &&
    ledger.cash.every((c) => c.amountMinor === 0n) &&
    ledger.stockValue.length === 0 &&
    pipeline.length === 0 &&
    closedCount === 0;
  const reportRange = (p: Period, compare: string) => `/accounting/reports?report=income-statement&from=${p.from}&to=${p.to}&compare=${compare}`;

  return {
    from,
    to,
    today,
    baseCurrency: org.baseCurrency,
    fiscalYearStartMonth: org.fiscalYearStartMonth,
    /** True when the organization has nothing yet to show (a new one): the page explains where figures come from. */
    empty,
    /** Whether the ledger figures came from the cache (for measurements and tests). */
    cached,
    revenue: { ...ledger.revenue, figures: byBase(ledger.revenue.figures, org.baseCurrency), href: reportRange(ledger.revenue.period, "previous_period") },
    revenueYearToDate: { ...ledger.revenueYearToDate, figures: byBase(ledger.revenueYearToDate.figures, org.baseCurrency), href: reportRange(ledger.revenueYearToDate.period, "previous_year") },
    receivables: { figures: ledger.receivables, asOf: to, href: "/accounting/invoices?status=unpaid", overdueHref: "/accounting/invoices?status=overdue" },
    cash: { figures: ledger.cash, asOf: to, href: `/accounting/reports?report=balance-sheet&asOf=${to}` },
    stock: { figures: ledger.stockValue, asOf: to, href: to >= today ? "/inventory/valuation" : `/inventory/valuation?asOf=${to}`, lowStockCount: lowStock, lowStockHref: "/inventory/low-stock" },
    pipeline: { figures: byBase([...pipelineTotals.values()], org.baseCurrency), stages: pipeline, href: "/crm/deals" },
    winRate: {
      won: closed.won,
      lost: closed.lost,
      /** Won ÷ closed in the range, in tenths of a percent ("62.5"); null when none closed. */
      percent: closedCount === 0 ? null : percentChange(BigInt(closed.won), BigInt(closedCount)),
      wonAmounts: byBase(closed.wonAmounts, org.baseCurrency),
      href: "/crm/deals/list?status=won",
    },
    topCustomers: ledger.topCustomers,
    topProducts: ledger.topProducts,
    charts: { revenueVsExpenses: ledger.revenueVsExpenses, arAging: ledger.arAging },
    maxRangeMonths: MAX_RANGE_MONTHS,
  };
}

export type DashboardFigures = Awaited<ReturnType<typeof dashboardFigures>>;
export type Dashboard = Awaited<ReturnType<typeof getDashboard>>;
