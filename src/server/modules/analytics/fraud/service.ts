import { and, desc, eq, sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/tenant";
import { fraudItemHistory, listFraudItems, type FraudItemRow } from "../../accounting/fraud-items";
import type { FraudItemKind } from "../../accounting/events";
import { currentPlan } from "../../orgs/limits";
import { currentOrganization } from "../../orgs/settings";
import { PLANS } from "../../orgs/plans";
import { analyticsFraudModels, analyticsFraudScores } from "../schema";
import { counterpartyKey, computeSignals, DEFAULT_SIGNAL_OPTIONS, scoreItem, type FraudModel, type History, type ScoredItem, type Signal } from "./index";

/*
 * Fraud scores stored (README.md "In the app"): accounting's items are loaded through
 * accounting/fraud-items.ts, each item's History from SQL statistics of the items before it,
 * scored by the rules or by the tenant's learned model when one is in use, and upserted
 * (rescoring replaces). A paid feature: on a plan without `fraud_scores` nothing is recorded.
 */

export type ItemRef = { kind: FraudItemKind; id: string };

/** Whether the tenant's plan includes fraud scores (the job and backfill skip otherwise). */
export async function fraudScoresEnabled(tx: TenantTx): Promise<boolean> {
  return PLANS[await currentPlan(tx)].features.fraud_scores;
}

/** The model in use, with its version, or null (rules). */
export async function modelInUse(tx: TenantTx): Promise<{ version: number; model: FraudModel } | null> {
  const [row] = await tx
    .select({ version: analyticsFraudModels.version, model: analyticsFraudModels.model })
    .from(analyticsFraudModels)
    .where(eq(analyticsFraudModels.inUse, true))
    .orderBy(desc(analyticsFraudModels.version))
    .limit(1);
  return row?.model ? { version: row.version, model: row.model as FraudModel } : null;
}

function historyOf(item: ScoredItem, stats: Awaited<ReturnType<typeof fraudItemHistory>>): History {
  const amounts = new Map<string, { count: number; medianLog: number; madLog: number }>();
  if (item.counterpartyId !== null && stats.counterparty) amounts.set(counterpartyKey(item.counterpartyId, item.currency), stats.counterparty);
  const firstSeen = new Map<string, Date>();
  if (item.counterpartyId !== null && stats.firstSeen) firstSeen.set(item.counterpartyId, stats.firstSeen);
  const largeAmountMinor = new Map<string, bigint>();
  if (stats.currencyQuantileMinor !== null && stats.currencyCount >= DEFAULT_SIGNAL_OPTIONS.largeAmountMinHistory) largeAmountMinor.set(item.currency, stats.currencyQuantileMinor);
  return { amounts, firstSeen, recent: stats.sameAmountRecent.map((row) => toScored(row, item.timeZone)), leadingDigits: stats.leadingDigits, largeAmountMinor };
}

function toScored(row: FraudItemRow, timeZone: string): ScoredItem {
  return {
    id: row.id,
    kind: row.kind,
    reference: row.reference ?? undefined,
    counterpartyId: row.counterpartyId,
    counterpartyName: row.counterpartyName ?? undefined,
    amountMinor: row.amountMinor,
    currency: row.currency,
    postedAt: row.postedAt,
    timeZone,
    createdBy: row.createdBy,
    approvedBy: row.approvedBy,
  };
}

/** People are named in reasons, never shown as ids (the pure library knows only ids). */
async function namePeople(tx: TenantTx, signals: Signal[], item: ScoredItem): Promise<Signal[]> {
  const same = signals.find((s) => s.key === "same_creator_approver");
  if (!same || same.value === 0 || !item.createdBy) return signals;
  const [person] = await tx.execute<{ name: string }>(sql`select coalesce(nullif(name, ''), email) as name from member_directory where user_id = ${item.createdBy}`);
  const name = person?.name ?? "a former member";
  return signals.map((s) => (s === same ? { ...s, reason: `Created and approved by the same person (${name})` } : s));
}

async function storeScore(tx: TenantTx, row: FraudItemRow, signals: Signal[], model: { version: number; model: FraudModel } | null): Promise<void> {
  const scored = scoreItem(signals, model?.model ?? null);
  const values = {
    kind: row.kind,
    itemId: row.id,
    reference: row.reference,
    counterpartyId: row.counterpartyId,
    counterpartyName: row.counterpartyName,
    amountMinor: row.amountMinor.toString(),
    currency: row.currency,
    postedAt: row.postedAt,
    score: Math.min(100, Math.max(0, scored.score)),
    method: scored.method,
    reasons: scored.reasons,
    signals,
    modelVersion: scored.method === "model" ? (model?.version ?? null) : null,
    scoredAt: new Date(),
  };
  await tx
    .insert(analyticsFraudScores)
    .values(values)
    .onConflictDoUpdate({ target: [analyticsFraudScores.tenantId, analyticsFraudScores.kind, analyticsFraudScores.itemId], set: values });
}

/** Scores the named items (idempotent: a rescore replaces the row). Returns how many were scored; 0 when the plan lacks the feature. */
export async function scoreFraudItems(tx: TenantTx, refs: readonly ItemRef[]): Promise<number> {
  if (!refs.length || !(await fraudScoresEnabled(tx))) return 0;
  return scoreRows(tx, await listFraudItems(tx, { refs }));
}

async function scoreRows(tx: TenantTx, rows: readonly FraudItemRow[]): Promise<number> {
  const { timeZone } = await currentOrganization(tx);
  const model = await modelInUse(tx);
  for (const row of rows) {
    const item = toScored(row, timeZone);
    const stats = await fraudItemHistory(tx, row, { duplicateWindowDays: DEFAULT_SIGNAL_OPTIONS.duplicateWindowDays, largeAmountQuantile: DEFAULT_SIGNAL_OPTIONS.largeAmountQuantile });
    const signals = await namePeople(tx, computeSignals(item, historyOf(item, stats)), item);
    await storeScore(tx, row, signals, model);
  }
  return rows.length;
}

/** Backfill: scores every item not scored yet, oldest first (the demo and the review page's refresh). */
export async function scoreUnscored(tx: TenantTx, options: { limit?: number } = {}): Promise<{ scored: number; remaining: number }> {
  if (!(await fraudScoresEnabled(tx))) return { scored: 0, remaining: 0 };
  const all = await listFraudItems(tx);
  const done = new Set((await tx.select({ kind: analyticsFraudScores.kind, id: analyticsFraudScores.itemId }).from(analyticsFraudScores)).map((r) => `${r.kind}:${r.id}`));
  const missing = all.filter((row) => !done.has(`${row.kind}:${row.id}`));
  const batch = options.limit === undefined ? missing : missing.slice(0, options.limit);
  await scoreRows(tx, batch);
  return { scored: batch.length, remaining: missing.length - batch.length };
}

/** After the model changed: every stored score recomputed from its stored signals (no history needed). */
export async function rescoreStored(tx: TenantTx): Promise<number> {
  const model = await modelInUse(tx);
  const rows = await tx.select({ kind: analyticsFraudScores.kind, itemId: analyticsFraudScores.itemId, signals: analyticsFraudScores.signals }).from(analyticsFraudScores);
  for (const row of rows) {
    const scored = scoreItem(row.signals as Signal[], model?.model ?? null);
    await tx
      .update(analyticsFraudScores)
      .set({ score: Math.min(100, Math.max(0, scored.score)), method: scored.method, reasons: scored.reasons, modelVersion: scored.method === "model" ? (model?.version ?? null) : null, scoredAt: new Date() })
      .where(and(eq(analyticsFraudScores.kind, row.kind), eq(analyticsFraudScores.itemId, row.itemId)));
  }
  return rows.length;
}
