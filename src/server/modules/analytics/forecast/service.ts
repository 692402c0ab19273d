import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/tenant";
import { organizationToday } from "../../accounting/entries";
import { currentPlan, requireFeature } from "../../orgs/limits";
import { PLANS, type Plan } from "../../orgs/plans";
import { analyticsForecasts, type ForecastAccuracy, type ForecastPoint } from "../schema";
import { addMonths } from "../series/calendar";
import { monthlyFinanceSeries, productDemandSeries, type MonthlySeries } from "../series/series";
import { backtest, forecast } from "./index";

/*
 * Forecasts of the tenant's monthly revenue and expenses (per currency) and of its top
 * products' demand, with the `forecast` library: auto ETS chosen by AICc, 80% and 95%
 * intervals, and a rolling-origin backtest (MASE, sMAPE) next to seasonal naive's. Stored per
 * series with a fingerprint of the input, so a run over unchanged data fits nothing.
 *
 * Fitting takes CPU time (up to ~1 s a series): the series are read in one tenant
 * transaction, fitted outside any, and written in another.
 */

/** Months ahead. */
export const FORECAST_HORIZON = 12;
/** The backtest: forecasts BACKTEST_HORIZON months ahead from up to BACKTEST_ORIGINS origins, each with at least a year of training data. */
export const BACKTEST_HORIZON = 3;
export const BACKTEST_ORIGINS = 6;
const MIN_TRAINING = 12;
/** Changing how series are fitted changes this, so every stored forecast is refitted once. */
const FIT_VERSION = "1";

export type ForecastRow = typeof analyticsForecasts.$inferSelect;
/** Runs a function in a tenant transaction (the router's ctx.withTenant, or withTenant in a job). */
export type TenantRunner = <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>;

export function fingerprintOf(series: MonthlySeries, horizon: number): string {
  return createHash("sha256").update(JSON.stringify({ v: FIT_VERSION, key: series.key, label: series.label, periods: series.periods, values: series.values, horizon })).digest("hex");
}

/** Fits one series: the forecast with its intervals (never below zero: these are amounts and units) and the backtest when the history allows one. */
export function fitSeries(series: MonthlySeries, horizon = FORECAST_HORIZON): Omit<typeof analyticsForecasts.$inferInsert, "tenantId"> {
  const input = { values: series.values, frequency: 12 };
  const result = forecast(input, horizon);
  const notes = [...result.notes];
  const last = series.periods.at(-1)!;
  const floor = (v: number) => Math.max(0, v);
  const points: ForecastPoint[] = result.mean.map((mean, i) => ({
    period: addMonths(last, i + 1),
    mean: floor(mean),
    lo80: floor(result.lo80[i]!),
    hi80: floor(result.hi80[i]!),
    lo95: floor(result.lo95[i]!),
    hi95: floor(result.hi95[i]!),
  }));
  let accuracy: ForecastAccuracy | null = null;
  const origins = Math.min(BACKTEST_ORIGINS, series.values.length - BACKTEST_HORIZON - MIN_TRAINING + 1);
  if (origins >= 1) {
    const tested = backtest(input, { horizon: BACKTEST_HORIZON, origins });
    accuracy = { mase: tested.mase, smape: tested.smape, baseline: tested.baseline, origins, horizon: BACKTEST_HORIZON };
  } else {
    notes.push(`The accuracy is measured once there are ${MIN_TRAINING + BACKTEST_HORIZON} months of history (there are ${series.values.length}).`);
  }
  return {
    seriesKey: series.key,
    kind: series.kind,
    label: series.label,
    currency: series.currency,
    productId: series.product?.id ?? null,
    method: result.method,
    frequency: 12,
    history: { periods: series.periods, values: series.values },
    points,
    accuracy,
    notes,
    fingerprint: fingerprintOf(series, horizon),
    fittedAt: new Date(),
  };
}

/** The fewest complete months a forecast is made from (the library's naive method needs two). */
export const MIN_MONTHS = 2;

/** The series the forecasts cover: revenue and expenses per currency, then the top products' demand; each with MIN_MONTHS months or more. */
export async function forecastSeries(tx: TenantTx, options: { today?: string } = {}): Promise<MonthlySeries[]> {
  const today = options.today ?? (await organizationToday(tx));
  const all = [...(await monthlyFinanceSeries(tx, { today })), ...(await productDemandSeries(tx, { today }))];
  return all.filter((s) => s.values.length >= MIN_MONTHS);
}

/**
 * Refits the forecasts whose input changed since they were stored (all with `force`), and
 * removes those of series that no longer exist. Refused (LimitReached) without the plan's
 * `forecasting` feature.
 */
export async function refreshForecasts(run: TenantRunner, options: { today?: string; force?: boolean } = {}): Promise<{ fitted: string[]; unchanged: number; removed: number }> {
  const { series, stored } = await run(async (tx) => {
    await requireFeature(tx, "forecasting");
    const stored = await tx.select({ seriesKey: analyticsForecasts.seriesKey, fingerprint: analyticsForecasts.fingerprint }).from(analyticsForecasts);
    return { series: await forecastSeries(tx, options), stored: new Map(stored.map((s) => [s.seriesKey, s.fingerprint])) };
  });
  const changed = series.filter((s) => options.force || stored.get(s.key) !== fingerprintOf(s, FORECAST_HORIZON));
  const rows = changed.map((s) => fitSeries(s));
  const keep = series.map((s) => s.key);
  const removed = await run(async (tx) => {
    for (const row of rows) {
      await tx
        .insert(analyticsForecasts)
        .values(row)
        .onConflictDoUpdate({
          target: [analyticsForecasts.tenantId, analyticsForecasts.seriesKey],
          set: { kind: row.kind, label: row.label, currency: row.currency, productId: row.productId, method: row.method, frequency: row.frequency, history: row.history, points: row.points, accuracy: row.accuracy, notes: row.notes, fingerprint: row.fingerprint, fittedAt: row.fittedAt },
        });
    }
    const gone = await tx.execute<{ series_key: string }>(
      keep.length
        ? sql`delete from analytics_forecasts where series_key not in (${sql.join(keep.map((k) => sql`${k}`), sql`, `)}) returning series_key`
        : sql`delete from analytics_forecasts returning series_key`,
    );
    return gone.length;
  });
  return { fitted: rows.map((r) => r.seriesKey!), unchanged: series.length - changed.length, removed };
}

export type StoredForecast = Omit<ForecastRow, "tenantId" | "fingerprint">;

const KIND_ORDER = sql`case kind when 'revenue' then 0 when 'expenses' then 1 else 2 end`;

/** The stored forecasts, revenue and expenses first (per currency), then demand by label. Refused without `forecasting`. */
export async function listForecasts(tx: TenantTx): Promise<StoredForecast[]> {
  await requireFeature(tx, "forecasting");
  const rows = await tx.select().from(analyticsForecasts).orderBy(KIND_ORDER, analyticsForecasts.currency, analyticsForecasts.label);
  return rows.map(({ tenantId: _tenant, fingerprint: _fingerprint, ...row }) => row);
}

/** What the forecasts page shows: the stored forecasts, or (a plan without forecasting) the plan, for the gate. */
export async function forecastsPage(tx: TenantTx): Promise<{ enabled: false; plan: Plan; planLabel: string } | { enabled: true; forecasts: StoredForecast[] }> {
  const plan = await currentPlan(tx);
  if (!PLANS[plan].features.forecasting) return { enabled: false, plan, planLabel: PLANS[plan].label };
  return { enabled: true, forecasts: await listForecasts(tx) };
}
