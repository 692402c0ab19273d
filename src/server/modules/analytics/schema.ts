import { sql } from "drizzle-orm";
import { boolean, check, date, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenantIdColumn } from "../../db/columns";
import { users } from "../accounts/schema";
import { tenants } from "../orgs/schema";

/* Analytics tables. Every table is tenant-owned with forced RLS (see the migration's custom block). */

// ── Fraud scores (fraud/service.ts, fraud/review.ts) ──────────────────────────────────────────

export const fraudItemKind = pgEnum("analytics_fraud_item_kind", ["customer_payment", "supplier_bill", "supplier_payment", "journal_entry"]);
export const fraudMethod = pgEnum("analytics_fraud_method", ["rules", "model"]);
export const fraudVerdict = pgEnum("analytics_fraud_verdict", ["confirmed", "dismissed"]);

/** One row per scored accounting item; rescoring replaces it (the item's kind and id are the key). */
export const analyticsFraudScores = pgTable(
  "analytics_fraud_scores",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    kind: fraudItemKind().notNull(),
    /** The accounting document, payment or entry (not a foreign key: accounting's tables are its own). */
    itemId: uuid().notNull(),
    reference: text(),
    counterpartyId: uuid(),
    counterpartyName: text(),
    amountMinor: text().notNull(),
    currency: text().notNull(),
    /** When the item counts as posted (fraud-items.ts in accounting). */
    postedAt: timestamp({ withTimezone: true }).notNull(),
    /** 0–100, unrounded. */
    score: doublePrecision().notNull(),
    method: fraudMethod().notNull(),
    /** [{ key, value, reason, contribution }], largest contribution first. */
    reasons: jsonb().notNull(),
    /** Every signal [{ key, value, reason }]: what the learned model trains on and rescoring reuses. */
    signals: jsonb().notNull(),
    /** The learned model's version when method = model. */
    modelVersion: integer(),
    scoredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.kind, t.itemId] }),
    index("analytics_fraud_scores_queue_idx").on(t.tenantId, t.score.desc(), t.kind, t.itemId),
    check("analytics_fraud_scores_range", sql`${t.score} between 0 and 100`),
  ],
);

/** A reviewer's verdict on a scored item (one per item; changing it replaces it). */
export const analyticsFraudLabels = pgTable(
  "analytics_fraud_labels",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    kind: fraudItemKind().notNull(),
    itemId: uuid().notNull(),
    verdict: fraudVerdict().notNull(),
    note: text(),
    labelledBy: uuid().references(() => users.id, { onDelete: "set null" }),
    labelledAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind, t.itemId] }), index("analytics_fraud_labels_verdict_idx").on(t.tenantId, t.verdict)],
);

/** Each training of the tenant's model (kept as history); at most one row is in use. */
export const analyticsFraudModels = pgTable(
  "analytics_fraud_models",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    /** The FraudModel (intercept, weights per signal, λ), null when too few labels to fit one. */
    model: jsonb(),
    auc: doublePrecision(),
    rulesAuc: doublePrecision(),
    folds: jsonb().notNull(),
    confirmed: integer().notNull(),
    dismissed: integer().notNull(),
    /** trainModel's reason, in words for the review page. */
    reason: text().notNull(),
    inUse: boolean().notNull().default(false),
    trainedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.version] }), check("analytics_fraud_models_in_use", sql`not ${t.inUse} or ${t.model} is not null`)],
);

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
