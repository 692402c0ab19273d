import { createHash, randomUUID } from "node:crypto";
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import type { Actor, TenantTx } from "../../../db/tenant";
import { publishEvent } from "../../../jobs/publish";
import { Forbidden, NotFound, ValidationFailed } from "../../../platform/errors";
import { recordAudit } from "../../audit/service";
import { roleAtLeast } from "../../orgs/roles";
import { PLANS } from "../../orgs/plans";
import { currentPlan } from "../../orgs/limits";
import { changeCorpus } from "../corpus";
import { DOCUMENT_UPLOADED } from "../events";
import { assertDocumentCapacity } from "../limits";
import { AI } from "../permissions";
import { aiDocumentFiles, aiDocuments } from "../schema";
import { detectDocumentType } from "./extract";
import { deleteAfterCommit, storageKeys, storeThenCommit, type FileLocation } from "../../../storage";

/** The largest file the upload route reads; each plan's own limit is `PLANS[plan].aiDocumentBytes`. */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

export type AiDocument = typeof aiDocuments.$inferSelect;

export type DocumentRow = Pick<
  AiDocument,
  "id" | "title" | "fileName" | "fileType" | "byteSize" | "status" | "failureReason" | "progress" | "chunkCount" | "embeddingModel" | "uploadedBy" | "createdAt" | "processedAt"
>;

const rowColumns = {
  id: aiDocuments.id,
  title: aiDocuments.title,
  fileName: aiDocuments.fileName,
  fileType: aiDocuments.fileType,
  byteSize: aiDocuments.byteSize,
  status: aiDocuments.status,
  failureReason: aiDocuments.failureReason,
  progress: aiDocuments.progress,
  chunkCount: aiDocuments.chunkCount,
  embeddingModel: aiDocuments.embeddingModel,
  uploadedBy: aiDocuments.uploadedBy,
  createdAt: aiDocuments.createdAt,
  processedAt: aiDocuments.processedAt,
};

function titleFrom(fileName: string): string {
  const base = fileName.replace(/\.[^.]+$/, "").replace(/[_-]+/g, " ").trim();
  return (base || fileName).slice(0, 200);
}

function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/**
 * Stores an uploaded file as a new document (status processing) and queues its ingestion
 * in the same transaction: it is processed if and only if the upload commits. Checks the
 * type (by name, mime type and content), the plan's size and count limits.
 */
export async function uploadDocument(
  tx: TenantTx,
  actor: Actor,
  file: DocumentUpload & {
    /** The id its stored object's key was made with (addDocument), and where the bytes are; unset: kept in the row. */
    id?: string;
    location?: FileLocation;
  },
  options: { queue?: boolean } = {},
): Promise<DocumentRow> {
  const fileName = file.fileName.trim().slice(0, 255) || "document";
  if (file.bytes.length === 0) throw new ValidationFailed({ file: ["The file is empty."] }, "The file is empty.");
  const fileType = detectDocumentType(fileName, file.contentType, file.bytes);
  if (!fileType) {
    const message = "This kind of file cannot be added: upload a text (.txt), Markdown (.md), HTML, CSV, PDF or Word (.docx) file.";
    throw new ValidationFailed({ file: [message] }, message);
  }
  const plan = await currentPlan(tx);
  const maxBytes = PLANS[plan].aiDocumentBytes;
  if (file.bytes.length > maxBytes) {
    const message = `The file is ${formatMegabytes(file.bytes.length)}; your ${PLANS[plan].label} plan takes documents up to ${formatMegabytes(maxBytes)}.`;
    throw new ValidationFailed({ file: [message] }, message);
  }
  await assertDocumentCapacity(tx);
  const title = (file.title?.trim() || titleFrom(fileName)).slice(0, 200);
  const [document] = await tx
    .insert(aiDocuments)
    .values({
      id: file.id,
      title,
      fileName,
      fileType,
      byteSize: file.bytes.length,
      sha256: createHash("sha256").update(file.bytes).digest("hex"),
      uploadedBy: actor.userId,
    })
    .returning(rowColumns);
  const location = file.location ?? { bytes: Buffer.from(file.bytes), objectKey: null };
  await tx.insert(aiDocumentFiles).values({ documentId: document!.id, bytes: location.bytes, objectKey: location.objectKey });
  // queue: false only for the retrieval evaluation, which runs the ingestion itself.
  if (options.queue !== false) await publishEvent(tx, { event: DOCUMENT_UPLOADED, data: { documentId: document!.id, userId: actor.userId } });
  await recordAudit(tx, { action: "ai.document.uploaded", entityType: "ai.document", entityId: document!.id, after: { title, fileName, fileType, bytes: file.bytes.length } });
  return document!;
}

export type DocumentUpload = { fileName: string; contentType: string | null; bytes: Uint8Array; title?: string | null };

/**
 * The upload path: stores the file where files go (S3 when configured, outside any
 * transaction, under the admitted tenant's key), then creates the document in a tenant
 * transaction (uploadDocument's checks); a refused or failed upload leaves no object.
 */
