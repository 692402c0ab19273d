import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTenant, inTenant } from "../../../test/fixtures";
import { BM25, bm25Search, bytesToVector, changeCorpus, corpusState, indexChunkTerms, tsRankSearch, vectorToBytes } from "./corpus";
import { aiDocuments } from "./schema";

/** Stores `texts` as chunks of one document, the way ingestion does (terms, totals), without extraction or a model. */
async function corpusOf(texts: string[]) {
  const { org, owner } = await createTenant();
  const ids = await inTenant(org.id, async (tx) => {
    const [document] = await tx
      .insert(aiDocuments)
      .values({ title: "Test", fileName: "test.txt", fileType: "txt", byteSize: 1, sha256: "x", uploadedBy: owner.id })
      .returning({ id: aiDocuments.id });
    const ids: bigint[] = [];
    for (const [ordinal, text] of texts.entries()) {
      const [row] = await tx.execute<{ id: bigint }>(sql`
        insert into ai_chunks (document_id, ordinal, char_start, char_end, text, token_count)
        values (${document!.id}, ${ordinal}, 0, ${text.length}, ${text}, 1) returning id`);
      ids.push(BigInt(row!.id));
    }
    const terms = await indexChunkTerms(tx, ids);
    await changeCorpus(tx, { chunks: ids.length, terms, vectorsChanged: false });
    return ids;
  });
  return { tenantId: org.id, ids };
}

/** BM25 computed in process from Postgres' own stemming (to_tsvector), as the reference. */
async function referenceBm25(tenantId: string, texts: string[], ids: bigint[], query: string) {
  return inTenant(tenantId, async (tx) => {
    const lexemes = async (text: string) =>
      (await tx.execute<{ lexeme: string; tf: number }>(sql`select lexeme, coalesce(array_length(positions, 1), 1) as tf from unnest(to_tsvector('english', ${text}))`)).map(
        (row) => [row.lexeme, Number(row.tf)] as const,
      );
    const docs = await Promise.all(texts.map(async (text) => new Map(await lexemes(text))));
    const queryTerms = [...new Set((await lexemes(query)).map(([term]) => term))];
    const lengths = docs.map((doc) => [...doc.values()].reduce((a, b) => a + b, 0));
    const avgdl = lengths.reduce((a, b) => a + b, 0) / docs.length;
    const scores = docs.map((doc, index) => {
      let score = 0;
      for (const term of queryTerms) {
        const tf = doc.get(term);
        if (!tf) continue;
        const df = docs.filter((d) => d.has(term)).length;
        const idf = Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
        score += (idf * tf * (BM25.k1 + 1)) / (tf + BM25.k1 * (1 - BM25.b + (BM25.b * lengths[index]!) / avgdl));
      }
      return { chunkId: ids[index]!, score };
    });
    return scores.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || (a.chunkId < b.chunkId ? -1 : 1));
  });
}

const TEXTS = [
  "Refunds are paid to the original card within 30 days of the return.",
  "Invoices are due 30 days after the invoice date; overdue invoices accrue interest.",
  "The warehouse counts stock every quarter. Damaged stock is written off.",
  "Customers may return products within 30 days. Returns need the original receipt and the product in its box.",
  "Travel expenses are reimbursed monthly. Keep receipts for every expense over 25 euros.",
  "Stock stock stock: a document that repeats one word to test term-frequency saturation.",
];

describe("BM25 in Postgres", () => {
  it("scores exactly as the BM25 formula over Postgres' stemmed terms, and ranks the same", async () => {
    const { tenantId, ids } = await corpusOf(TEXTS);
    for (const query of ["returns within 30 days", "stock", "overdue invoice interest", "receipts for expenses", "nothing matches zebra"]) {
      const expected = await referenceBm25(tenantId, TEXTS, ids, query);
      const actual = await inTenant(tenantId, (tx) => bm25Search(tx, query, 10));
      expect(actual.map((hit) => hit.chunkId)).toEqual(expected.map((hit) => hit.chunkId));
      actual.forEach((hit, index) => expect(hit.score).toBeCloseTo(expected[index]!.score, 9));
    }
  });

  it("keeps the corpus totals that BM25 reads (chunks and terms) and moves them back on removal", async () => {
    const { tenantId, ids } = await corpusOf(TEXTS);
    const state = await inTenant(tenantId, corpusState);
    const [terms] = await inTenant(tenantId, (tx) => tx.execute<{ n: number }>(sql`select sum(tf)::int as n from ai_chunk_terms`));
    expect(state).toMatchObject({ chunkCount: TEXTS.length, termTotal: terms!.n, indexVersion: 0 });
    const [lengths] = await inTenant(tenantId, (tx) => tx.execute<{ n: number }>(sql`select sum(term_count)::int as n from ai_chunks`));
    expect(lengths!.n).toBe(terms!.n);
    expect(ids).toHaveLength(TEXTS.length);
    const version = await inTenant(tenantId, (tx) => changeCorpus(tx, { chunks: -1, terms: -3, vectorsChanged: true }));
    expect(version).toEqual({ fromVersion: 0, toVersion: 1 });
    expect(await inTenant(tenantId, corpusState)).toMatchObject({ chunkCount: TEXTS.length - 1, termTotal: terms!.n - 3, indexVersion: 1 });
  });

  it("never ranks another tenant's chunks, even for words only they contain", async () => {
    const a = await corpusOf(["Alpha company policy on refunds."]);
    const b = await corpusOf(["Zanzibar shipping procedure for bananas."]);
    expect(await inTenant(a.tenantId, (tx) => bm25Search(tx, "zanzibar bananas", 10))).toEqual([]);
    expect(await inTenant(a.tenantId, (tx) => tsRankSearch(tx, "zanzibar bananas", 10))).toEqual([]);
    expect((await inTenant(b.tenantId, (tx) => bm25Search(tx, "zanzibar bananas", 10))).map((hit) => hit.chunkId)).toEqual(b.ids);
  });

  it("ts_rank (kept for the evaluation's comparison) finds chunks with any query term", async () => {
    const { tenantId, ids } = await corpusOf(TEXTS);
    const hits = await inTenant(tenantId, (tx) => tsRankSearch(tx, "warehouse zebra", 10));
    expect(hits.map((hit) => hit.chunkId)).toEqual([ids[2]]);
    expect(await inTenant(tenantId, (tx) => tsRankSearch(tx, "the and of", 10))).toEqual([]);
  });

  it("stores vectors as little-endian float32 bytes and reads them back exactly", () => {
    const vector = new Float32Array([0.5, -0.25, 1e-7, 3.4028234663852886e38, -0]);
    expect(Array.from(bytesToVector(vectorToBytes(vector)))).toEqual(Array.from(vector));
    expect(vectorToBytes(vector).subarray(0, 4)).toEqual(Buffer.from([0, 0, 0, 0x3f]));
  });
});
