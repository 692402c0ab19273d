import { eq } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../db/tenant";
import type { MemberRoleName } from "../jobs/define";
import type { EventDefinition } from "../jobs/events";
import { publishEvent } from "../jobs/publish";
import { recordAudit } from "../modules/audit/service";
import { roleAtLeast } from "../modules/orgs/roles";
import { Conflict, NotFound, ValidationFailed } from "../platform/errors";
import { parseInput } from "../platform/validate";
import type { RecordActor } from "./actor";
import { applyAll, countSelection, reasonList, type BulkEntity, type BulkSelection, type BulkTally } from "./bulk-apply";
import { bulkRunner } from "./bulk-run";
import type { BulkTables } from "./tables";

/*
 * Bulk actions on record lists (assign an owner, change a stage, add or remove tags,
 * delete…), for any entity with a BulkEntity. Every record goes through the entity's own
 * per-record service, as a single edit would: same validation, visibility and audit
 * entry per record. A selection of up to BULK_IN_REQUEST ids runs in the request; a
 * larger one, or "every record matching the filter" (the filter itself, resolved on the
 * server), is queued as a job with an outbox event, run in batches that each commit
 * their records with the job's progress (./bulk-run.ts), and polled for its report.
 */

export { BULK_BATCH } from "./bulk-run";
export type { BulkEntity, BulkOutcome, BulkSelection } from "./bulk-apply";

/** Selections of at most this many ids run in the request; larger ones as a job. */
export const BULK_IN_REQUEST = 200;
/** Ids one selection may list: past that, "all matching the filter" is the way. */
export const BULK_MAX_IDS = 10_000;

/** The payload of a module's "bulk action requested" event. */
export type BulkRequested = { jobId: string; userId: string };

export type BulkConfig<E extends string, A, AInput = A> = {
  tables: BulkTables;
  entities: Record<E, BulkEntity<A>>;
  /** The actions, as a zod schema (a discriminated union on `type`). */
  action: z.ZodType<A, AInput>;
  event: EventDefinition<BulkRequested>;
  /** Audit action prefix and entity type of the jobs, e.g. "crm.bulk" (→ "crm.bulk.started"). */
  audit: string;
  /** Who may run bulk actions, and who may see and cancel everyone's runs. */
  roles: { edit: MemberRoleName; manageAll: MemberRoleName };
};

/** What a run did: counts, and why records were skipped (most frequent reason first). */
export type BulkReport = { total: number; done: number; unchanged: number; skipped: number; reasons: { reason: string; count: number }[] };

const TOO_MANY_IDS = `Select at most ${BULK_MAX_IDS.toLocaleString("en-US")} records by hand, or choose every record matching the filter.`;

const idList = z
  .array(z.uuid("Invalid id."))
  .min(1, "Select at least one record.")
  .max(BULK_MAX_IDS, TOO_MANY_IDS)
  .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))].sort());

const selectionInput = z.union([
  z.strictObject({ ids: idList }),
  z.strictObject({ filters: z.record(z.string(), z.unknown()), excludeIds: z.array(z.uuid()).max(BULK_MAX_IDS, TOO_MANY_IDS).optional() }),
]);

function reportOf(total: number, tally: BulkTally): BulkReport {
  return { total, done: tally.done, unchanged: tally.unchanged, skipped: tally.skipped, reasons: reasonList(tally.reasons) };
}

