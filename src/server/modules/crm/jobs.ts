import { z } from "zod";
import { defineJob, PermanentJobError } from "../../jobs/define";
import { CRM_BULK_EVENT, failBulkJob, runBulkJob } from "./bulk/bulk";
import { CRM_IMPORT_EVENT, failImport, runImport } from "./imports/imports";

export { CRM_BULK_EVENT, CRM_IMPORT_EVENT };

const IMPORT_RETRIES = 3;

const importPayload = z.object({ importId: z.uuid(), userId: z.uuid() });

/**
 * Runs a started CSV import (see ./imports/imports.ts). It enters the tenant as the member who
 * started the import, with their role, so record visibility and the audit actor are
 * theirs, not the system's. A failed attempt is retried and resumes after the last
 * committed batch; after the last attempt the import is marked failed with the error.
 */
export const crmImportJob = defineJob({
  id: "crm-import",
  event: CRM_IMPORT_EVENT,
  retries: IMPORT_RETRIES,
  // A 50 MB file is several hundred thousand rows; an attempt that outlives this is retried (and resumes).
  timeoutSeconds: 30 * 60,
  async handler({ event, tenantId, attempt, logger, asMember }) {
    const parsed = importPayload.safeParse(event.data);
    if (!parsed.success) throw new PermanentJobError(`invalid import event: ${parsed.error.issues[0]?.message ?? "bad payload"}`);
    const { importId, userId } = parsed.data;
    try {
      const result = await runImport({ tenantId, importId, userId, asMember });
      logger.info("crm import ran", { importId, ...result });
      return result;
    } catch (error) {
      if (attempt > IMPORT_RETRIES) {
        const reason = error instanceof Error ? error.message : String(error);
        await failImport({ tenantId, userId }, importId, `The import stopped after ${attempt} attempts: ${reason}. Rows imported before that stay; import the rest again.`);
      }
      throw error;
    }
  },
});

const BULK_RETRIES = 3;
const bulkPayload = z.object({ jobId: z.uuid(), userId: z.uuid() });

/**
 * Runs a queued bulk action (./bulk/bulk.ts) as the member who asked for it, batch by
 * batch; a retry resumes after the last committed batch. After the last attempt the job
 * is marked failed with the error (records handled before keep their changes).
 */
export const crmBulkJob = defineJob({
  id: "crm-bulk",
  event: CRM_BULK_EVENT,
  retries: BULK_RETRIES,
  timeoutSeconds: 30 * 60,
  async handler({ event, tenantId, attempt, logger, asMember }) {
    const parsed = bulkPayload.safeParse(event.data);
    if (!parsed.success) throw new PermanentJobError(`invalid bulk event: ${parsed.error.issues[0]?.message ?? "bad payload"}`);
    const { jobId, userId } = parsed.data;
    try {
      const result = await runBulkJob({ tenantId, jobId, userId, asMember });
      logger.info("crm bulk action ran", { jobId, ...result });
      return result;
    } catch (error) {
      if (attempt > BULK_RETRIES) {
        const reason = error instanceof Error ? error.message : String(error);
        await failBulkJob({ tenantId, userId }, jobId, `The bulk action stopped after ${attempt} attempts: ${reason}. Records handled before stay changed.`);
      }
      throw error;
    }
  },
});
