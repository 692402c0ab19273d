import { sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { TenantTx } from "../db/tenant";
import { DomainError, NotFound, ValidationFailed } from "../platform/errors";
import type { RecordActor } from "./actor";

/*
 * The per-record half of bulk actions: which records a selection names (in id order, so
 * a run can resume after the last one it handled), and one record through the entity's
 * own service in a savepoint, so a refusal (not visible, invalid) skips that record and
 * leaves the others' changes in place.
 */

/** What a bulk action did to one record: changed it, or found it already as asked. */
export type BulkOutcome = "done" | "unchanged";

/** One entity's side of bulk actions: how its list selects records, and how an action applies to one. */
export interface BulkEntity<A> {
  /** "contact" / "contacts", for reports. */
  one: string;
  many: string;
  /** The list procedure's filters (what "all matching the filter" is). */
  filters: z.ZodType;
  /** The table with the alias its list conditions use (sql`crm_contacts c`), and that alias's id (sql`c.id`). */
  from: SQL;
  id: SQL;
  /** The list's WHERE conditions for parsed `filters` (the same as the list and its export). */
  conditions(tx: TenantTx, filters: unknown): Promise<SQL[]>;
  /** Why this entity cannot take `action` (e.g. a stage for companies), or null. */
  refuses(action: A): string | null;
  /** Checks the action's values once, before any record (e.g. that the new owner is a member). */
  prepare?(tx: TenantTx, actor: RecordActor, action: A): Promise<void>;
  /** Applies the action to one record through the record's own service (validation, audit, events). */
  apply(tx: TenantTx, actor: RecordActor, id: string, action: A): Promise<BulkOutcome>;
}

/** `{ ids }`: these records; `{ filters, excludeIds }`: every record the list shows with these filters, but those. */
export type BulkSelection = { ids: string[] } | { filters: Record<string, unknown>; excludeIds?: string[] };

/** Said for a record the member cannot see, one that is gone, and another tenant's id alike. */
export const NOT_ACCESSIBLE = "Not found, or you do not have access to it.";

/** Why a record was skipped, from the error its service threw; null for an error that is not the record's (rethrown). */
export function skipReason(error: unknown): string | null {
  if (error instanceof NotFound) return NOT_ACCESSIBLE;
  if (error instanceof ValidationFailed) return Object.values(error.fields).flat()[0] ?? error.message;
  if (error instanceof DomainError) return error.message;
  return null;
}

export type RecordResult = { outcome: BulkOutcome } | { skipped: string };

/** One record in a savepoint: its service's refusal rolls back only its own writes. */
export async function applyOne<A>(tx: TenantTx, entity: BulkEntity<A>, actor: RecordActor, id: string, action: A): Promise<RecordResult> {
  try {
    // A nested transaction is a savepoint on the same connection, with the same tenant settings.
    const outcome = await tx.transaction((savepoint) => entity.apply(savepoint as unknown as TenantTx, actor, id, action));
    return { outcome };
  } catch (error) {
    const reason = skipReason(error);
    if (reason === null) throw error;
    return { skipped: reason };
  }
}

/** The next `limit` record ids of a selection after `cursor`, in id order. */
export async function nextIds<A>(tx: TenantTx, entity: BulkEntity<A>, selection: BulkSelection, cursor: string | null, limit: number): Promise<string[]> {
  if ("ids" in selection) return selection.ids.filter((id) => cursor === null || id > cursor).slice(0, limit);
  const conditions = await selectionConditions(tx, entity, selection);
  if (cursor) conditions.push(sql`${entity.id} > ${cursor}::uuid`);
  const rows = await tx.execute<{ id: string }>(sql`select ${entity.id} as id from ${entity.from} where ${sql.join(conditions, sql` and `)} order by ${entity.id} limit ${limit}`);
  return rows.map((r) => r.id);
}

/** The list's conditions for a filter selection, less the excluded ids. */
export async function selectionConditions<A>(tx: TenantTx, entity: BulkEntity<A>, selection: { filters: Record<string, unknown>; excludeIds?: string[] }): Promise<SQL[]> {
  const conditions = [sql`true`, ...(await entity.conditions(tx, selection.filters))];
  if (selection.excludeIds?.length) conditions.push(sql`${entity.id} <> all(${sql.param(selection.excludeIds)}::uuid[])`);
  return conditions;
}

/** How many records a filter selection holds now, as the member sees them. */
export async function countSelection<A>(tx: TenantTx, entity: BulkEntity<A>, selection: { filters: Record<string, unknown>; excludeIds?: string[] }): Promise<number> {
  const conditions = await selectionConditions(tx, entity, selection);
  const [row] = await tx.execute<{ count: number }>(sql`select count(*)::int as count from ${entity.from} where ${sql.join(conditions, sql` and `)}`);
  return row?.count ?? 0;
}

/** A report's counts as they add up over batches. */
export type BulkTally = { done: number; unchanged: number; skipped: number; reasons: Record<string, number> };

export const emptyTally = (): BulkTally => ({ done: 0, unchanged: 0, skipped: 0, reasons: {} });

/** At most this many distinct skip reasons are kept; the rest are counted under one. */
const MAX_REASONS = 20;
const OTHER_REASONS = "Other reasons.";

/** Adds `count` records skipped for `reason` (or, past MAX_REASONS distinct ones, under "Other reasons."). */
export function addReason(reasons: Record<string, number>, reason: string, count = 1): void {
  const known = reason in reasons || Object.keys(reasons).filter((r) => r !== OTHER_REASONS).length < MAX_REASONS;
  const key = known ? reason : OTHER_REASONS;
  reasons[key] = (reasons[key] ?? 0) + count;
}

export function tallyOne(tally: BulkTally, result: RecordResult): void {
  if ("outcome" in result) {
    tally[result.outcome]++;
    return;
  }
  tally.skipped++;
  addReason(tally.reasons, result.skipped);
}

/** Applies the action to `ids` one by one (in one transaction), tallying what happened. */
export async function applyAll<A>(tx: TenantTx, entity: BulkEntity<A>, actor: RecordActor, ids: string[], action: A, tally: BulkTally = emptyTally()): Promise<BulkTally> {
  for (const id of ids) tallyOne(tally, await applyOne(tx, entity, actor, id, action));
  return tally;
}

/** The reasons of a tally, most frequent first. */
export function reasonList(reasons: Record<string, number>): { reason: string; count: number }[] {
  return Object.entries(reasons)
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
