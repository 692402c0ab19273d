import { sql } from "drizzle-orm";
import { boolean, check, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
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
