import { z } from "zod";
import { defineJob, PermanentJobError } from "../../jobs/define";
import { failBulkJob, INVENTORY_BULK_EVENT, runBulkJob } from "./bulk";
import { failImport, INVENTORY_IMPORT_EVENT, runImport } from "./imports/imports";

export { INVENTORY_BULK_EVENT, INVENTORY_IMPORT_EVENT };

const IMPORT_RETRIES = 3;
const importPayload = z.object({ importId: z.uuid(), userId: z.uuid() });

/**
 * Runs a started product import (./imports/imports.ts) as the member who started it, with
 * their role (audit actor, what they may change). A failed attempt is retried and resumes
 * after the last committed batch; after the last attempt the import is marked failed.
 */
export const inventoryImportJob = defineJob({
  id: "inventory-import",
  event: INVENTORY_IMPORT_EVENT,
  retries: IMPORT_RETRIES,
  timeoutSeconds: 30 * 60,
  async handler({ event, tenantId, attempt, logger, asMember }) {
    const parsed = importPayload.safeParse(event.data);
    if (!parsed.success) throw new PermanentJobError(`invalid import event: ${parsed.error.issues[0]?.message ?? "bad payload"}`);
    const { importId, userId } = parsed.data;
    try {
      const result = await runImport({ tenantId, importId, userId, asMember });
      logger.info("inventory import ran", { importId, ...result });
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
 * Runs a queued bulk action on products (./bulk.ts) as the member who asked for it, batch
 * by batch; a retry resumes after the last committed batch. After the last attempt the job
 * is marked failed with the error (products handled before keep their changes).
 */
export const inventoryBulkJob = defineJob({
  id: "inventory-bulk",
  event: INVENTORY_BULK_EVENT,
  retries: BULK_RETRIES,
  timeoutSeconds: 30 * 60,
  async handler({ event, tenantId, attempt, logger, asMember }) {
    const parsed = bulkPayload.safeParse(event.data);
    if (!parsed.success) throw new PermanentJobError(`invalid bulk event: ${parsed.error.issues[0]?.message ?? "bad payload"}`);
    const { jobId, userId } = parsed.data;
    try {
      const result = await runBulkJob({ tenantId, jobId, userId, asMember });
      logger.info("inventory bulk action ran", { jobId, ...result });
      return result;
    } catch (error) {
      if (attempt > BULK_RETRIES) {
        const reason = error instanceof Error ? error.message : String(error);
        await failBulkJob({ tenantId, userId }, jobId, `The bulk action stopped after ${attempt} attempts: ${reason}. Products handled before stay changed.`);
      }
      throw error;
    }
  },
});
