import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../../db/tenant";
import { publishEvent } from "../../../jobs/publish";
import { NotFound } from "../../../platform/errors";
import { optionalText, parseInput } from "../../../platform/validate";
import { FRAUD_ITEM_KINDS } from "../../accounting/events";
import { recordAudit } from "../../audit/service";
import { currentPlan } from "../../orgs/limits";
import { PLANS } from "../../orgs/plans";
import { FRAUD_LABELLED } from "../events";
import { analyticsFraudLabels, analyticsFraudModels, analyticsFraudScores } from "../schema";
import { itemPath } from "./links";
import { rescoreStored } from "./service";
import { trainModel, type FoldResult, type FraudModel, type Signal } from "./index";

/* The review queue (admins): scored items highest first, confirm or dismiss, retrain the tenant's model. */

export const FRAUD_STATUSES = ["to_review", "confirmed", "dismissed"] as const;

export const queueInput = z.object({
  status: z.enum(FRAUD_STATUSES).default("to_review"),
  kind: z.enum(FRAUD_ITEM_KINDS).optional(),
  limit: z.number().int().min(1).max(100).default(25),
  cursor: z.object({ score: z.number().min(0).max(100), kind: z.enum(FRAUD_ITEM_KINDS), itemId: z.uuid() }).nullish(),
});

export type QueueRow = {
  kind: (typeof FRAUD_ITEM_KINDS)[number];
  itemId: string;
  reference: string | null;
  counterpartyName: string | null;
  amountMinor: string;
  currency: string;
  postedAt: Date;
  score: number;
  method: "rules" | "model";
  reasons: { key: string; value: number; reason: string; contribution: number }[];
  href: string;
  label: { verdict: "confirmed" | "dismissed"; note: string | null; labelledBy: string | null; labelledAt: Date } | null;
};

export async function listFraudQueue(tx: TenantTx, rawInput: z.input<typeof queueInput>): Promise<{ items: QueueRow[]; nextCursor: z.infer<typeof queueInput>["cursor"] }> {
  const input = parseInput(queueInput, rawInput);
  const s = analyticsFraudScores;
  const l = analyticsFraudLabels;
  const conditions = [
    input.status === "to_review" ? sql`${l.verdict} is null` : eq(l.verdict, input.status),
    input.kind ? eq(s.kind, input.kind) : undefined,
    // Keyset on (score desc, kind, item id): the queue index's order.
    input.cursor ? sql`(${s.score} < ${input.cursor.score} or (${s.score} = ${input.cursor.score} and (${s.kind}, ${s.itemId}) > (${input.cursor.kind}::analytics_fraud_item_kind, ${input.cursor.itemId}::uuid)))` : undefined,
  ];
  const rows = await tx
    .select({
      kind: s.kind,
      itemId: s.itemId,
      reference: s.reference,
      counterpartyName: s.counterpartyName,
      amountMinor: s.amountMinor,
      currency: s.currency,
      postedAt: s.postedAt,
      score: s.score,
      method: s.method,
      reasons: s.reasons,
      verdict: l.verdict,
      note: l.note,
      labelledAt: l.labelledAt,
      labelledBy: sql<string | null>`(select coalesce(nullif(name, ''), email) from member_directory where user_id = ${l.labelledBy})`,
    })
    .from(s)
    .leftJoin(l, and(eq(l.kind, s.kind), eq(l.itemId, s.itemId)))
    .where(and(...conditions))
    .orderBy(desc(s.score), s.kind, s.itemId)
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      kind: r.kind,
      itemId: r.itemId,
      reference: r.reference,
      counterpartyName: r.counterpartyName,
      amountMinor: r.amountMinor,
      currency: r.currency,
      postedAt: r.postedAt,
      score: r.score,
      method: r.method,
      reasons: r.reasons as QueueRow["reasons"],
      href: itemPath(r.kind, r.itemId),
      label: r.verdict ? { verdict: r.verdict, note: r.note, labelledBy: r.labelledBy, labelledAt: r.labelledAt! } : null,
    })),
    nextCursor: rows.length > input.limit && last ? { score: last.score, kind: last.kind, itemId: last.itemId } : null,
  };
}

export const labelInput = z.object({
  kind: z.enum(FRAUD_ITEM_KINDS),
  itemId: z.uuid(),
  verdict: z.enum(["confirmed", "dismissed"]),
  note: optionalText(1000, "The note"),
});