export async function addDocument(enter: <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>, tenantId: string, actor: Actor, file: DocumentUpload): Promise<DocumentRow> {
  // The checks that need no database, before anything is stored.
  if (file.bytes.length === 0) throw new ValidationFailed({ file: ["The file is empty."] }, "The file is empty.");
  if (file.bytes.length > MAX_DOCUMENT_BYTES) throw new ValidationFailed({ file: [`The file is larger than ${formatMegabytes(MAX_DOCUMENT_BYTES)}.`] });
  const id = randomUUID();
  return storeThenCommit(storageKeys.aiDocument(tenantId, id), file.bytes, { contentType: file.contentType || "application/octet-stream", size: file.bytes.length }, (location) =>
    enter((tx) => uploadDocument(tx, actor, { ...file, id, location })),
  );
}

export type DocumentListInput = { limit: number; cursor?: { createdAt: Date; id: string } | null };

/** The library, newest first, keyset-paged. */
export async function listDocuments(tx: TenantTx, input: DocumentListInput): Promise<{ items: DocumentRow[]; nextCursor: { createdAt: Date; id: string } | null }> {
  const cursor = input.cursor;
  const rows = await tx
    .select(rowColumns)
    .from(aiDocuments)
    .where(cursor ? or(lt(aiDocuments.createdAt, cursor.createdAt), and(eq(aiDocuments.createdAt, cursor.createdAt), lt(aiDocuments.id, cursor.id))) : undefined)
    .orderBy(desc(aiDocuments.createdAt), desc(aiDocuments.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > input.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

export async function getDocument(tx: TenantTx, id: string): Promise<DocumentRow> {
  const [row] = await tx.select(rowColumns).from(aiDocuments).where(eq(aiDocuments.id, id));
  if (!row) throw new NotFound("This document does not exist (it may have been deleted).");
  return row;
}

/** The document's extracted text (what passages' offsets point into); null until processed. */
export async function documentText(tx: TenantTx, id: string): Promise<{ document: DocumentRow; text: string | null }> {
  const document = await getDocument(tx, id);
  const [file] = await tx.select({ text: aiDocumentFiles.extractedText }).from(aiDocumentFiles).where(eq(aiDocumentFiles.documentId, id));
  return { document, text: file?.text ?? null };
}

/** Where the uploaded file is (its bytes, or the object to open with storage's `openFile` after the transaction). */
export async function documentFile(tx: TenantTx, id: string): Promise<{ document: DocumentRow; location: FileLocation }> {
  const document = await getDocument(tx, id);
  const [file] = await tx.select({ bytes: aiDocumentFiles.bytes, objectKey: aiDocumentFiles.objectKey }).from(aiDocumentFiles).where(eq(aiDocumentFiles.documentId, id));
  if (!file) throw new NotFound("This document's file is missing.");
  return { document, location: file };
}

function assertMayManage(actor: Actor, document: DocumentRow, verb: string) {
  if (document.uploadedBy === actor.userId || roleAtLeast(actor.role, AI.manageOthers)) return;
  throw new Forbidden(`Only the member who uploaded this document, or an admin, can ${verb} it.`);
}

/**
 * Deletes a document with its file and chunks (their terms and vectors go with them) and
 * moves the corpus totals and the index version in the same transaction. Answers the chunk
 * keys removed and the version change, so the caller updates this process's index after commit.
 */
export async function deleteDocument(tx: TenantTx, actor: Actor, id: string): Promise<{ removedKeys: bigint[]; fromVersion: number; toVersion: number }> {
  const document = await getDocument(tx, id);
  assertMayManage(actor, document, "delete");
  const removed = await tx.execute<{ id: string; term_count: number; embedded: boolean }>(sql`
    delete from ai_chunks where document_id = ${id} returning id::text as id, term_count, embedding is not null as embedded`);
  const [file] = await tx.select({ objectKey: aiDocumentFiles.objectKey }).from(aiDocumentFiles).where(eq(aiDocumentFiles.documentId, id));
  await tx.delete(aiDocuments).where(eq(aiDocuments.id, id));
  deleteAfterCommit(tx, [file?.objectKey]);
  const vectorsChanged = removed.some((row) => row.embedded);
  const version = await changeCorpus(tx, {
    chunks: -removed.length,
    terms: -removed.reduce((sum, row) => sum + Number(row.term_count), 0),
    vectorsChanged,
  });
  await recordAudit(tx, { action: "ai.document.deleted", entityType: "ai.document", entityId: id, before: { title: document.title, fileName: document.fileName, chunks: removed.length } });
  return { removedKeys: removed.filter((row) => row.embedded).map((row) => BigInt(row.id)), ...version };
}

/** Queues the document to be processed again (after a failure, or to embed it with a model now available). */
export async function reindexDocument(tx: TenantTx, actor: Actor, id: string): Promise<DocumentRow> {
  const document = await getDocument(tx, id);
  assertMayManage(actor, document, "re-index");
  const [row] = await tx
    .update(aiDocuments)
    .set({ status: "processing", failureReason: null, progress: 0, updatedAt: sql`now()` })
    .where(eq(aiDocuments.id, id))
    .returning(rowColumns);
  await publishEvent(tx, { event: DOCUMENT_UPLOADED, data: { documentId: id, userId: actor.userId } });
  await recordAudit(tx, { action: "ai.document.reindexed", entityType: "ai.document", entityId: id, after: { title: document.title } });
  return row!;
}
