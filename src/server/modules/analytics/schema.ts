import { doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, date } from "drizzle-orm/pg-core";
import { tenantIdColumn } from "../../db/columns";
import { tenants } from "../orgs/schema";

/*
 * The analytics module's tables (tenant RLS on each, forced: see the migration's custom block).
 * Each helper of issue 16 appends its tables in its own block.
 */

/* ---- Forecasts and anomalies (forecast/service.ts, anomalies/service.ts) ---- */

/** One forecast point: the period (first day of the month) and the 80% and 95% intervals. */
export type ForecastPoint = { period: string; mean: number; lo80: number; hi80: number; lo95: number; hi95: number };
/** The rolling-origin backtest of the chosen method next to seasonal naive's, at the same origins. */
export type ForecastAccuracy = { mase: number; smape: number; baseline: { mase: number; smape: number }; origins: number; horizon: number };

/** The latest forecast of each series (revenue:EUR, expenses:EUR, demand:<product id>), replaced when its input changes. */
export const analyticsForecasts = pgTable(
  "analytics_forecasts",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    seriesKey: text().notNull(),
    kind: text().notNull(),
    label: text().notNull(),
    /** Money series: the currency (values in its minor units); demand: null (the product's unit). */
    currency: text(),
    /** Demand: the product (no foreign key: a product deleted forever leaves a stale forecast, refitted away at the next run). */
    productId: uuid(),
    /** The model chosen, e.g. "ETS(M,A,M)", "snaive", "drift", "naive". */
    method: text().notNull(),
    frequency: integer().notNull(),
    /** The history the model was fitted on (periods and values), drawn next to the forecast. */
    history: jsonb().$type<{ periods: string[]; values: number[] }>().notNull(),
    points: jsonb().$type<ForecastPoint[]>().notNull(),
    /** Null when the history is too short to hold out anything (notes say so). */
    accuracy: jsonb().$type<ForecastAccuracy | null>(),
    notes: jsonb().$type<string[]>().notNull(),
    /** SHA-256 of the input (series values, periods, horizon, method version): unchanged → not refitted. */
    fingerprint: text().notNull(),
    fittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.seriesKey] })],
);

export const anomalyStatus = pgEnum("analytics_anomaly_status", ["new", "seen"]);
export type AnomalyStatus = (typeof anomalyStatus.enumValues)[number];

/** A day flagged by the anomaly scan, once per series and day (a later scan that flags it again changes nothing). */
export const analyticsAnomalies = pgTable(
  "analytics_anomalies",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    seriesKey: text().notNull(),
    kind: text().notNull(),
    label: text().notNull(),
    currency: text().notNull(),
    /** Per-account series: the account (for the link to its general ledger). */
    accountId: uuid(),
    day: date({ mode: "string" }).notNull(),
    actual: doublePrecision().notNull(),
    expected: doublePrecision().notNull(),
    lower: doublePrecision().notNull(),
    upper: doublePrecision().notNull(),
    /** Robust z: (actual − expected) / scale. */
    score: doublePrecision().notNull(),
    direction: text().$type<"high" | "low">().notNull(),
    status: anomalyStatus().notNull().default("new"),
    detectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("analytics_anomalies_series_day_idx").on(t.tenantId, t.seriesKey, t.day),
    index("analytics_anomalies_day_idx").on(t.tenantId, t.day, t.id),
  ],
);
