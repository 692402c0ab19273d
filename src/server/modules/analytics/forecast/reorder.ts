import { eq } from "drizzle-orm";
import type { TenantTx } from "../../../db/tenant";
import { organizationToday } from "../../accounting/entries";
import { availableStock } from "../../inventory/demand";
import { currentPlan } from "../../orgs/limits";
import { PLANS } from "../../orgs/plans";
import { analyticsForecasts, type ForecastPoint } from "../schema";
import { addDays } from "../series/calendar";

/*
 * Reorder suggestions from the stored demand forecasts (issue 16), for the inventory low-stock
 * page. Per product, over all open warehouses:
 *
 *   demand over the lead time D(L) = the forecast's mean spread evenly over each month's days,
 *                                    summed over the L days from today;
 *   safety stock SS                = the same sum over (hi95 − mean): the margin to the upper end of
 *                                    the 95% interval (its 97.5% quantile), each month's margin
 *                                    counted in full as if the months' errors moved together —
 *                                    conservative, since they partly cancel;
 *   reorder point ROP              = D(L) + SS.
 *
 * Order by: today when available stock is at or below ROP, otherwise the day the available stock,
 * less the forecast's mean demand day by day, reaches ROP (none within the forecast's horizon:
 * no date). Quantity: enough to cover the lead time plus a review period of REVIEW_DAYS after the
 * goods arrive, with the safety stock: D(L + R) + SS − the stock available on the order day,
 * rounded up to a whole unit.
 *
 * Inventory has no lead-time field (products and reorder rules hold none), so every product uses
 * DEFAULT_LEAD_TIME_DAYS; the page says so.
 *
 * Direction: the analytics module reads inventory's functions (demand.ts), inventory never
 * imports analytics; the low-stock page asks the `analytics.forecasts.reorder` procedure.
 */

export const DEFAULT_LEAD_TIME_DAYS = 14;
export const REVIEW_DAYS = 30;

export type ReorderSuggestion = {
  productId: string;
  label: string;
  method: string;
  available: number;
  leadTimeDays: number;
  demandOverLeadTime: number;
  safetyStock: number;
  reorderPoint: number;
  suggestedQuantity: number;
  /** YYYY-MM-DD; null when the stock lasts beyond the forecast's horizon. */
  orderBy: string | null;
  fittedAt: Date;
};

const daysInMonth = (period: string) => new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 0)).getUTCDate();

/** Mean and hi95 − mean per day, for each day from `today`, as far as the forecast reaches. */
function dailyRates(points: ForecastPoint[], today: string): { mean: number; margin: number }[] {
  const byMonth = new Map(points.map((p) => [p.period.slice(0, 7), p]));
  const rates: { mean: number; margin: number }[] = [];
  for (let day = today; ; day = addDays(day, 1)) {
    const point = byMonth.get(day.slice(0, 7));
    if (!point) break;
    const n = daysInMonth(point.period);
    rates.push({ mean: point.mean / n, margin: Math.max(0, point.hi95 - point.mean) / n });
  }
  return rates;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** One product's suggestion from its forecast points, available stock and today (pure: the tests call it directly). */
export function suggestReorder(points: ForecastPoint[], available: number, today: string, leadTimeDays = DEFAULT_LEAD_TIME_DAYS) {
  const rates = dailyRates(points, today);
  const demandOverLeadTime = sum(rates.slice(0, leadTimeDays).map((r) => r.mean));
  const safetyStock = sum(rates.slice(0, leadTimeDays).map((r) => r.margin));
  const reorderPoint = demandOverLeadTime + safetyStock;
  let orderDay: number | null = null;
  let stock = available;
  for (let d = 0; d < rates.length; d++) {
    if (stock <= reorderPoint) {
      orderDay = d;
      break;
    }
    stock -= rates[d]!.mean;
  }
  const cover = (from: number) => sum(rates.slice(from, from + leadTimeDays + REVIEW_DAYS).map((r) => r.mean)) + safetyStock;
  const suggestedQuantity = orderDay === null ? 0 : Math.max(0, Math.ceil(cover(orderDay) - stock - 1e-9));
  return { demandOverLeadTime, safetyStock, reorderPoint, suggestedQuantity, orderBy: orderDay === null ? null : addDays(today, orderDay) };
}

/**
 * Suggestions for every product with a stored demand forecast, soonest order day first. On a
 * plan without forecasting: `{ enabled: false }` (the low-stock page works on every plan and says
 * what the upgrade adds), not an error.
 */
export async function reorderSuggestions(tx: TenantTx, options: { today?: string } = {}): Promise<{ enabled: false; leadTimeDays: number } | { enabled: true; leadTimeDays: number; reviewDays: number; suggestions: ReorderSuggestion[] }> {
  if (!PLANS[await currentPlan(tx)].features.forecasting) return { enabled: false, leadTimeDays: DEFAULT_LEAD_TIME_DAYS };
  const today = options.today ?? (await organizationToday(tx));
  const forecasts = await tx.select().from(analyticsForecasts).where(eq(analyticsForecasts.kind, "demand"));
  const stock = await availableStock(tx, forecasts.flatMap((f) => (f.productId ? [f.productId] : [])));
  const suggestions = forecasts
    .filter((f) => f.productId)
    .map((f): ReorderSuggestion => {
      const available = Number(stock.get(f.productId!) ?? 0);
      return { productId: f.productId!, label: f.label, method: f.method, available, leadTimeDays: DEFAULT_LEAD_TIME_DAYS, ...suggestReorder(f.points, available, today), fittedAt: f.fittedAt };
    })
    .sort((a, b) => (a.orderBy ?? "9999").localeCompare(b.orderBy ?? "9999") || a.label.localeCompare(b.label));
  return { enabled: true, leadTimeDays: DEFAULT_LEAD_TIME_DAYS, reviewDays: REVIEW_DAYS, suggestions };
}
