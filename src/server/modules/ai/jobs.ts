import { z } from "zod";
import { defineJob, PermanentJobError } from "../../jobs/define";
import { failDocument, ingestDocument } from "./documents/ingest";
import { DOCUMENT_UPLOADED } from "./events";

const INGEST_RETRIES = 3;
const ingestPayload = z.object({ documentId: z.uuid(), userId: z.uuid() });

/**
 * Processes an uploaded document (./documents/ingest.ts) as the system: the uploader may
 * have left since, and the document belongs to the organization. A file that cannot be read
 * fails at once with the reason; an unexpected error is retried, and after the last attempt
 * the document is marked failed with it (re-index to try again).
 */
export const ingestDocumentJob = defineJob({
  id: "ai-ingest",
  event: DOCUMENT_UPLOADED,
  retries: INGEST_RETRIES,
  timeoutSeconds: 30 * 60,
  async handler({ event, tenantId, attempt, logger, withTenant }) {
    const parsed = ingestPayload.safeParse(event.data);
    if (!parsed.success) throw new PermanentJobError(`invalid ai/document.uploaded event: ${parsed.error.issues[0]?.message ?? "bad payload"}`);
    const { documentId } = parsed.data;
    try {
      const result = await ingestDocument(tenantId, documentId, withTenant);
      logger.info("ai document ingested", { documentId, ...result });
      return { status: result.status, chunks: result.chunks, embedded: result.embedded };
    } catch (error) {
      if (attempt > INGEST_RETRIES) {
        const reason = error instanceof Error ? error.message : String(error);
        await failDocument(withTenant, documentId, `Processing stopped after ${attempt} attempts: ${reason}. Re-index the document to try again.`);
      }
      throw error;
    }
  },
});