export function defineBulk<E extends string, A extends { type: string }, AInput = A>(config: BulkConfig<E, A, AInput>) {
  const { tables, entities, audit } = config;
  const entityTypes = Object.keys(entities) as [E, ...E[]];
  const table = tables.jobs;
  type JobRow = typeof table.$inferSelect;

  const bulkInput = z.object({ entityType: z.enum(entityTypes), selection: selectionInput, action: config.action });
  const bulkCountInput = z.object({
    entityType: z.enum(entityTypes),
    filters: z.record(z.string(), z.unknown()),
    excludeIds: z.array(z.uuid()).max(BULK_MAX_IDS, TOO_MANY_IDS).optional(),
  });

  /** The selection with its filters parsed by the entity's list input (unknown filters dropped, bad ones refused). */
  function checkedSelection(entity: BulkEntity<A>, selection: z.output<typeof selectionInput>): BulkSelection {
    if ("ids" in selection) return selection;
    const filters = parseInput(entity.filters, selection.filters) as Record<string, unknown>;
    return { filters, ...(selection.excludeIds?.length ? { excludeIds: selection.excludeIds.map((id) => id.toLowerCase()) } : {}) };
  }

  function summary(row: JobRow) {
    return {
      id: row.id,
      entityType: row.entityType as E,
      actionType: String(row.action.type ?? ""),
      status: row.status,
      total: row.total,
      processed: row.processedCount,
      report: { total: row.total, done: row.doneCount, unchanged: row.unchangedCount, skipped: row.skippedCount, reasons: reasonList(row.skipReasons) } satisfies BulkReport,
      failure: row.failure,
      createdAt: row.createdAt,
      finishedAt: row.finishedAt,
    };
  }
  type JobSummary = ReturnType<typeof summary>;

  /**
   * Runs a bulk action: checks the action once (a bad owner or stage changes nothing),
   * then either applies it to a small selection here and returns the report, or queues
   * the job and returns it (to poll with `getBulkJob`).
   */
  async function runBulk(
    tx: TenantTx,
    actor: RecordActor,
    rawInput: z.input<typeof bulkInput>,
  ): Promise<{ mode: "done"; report: BulkReport } | { mode: "queued"; job: JobSummary }> {
    const input = parseInput(bulkInput, rawInput);
    const entityType = input.entityType as E;
    const entity = entities[entityType];
    const action = input.action as A;
    const refusal = entity.refuses(action);
    if (refusal) throw new ValidationFailed({ action: [refusal] }, refusal);
    await entity.prepare?.(tx, actor, action);
    const selection = checkedSelection(entity, input.selection);

    if ("ids" in selection && selection.ids.length <= BULK_IN_REQUEST) {
      return { mode: "done", report: reportOf(selection.ids.length, await applyAll(tx, entity, actor, selection.ids, action)) };
    }
    const total = "ids" in selection ? selection.ids.length : await countSelection(tx, entity, selection);
    if (total === 0) return { mode: "done", report: reportOf(0, { done: 0, unchanged: 0, skipped: 0, reasons: {} }) };
    const [row] = await tx
      .insert(table)
      .values({ entityType, action: action as Record<string, unknown>, selection: selection as Record<string, unknown>, total, createdBy: actor.userId })
      .returning();
    await recordAudit(tx, { action: `${audit}.started`, entityType: audit, entityId: row!.id, after: { entityType, action, total, selection: "ids" in selection ? { ids: selection.ids.length } : selection } });
    // The job acts for whoever asked (their role decides what it may see and change).
    await publishEvent(tx, { event: config.event, data: { jobId: row!.id, userId: actor.userId }, idempotencyKey: row!.id });
    return { mode: "queued", job: summary(row!) };
  }

  /** A run's progress and report: for the member who started it, and those who manage everyone's. */
  async function getBulkJob(tx: TenantTx, actor: RecordActor, id: string): Promise<JobSummary> {
    const [row] = await tx.select().from(table).where(eq(table.id, id));
    if (!row || (row.createdBy !== actor.userId && !roleAtLeast(actor.role, config.roles.manageAll))) throw new NotFound("This bulk action does not exist, or someone else started it.");
    return summary(row);
  }

  /** Stops a queued or running job: records already changed stay changed. */
  async function cancelBulkJob(tx: TenantTx, actor: RecordActor, id: string): Promise<JobSummary> {
    const current = await getBulkJob(tx, actor, id);
    if (current.status === "done" || current.status === "failed") throw new Conflict("This bulk action has already finished.");
    const [after] = await tx
      .update(table)
      .set({ status: "failed", failure: "Cancelled. Records handled before that keep their changes.", finishedAt: new Date(), updatedAt: new Date() })
      .where(eq(table.id, id))
      .returning();
    await recordAudit(tx, { action: `${audit}.cancelled`, entityType: audit, entityId: id, after: summary(after!).report });
    return summary(after!);
  }

  /** How many records "all matching the filter" holds now, as the member sees them. */
  async function countBulkSelection(tx: TenantTx, rawInput: z.input<typeof bulkCountInput>): Promise<{ count: number }> {
    const input = parseInput(bulkCountInput, rawInput);
    const entity = entities[input.entityType as E];
    const selection = checkedSelection(entity, { filters: input.filters, excludeIds: input.excludeIds });
    return { count: await countSelection(tx, entity, selection as { filters: Record<string, unknown>; excludeIds?: string[] }) };
  }

  const { runBulkJob, failBulkJob } = bulkRunner({
    table,
    audit,
    editRole: config.roles.edit,
    entityFor: (entityType) => entities[entityType as E],
    action: config.action,
  });

  return { bulkInput, bulkCountInput, runBulk, getBulkJob, cancelBulkJob, countBulkSelection, runBulkJob, failBulkJob };
}