/** Confirms or dismisses a scored item (changing a verdict replaces it), audited; the model is retrained by a job. */
export async function labelFraudItem(tx: TenantTx, actor: Actor, rawInput: z.input<typeof labelInput>) {
  const input = parseInput(labelInput, rawInput);
  const [scored] = await tx
    .select({ reference: analyticsFraudScores.reference, score: analyticsFraudScores.score })
    .from(analyticsFraudScores)
    .where(and(eq(analyticsFraudScores.kind, input.kind), eq(analyticsFraudScores.itemId, input.itemId)));
  if (!scored) throw new NotFound("This item has no fraud score (it may not exist, or was not scored yet).");
  const [before] = await tx.select({ verdict: analyticsFraudLabels.verdict, note: analyticsFraudLabels.note }).from(analyticsFraudLabels).where(and(eq(analyticsFraudLabels.kind, input.kind), eq(analyticsFraudLabels.itemId, input.itemId)));
  const values = { kind: input.kind, itemId: input.itemId, verdict: input.verdict, note: input.note ?? null, labelledBy: actor.userId, labelledAt: new Date() };
  await tx.insert(analyticsFraudLabels).values(values).onConflictDoUpdate({ target: [analyticsFraudLabels.tenantId, analyticsFraudLabels.kind, analyticsFraudLabels.itemId], set: values });
  await recordAudit(tx, {
    action: `analytics.fraud_item.${input.verdict}`,
    entityType: "analytics.fraud_item",
    entityId: input.itemId,
    before: before ?? null,
    after: { kind: input.kind, reference: scored.reference, score: Math.round(scored.score), verdict: input.verdict, note: input.note ?? null },
  });
  await publishEvent(tx, { event: FRAUD_LABELLED, data: { kind: input.kind, itemId: input.itemId } });
  return { kind: input.kind, itemId: input.itemId, verdict: input.verdict };
}

export type ModelState = {
  version: number;
  inUse: boolean;
  auc: number | null;
  rulesAuc: number | null;
  folds: FoldResult[];
  confirmed: number;
  dismissed: number;
  reason: string;
  trainedAt: Date;
};

/** Trains on every label (trainModel in score.ts), stores the result as a new version, and rescores with whichever method won. */
export async function retrainFraudModel(tx: TenantTx): Promise<ModelState> {
  // One training at a time per tenant: versions are max + 1.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('analytics:fraud-model:' || current_setting('app.tenant_id'), 0))`);
  const labelled = await tx
    .select({ verdict: analyticsFraudLabels.verdict, signals: analyticsFraudScores.signals })
    .from(analyticsFraudLabels)
    .innerJoin(analyticsFraudScores, and(eq(analyticsFraudScores.kind, analyticsFraudLabels.kind), eq(analyticsFraudScores.itemId, analyticsFraudLabels.itemId)));
  const result = trainModel(labelled.map((row) => ({ signals: row.signals as Signal[], fraud: row.verdict === "confirmed" })));
  const [last] = await tx.select({ version: sql<number>`coalesce(max(${analyticsFraudModels.version}), 0)::int` }).from(analyticsFraudModels);
  const version = (last?.version ?? 0) + 1;
  const confirmed = labelled.filter((row) => row.verdict === "confirmed").length;
  await tx.update(analyticsFraudModels).set({ inUse: false }).where(eq(analyticsFraudModels.inUse, true));
  const [stored] = await tx
    .insert(analyticsFraudModels)
    .values({ version, model: result.model, auc: result.auc, rulesAuc: result.rulesAuc, folds: result.folds, confirmed, dismissed: labelled.length - confirmed, reason: result.reason, inUse: result.model !== null })
    .returning();
  await rescoreStored(tx);
  return modelState(stored!);
}

function modelState(row: typeof analyticsFraudModels.$inferSelect): ModelState {
  return {
    version: row.version,
    inUse: row.inUse,
    auc: row.auc,
    rulesAuc: row.rulesAuc,
    folds: row.folds as FoldResult[],
    confirmed: row.confirmed,
    dismissed: row.dismissed,
    reason: row.reason,
    trainedAt: row.trainedAt,
  };
}

export type FraudStatus = {
  enabled: boolean;
  planLabel: string;
  scored: number;
  toReview: number;
  confirmed: number;
  dismissed: number;
  /** The latest training (null before the first label); `inUse` says whether its model scores. */
  model: ModelState | null;
  weights: FraudModel["weights"] | null;
};

/** What the review page shows above the queue: the plan, the counts, the method in use and why. */
export async function fraudStatus(tx: TenantTx): Promise<FraudStatus> {
  const plan = await currentPlan(tx);
  const [counts] = await tx.execute<{ scored: number; to_review: number; confirmed: number; dismissed: number }>(sql`
    select count(*)::int as scored,
           count(*) filter (where l.verdict is null)::int as to_review,
           count(*) filter (where l.verdict = 'confirmed')::int as confirmed,
           count(*) filter (where l.verdict = 'dismissed')::int as dismissed
      from analytics_fraud_scores s left join analytics_fraud_labels l on l.kind = s.kind and l.item_id = s.item_id`);
  const [latest] = await tx.select().from(analyticsFraudModels).orderBy(desc(analyticsFraudModels.version)).limit(1);
  return {
    enabled: PLANS[plan].features.fraud_scores,
    planLabel: PLANS[plan].label,
    scored: counts?.scored ?? 0,
    toReview: counts?.to_review ?? 0,
    confirmed: counts?.confirmed ?? 0,
    dismissed: counts?.dismissed ?? 0,
    model: latest ? modelState(latest) : null,
    weights: latest?.inUse && latest.model ? (latest.model as FraudModel).weights : null,
  };
}
