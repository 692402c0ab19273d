import { z } from "zod";
import { defineJob, PermanentJobError } from "../../jobs/define";
import { CRM_IMPORT_EVENT, failImport, runImport } from "./imports/imports";

export { CRM_IMPORT_EVENT };

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
