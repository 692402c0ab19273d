import type { TenantTx } from "../../../db/tenant";
import { dailyAccountActivity, dailyIncomeAndExpenses, monthlyIncomeAndExpenses } from "../../accounting/analytics-series";
import { organizationToday } from "../../accounting/entries";
import { monthlyDemand, topDemandProducts } from "../../inventory/demand";
import { addDays, addMonths, daysBetween, monthsBetween } from "./calendar";

/*
 * The series the forecasts and the anomaly scan run on, loaded through the accounting and
 * inventory modules' read functions (never their tables). Money is in minor units of one
 * currency (a float here: the models need numbers, and the stored figures are rounded for
 * display only); quantities in the product's unit. The current month (or day) is left out: it
 * is not over, and a half month would read as a collapse.
 *
 * Series keys: `revenue:EUR`, `expenses:EUR`, `demand:<productId>`, `account:<accountId>:EUR`.
 */

export type SeriesKind = "revenue" | "expenses" | "demand" | "account";

export type MonthlySeries = {
  key: string;
  kind: Exclude<SeriesKind, "account">;
  label: string;
  /** Money series: the currency; demand: null. */
  currency: string | null;
  /** Demand: the product and its unit. */
  product: { id: string; sku: string; name: string; unit: string } | null;
  /** The first day of each month, oldest first, every month present (0 when nothing happened). */
  periods: string[];
  values: number[];
};

export type DailySeries = {
  key: string;
  kind: Exclude<SeriesKind, "demand">;
  label: string;
  currency: string;
  /** Per-account series: the account. */
  account: { id: string; code: string; name: string } | null;
  /** Every calendar day from the first with activity to the last complete day (0 when nothing happened). */
  dates: string[];
  values: number[];
};

/** How far back the series reach by default: 3 years of months, 2 years of days (the yearly cycle needs two). */
export const MONTHS_OF_HISTORY = 36;
export const DAYS_OF_HISTORY = 730;
/** Demand series are loaded for the products with most units shipped over the last year. */
export const TOP_PRODUCTS = 10;
/** A per-account daily series needs this many active days in the window (fewer: no pattern to learn). */
export const MIN_ACCOUNT_DAYS = 60;

type Options = { today?: string };

