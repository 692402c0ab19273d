import { eq } from "drizzle-orm";
import type { z } from "zod";
import { withTenant, type TenantScope } from "../db/tenant";
import { PermanentJobError, type MemberRoleName, type TenantJobContext } from "../jobs/define";
import { recordAudit } from "../modules/audit/service";
import { ValidationFailed } from "../platform/errors";
import { addReason, applyAll, nextIds, type BulkEntity, type BulkSelection } from "./bulk-apply";
import type { BulkTables } from "./tables";

/*
 * The background run of a queued bulk action: batches of BULK_BATCH records in id
 * order, each in one transaction that also locks the job row and advances its cursor and
 * counts, so a retry after a crash resumes after the last committed batch, applying no
 * record twice and none never. A cancelled job (status failed) stops at the next batch.
 */

export const BULK_BATCH = 100;

export type BulkJob = { tenantId: string; jobId: string; userId: string; asMember: TenantJobContext<never>["asMember"] };
export type BulkRunOptions = { batchSize?: number; afterBatch?: (processed: number) => Promise<void> | void };
export type BulkRunResult = { state: "done" | "failed" | "stopped"; processed: number };
/** What one batch ends with: the run's end, a job that can no longer run, or the next batch. */
type Step = BulkRunResult | { invalid: string } | { next: number };

type RunConfig<A> = {
  table: BulkTables["jobs"];
  audit: string;
  editRole: MemberRoleName;
  entityFor(entityType: string): BulkEntity<A>;
  action: z.ZodType<A>;
};

export function bulkRunner<A>({ table, audit, editRole, entityFor, action: actionSchema }: RunConfig<A>) {
  /** Ends a job as failed with `message`, unless it already ended. */
  async function failBulkJob(scope: TenantScope, jobId: string, message: string): Promise<void> {
    await withTenant(scope, async (tx) => {
      const [row] = await tx.select().from(table).where(eq(table.id, jobId)).for("update");
      if (!row || row.status === "done" || row.status === "failed") return;
      await tx.update(table).set({ status: "failed", failure: message.slice(0, 2_000), finishedAt: new Date(), updatedAt: new Date() }).where(eq(table.id, jobId));
      await recordAudit(tx, { action: `${audit}.finished`, entityType: audit, entityId: jobId, after: { status: "failed", processed: row.processedCount, failure: message } });
    });
  }

  /** Runs a queued job for `userId` with their current role (visibility, audit actor), batch by batch. */
  async function runBulkJob(job: BulkJob, options: BulkRunOptions = {}): Promise<BulkRunResult> {
    const { tenantId, jobId, userId } = job;
    const batchSize = options.batchSize ?? BULK_BATCH;
    let role: MemberRoleName;
    try {
      role = await job.asMember(userId, editRole, async (_tx, actor) => actor.role);
    } catch (error) {
      if (!(error instanceof PermanentJobError)) throw error;
      await failBulkJob({ tenantId, userId }, jobId, "The member who started this bulk action can no longer edit records (not a member, or now a viewer). Records handled before stay changed.");
      return { state: "failed", processed: 0 };
    }
    const scope: TenantScope = { tenantId, userId, role };
    const actor = { userId, role };

    for (;;) {
      const step = await withTenant(scope, async (tx): Promise<Step> => {
        const [row] = await tx.select().from(table).where(eq(table.id, jobId)).for("update");
        if (!row) throw new PermanentJobError(`bulk job ${jobId} does not exist`);
        if (row.status === "done" || row.status === "failed") return { state: row.status === "done" ? "done" : "stopped", processed: row.processedCount };
        const entity = entityFor(row.entityType);
        const parsed = actionSchema.safeParse(row.action);
        if (!parsed.success) return { invalid: "The stored action is no longer valid." };
        let ids: string[];
        try {
          ids = await nextIds(tx, entity, row.selection as BulkSelection, row.cursor, batchSize);
        } catch (error) {
          // A filter that no longer fits (a custom field was archived): nothing more can be selected.
          if (error instanceof ValidationFailed) return { invalid: `The filter no longer applies: ${Object.values(error.fields).flat().join(" ")}` };
          throw error;
        }
        if (ids.length === 0) {
          const [after] = await tx.update(table).set({ status: "done", finishedAt: new Date(), updatedAt: new Date() }).where(eq(table.id, jobId)).returning();
          await recordAudit(tx, {
            action: `${audit}.finished`,
            entityType: audit,
            entityId: jobId,
            after: { status: "done", processed: after!.processedCount, done: after!.doneCount, unchanged: after!.unchangedCount, skipped: after!.skippedCount },
          });
          return { state: "done", processed: after!.processedCount };
        }
        const tally = await applyAll(tx, entity, actor, ids, parsed.data);
        const reasons = { ...row.skipReasons };
        for (const [reason, count] of Object.entries(tally.reasons)) addReason(reasons, reason, count);
        await tx
          .update(table)
          .set({
            status: "running",
            cursor: ids[ids.length - 1]!,
            processedCount: row.processedCount + ids.length,
            doneCount: row.doneCount + tally.done,
            unchangedCount: row.unchangedCount + tally.unchanged,
            skippedCount: row.skippedCount + tally.skipped,
            skipReasons: reasons,
            updatedAt: new Date(),
          })
          .where(eq(table.id, jobId));
        return { next: row.processedCount + ids.length };
      });
      if ("invalid" in step) {
        await failBulkJob(scope, jobId, `${step.invalid} Records handled before stay changed.`);
        return { state: "failed", processed: 0 };
      }
      if ("state" in step) return step;
      await options.afterBatch?.(step.next);
    }
  }

  return { runBulkJob, failBulkJob };
}
