import { eq, sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/tenant";
import { aiVectorIndexes, changeCorpus, indexChunkTerms, vectorToBytes } from "../corpus";
import { loadEmbedder } from "../embeddings/model";
import { aiDocumentFiles, aiDocuments } from "../schema";
import { chunkText, type Chunk } from "./chunk";
import { readFile } from "../../../storage";
import { ExtractionError, extractText, type DocumentType } from "./extract";

/*
 * Ingestion of one document (the `ai-ingest` job): extract the text, split it into chunks,
 * embed them in batches, then replace the document's chunks, their BM25 terms and the
 * corpus totals in ONE transaction, and update this process's vector index after commit.
 * Model calls and extraction run outside any transaction; only progress is written between.
 */

const EMBED_BATCH = 32;
const INSERT_BATCH = 200;

export type IngestResult = { status: "ready" | "failed" | "gone"; chunks: number; embedded: boolean; reason?: string };

type EnterTenant = <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>;

async function setProgress(enter: EnterTenant, documentId: string, progress: number): Promise<void> {
  await enter((tx) => tx.update(aiDocuments).set({ progress: Math.max(0, Math.min(99, Math.round(progress))), updatedAt: sql`now()` }).where(eq(aiDocuments.id, documentId)));
}

/** Marks the document failed with the reason the user reads. */
export async function failDocument(enter: EnterTenant, documentId: string, reason: string): Promise<void> {
  await enter((tx) =>
    tx.update(aiDocuments).set({ status: "failed", failureReason: reason, progress: 0, updatedAt: sql`now()`, processedAt: sql`now()` }).where(eq(aiDocuments.id, documentId)),
  );
}

/** `embed: false` skips the model (the evaluation's lexical runs); the document is then indexed for words only. */
export async function ingestDocument(tenantId: string, documentId: string, enter: EnterTenant, options: { embed?: boolean } = {}): Promise<IngestResult> {
  const source = await enter(async (tx) => {
    const [row] = await tx
      .select({ fileType: aiDocuments.fileType, bytes: aiDocumentFiles.bytes, objectKey: aiDocumentFiles.objectKey })
      .from(aiDocuments)
      .innerJoin(aiDocumentFiles, eq(aiDocumentFiles.documentId, aiDocuments.id))
      .where(eq(aiDocuments.id, documentId));
    return row ?? null;
  });
  if (!source) return { status: "gone", chunks: 0, embedded: false };

  let chunks: Chunk[];
  let text: string;
  try {
    // After the transaction: an object-stored file is fetched from S3 here.
    const bytes = await readFile(source);
    const extracted = await extractText(source.fileType as DocumentType, new Uint8Array(bytes));
    text = extracted.text;
    chunks = chunkText(extracted);
  } catch (error) {
    if (!(error instanceof ExtractionError)) throw error;
    await failDocument(enter, documentId, error.message);
    return { status: "failed", chunks: 0, embedded: false, reason: error.message };
  }
  if (chunks.length === 0) {
    const reason = "No text was found in this file.";
    await failDocument(enter, documentId, reason);
    return { status: "failed", chunks: 0, embedded: false, reason };
  }
  await setProgress(enter, documentId, 10);

  const model = options.embed === false ? ({ state: "skipped" } as const) : await loadEmbedder();
  let vectors: Float32Array[] | null = null;
  if (model.state === "ready") {
    vectors = [];
    for (let start = 0; start < chunks.length; start += EMBED_BATCH) {
      const batch = chunks.slice(start, start + EMBED_BATCH);
      vectors.push(...(await model.embedder.embed(batch.map((chunk) => embeddingInput(chunk)))));
      await setProgress(enter, documentId, 10 + (85 * Math.min(chunks.length, start + EMBED_BATCH)) / chunks.length);
    }
  }

  const change = await enter(async (tx) => {
    const [exists] = await tx.select({ id: aiDocuments.id }).from(aiDocuments).where(eq(aiDocuments.id, documentId)).for("update");
    if (!exists) return null;
    const removed = await tx.execute<{ id: string; term_count: number; embedded: boolean }>(sql`
      delete from ai_chunks where document_id = ${documentId} returning id::text as id, term_count, embedding is not null as embedded`);
    const positionOf = new Map(chunks.map((chunk, position) => [chunk.ordinal, position]));
    const added: { key: bigint; vector: Float32Array }[] = [];
    const ids: bigint[] = [];
    for (let start = 0; start < chunks.length; start += INSERT_BATCH) {
      const batch = chunks.slice(start, start + INSERT_BATCH);
      const values = batch.map((chunk, offset) => {
        const vector = vectors?.[start + offset];
        return sql`(${documentId}::uuid, ${chunk.ordinal}, ${chunk.heading}, ${chunk.page}, ${chunk.charStart}, ${chunk.charEnd}, ${chunk.text}, ${chunk.tokenCount}, ${vector ? vectorToBytes(vector) : null}::bytea)`;
      });
      const rows = await tx.execute<{ id: string; ordinal: number }>(sql`
        insert into ai_chunks (document_id, ordinal, heading, page, char_start, char_end, text, token_count, embedding)
        values ${sql.join(values, sql`, `)}
        returning id::text as id, ordinal`);
      for (const row of rows) {
        const key = BigInt(row.id);
        ids.push(key);
        const vector = vectors?.[positionOf.get(row.ordinal)!];
        if (vector) added.push({ key, vector });
      }
    }
    const terms = await indexChunkTerms(tx, ids);
    const removedTerms = removed.reduce((sum, row) => sum + Number(row.term_count), 0);
    const removedKeys = removed.filter((row) => row.embedded).map((row) => BigInt(row.id));
    const version = await changeCorpus(tx, {
      chunks: chunks.length - removed.length,
      terms: terms - removedTerms,
      vectorsChanged: added.length > 0 || removedKeys.length > 0,
      dimensions: vectors?.[0]?.length ?? null,
    });
    await tx.update(aiDocumentFiles).set({ extractedText: text }).where(eq(aiDocumentFiles.documentId, documentId));
    await tx
      .update(aiDocuments)
      .set({
        status: "ready",
        failureReason: null,
        progress: 100,
        chunkCount: chunks.length,
        embeddingModel: model.state === "ready" ? model.embedder.modelId : null,
        processedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(eq(aiDocuments.id, documentId));
    return { ...version, add: added, remove: removedKeys };
  });
  if (!change) return { status: "gone", chunks: 0, embedded: false };
  if (change.fromVersion !== change.toVersion) aiVectorIndexes().applyChange(tenantId, change);
  return { status: "ready", chunks: chunks.length, embedded: vectors !== null };
}

/** The text a chunk is embedded from: its heading gives a passage its context ("Refunds" → "within 30 days"). */
function embeddingInput(chunk: Chunk): string {
  return chunk.heading && !chunk.text.startsWith(chunk.heading) ? `${chunk.heading}\n${chunk.text}` : chunk.text;
}