/** Values per period, with 0 for every period from the first one with data to `last`. */
function dense(periods: string[], byPeriod: Map<string, number>): { periods: string[]; values: number[] } {
  const first = periods.findIndex((p) => byPeriod.has(p));
  if (first < 0) return { periods: [], values: [] };
  const kept = periods.slice(first);
  return { periods: kept, values: kept.map((p) => byPeriod.get(p) ?? 0) };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Revenue and expenses per complete month and currency, the last MONTHS_OF_HISTORY months (the income statement's month columns). */
export async function monthlyFinanceSeries(tx: TenantTx, options: Options & { months?: number } = {}): Promise<MonthlySeries[]> {
  const today = options.today ?? (await organizationToday(tx));
  const lastMonth = addMonths(today, -1);
  const from = addMonths(today, -(options.months ?? MONTHS_OF_HISTORY));
  const rows = await monthlyIncomeAndExpenses(tx, { from, to: lastMonth });
  const periods = monthsBetween(from, lastMonth);
  const byCurrency = new Map<string, { revenue: Map<string, number>; expenses: Map<string, number> }>();
  for (const r of rows) {
    const entry = byCurrency.get(r.currency) ?? { revenue: new Map(), expenses: new Map() };
    if (Number(r.revenue) !== 0) entry.revenue.set(r.month, Number(r.revenue));
    if (Number(r.expenses) !== 0) entry.expenses.set(r.month, Number(r.expenses));
    byCurrency.set(r.currency, entry);
  }
  const series: MonthlySeries[] = [];
  for (const [currency, { revenue, expenses }] of [...byCurrency.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    series.push({ key: `revenue:${currency}`, kind: "revenue", label: `Revenue (${currency})`, currency, product: null, ...dense(periods, revenue) });
    series.push({ key: `expenses:${currency}`, kind: "expenses", label: `Expenses (${currency})`, currency, product: null, ...dense(periods, expenses) });
  }
  return series.filter((s) => s.values.length > 0);
}

/** Units shipped for sales per complete month, for the TOP_PRODUCTS products shipped most over the last year (or `productIds`). */
export async function productDemandSeries(tx: TenantTx, options: Options & { months?: number; limit?: number } = {}): Promise<MonthlySeries[]> {
  const today = options.today ?? (await organizationToday(tx));
  const lastMonth = addMonths(today, -1);
  const from = addMonths(today, -(options.months ?? MONTHS_OF_HISTORY));
  const products = await topDemandProducts(tx, { since: addMonths(today, -12), limit: options.limit ?? TOP_PRODUCTS });
  const rows = await monthlyDemand(tx, { from, to: addDays(addMonths(today, 0), -1), productIds: products.map((p) => p.productId) });
  const byProduct = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const months = byProduct.get(r.productId) ?? new Map<string, number>();
    months.set(r.month, Number(r.quantity));
    byProduct.set(r.productId, months);
  }
  const periods = monthsBetween(from, lastMonth);
  return products
    .map((p): MonthlySeries => ({
      key: `demand:${p.productId}`,
      kind: "demand",
      label: `${p.name} (${p.sku})`,
      currency: null,
      product: { id: p.productId, sku: p.sku, name: p.name, unit: p.unit },
      ...dense(periods, byProduct.get(p.productId) ?? new Map()),
    }))
    .filter((s) => s.values.length > 0);
}

/** Revenue and expenses per day and currency, from the first day with any up to yesterday (today is not over). */
export async function dailyFinanceSeries(tx: TenantTx, options: Options & { days?: number } = {}): Promise<DailySeries[]> {
  const today = options.today ?? (await organizationToday(tx));
  const to = addDays(today, -1);
  const from = addDays(today, -(options.days ?? DAYS_OF_HISTORY));
  const rows = await dailyIncomeAndExpenses(tx, { from, to });
  const days = daysBetween(from, to);
  const revenue = new Map<string, Map<string, number>>();
  const expenses = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (!revenue.has(r.currency)) revenue.set(r.currency, new Map());
    if (!expenses.has(r.currency)) expenses.set(r.currency, new Map());
    if (Number(r.revenue) !== 0) revenue.get(r.currency)!.set(r.day, Number(r.revenue));
    if (Number(r.expenses) !== 0) expenses.get(r.currency)!.set(r.day, Number(r.expenses));
  }
  const series: DailySeries[] = [];
  for (const currency of [...revenue.keys()].sort()) {
    const r = dense(days, revenue.get(currency)!);
    const e = dense(days, expenses.get(currency)!);
    if (r.values.length) series.push({ key: `revenue:${currency}`, kind: "revenue", label: `Revenue (${currency})`, currency, account: null, dates: r.periods, values: r.values });
    if (e.values.length) series.push({ key: `expenses:${currency}`, kind: "expenses", label: `Expenses (${currency})`, currency, account: null, dates: e.periods, values: e.values });
  }
  return series;
}

/** Each busy account's activity (debits + credits) per day and currency, from its first active day to yesterday. */
export async function dailyAccountSeries(tx: TenantTx, options: Options & { days?: number; minDays?: number } = {}): Promise<DailySeries[]> {
  const today = options.today ?? (await organizationToday(tx));
  const to = addDays(today, -1);
  const from = addDays(today, -(options.days ?? DAYS_OF_HISTORY));
  const rows = await dailyAccountActivity(tx, { from, to, minDays: options.minDays ?? MIN_ACCOUNT_DAYS });
  const byKey = new Map<string, typeof rows>();
  for (const r of rows) push(byKey, `account:${r.accountId}:${r.currency}`, r);
  const days = daysBetween(from, to);
  return [...byKey.entries()].map(([key, list]): DailySeries => {
    const first = list[0]!;
    const { periods, values } = dense(days, new Map(list.map((r) => [r.day, Number(r.debit) + Number(r.credit)])));
    return { key, kind: "account", label: `${first.code} ${first.name} (${first.currency})`, currency: first.currency, account: { id: first.accountId, code: first.code, name: first.name }, dates: periods, values };
  });
}
