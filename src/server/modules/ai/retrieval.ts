import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import { aiVectorIndexes, bm25Search, corpusState, tsRankSearch, type ScoredChunk } from "./corpus";
import { loadEmbedder, type EmbedderStatus } from "./embeddings/model";

/*
 * Retrieval over a tenant's documents: vector top-k (usearch, the tenant's own index) and
 * lexical top-k (BM25 in Postgres) fused by reciprocal rank fusion. The mode switch exists
 * for evaluation (`npm run ai:eval-retrieval`); the chat uses hybrid. With no embedding
 * model the answer says so (`lexicalOnly`), never silently.
 */

export const RETRIEVAL_MODES = ["hybrid", "vector", "lexical"] as const;
export type RetrievalMode = (typeof RETRIEVAL_MODES)[number];
/** BM25 (the default) or Postgres' ts_rank, for the evaluation's comparison only. */
export type LexicalScorer = "bm25" | "ts_rank";

/** The usual RRF constant (Cormack et al. 2009): damps the weight of the very top ranks. */
const RRF_K = 60;

export type Passage = {
  chunkId: string;
  documentId: string;
  documentTitle: string;
  ordinal: number;
  heading: string | null;
  page: number | null;
  charStart: number;
  charEnd: number;
  text: string;
  score: number;
  /** 1-based ranks in each list (null: not in it). */
  vectorRank: number | null;
  lexicalRank: number | null;
};

export type RetrievalResult = {
  passages: Passage[];
  mode: RetrievalMode;
  /** The mode asked for needed vectors but no model could be loaded (or no vectors exist): lexical ranking only. */
  lexicalOnly: boolean;
  /** Why, in words for the user, when lexicalOnly. */
  notice: string | null;
};

export type RetrievalOptions = {
  mode?: RetrievalMode;
  k?: number;
  candidates?: number;
  lexicalScorer?: LexicalScorer;
  /** The embedding model (default: the configured one). */
  loadModel?: () => Promise<EmbedderStatus>;
};

/** Reciprocal rank fusion of ranked lists of chunk ids: Σ 1 / (k + rank). */
export function reciprocalRankFusion(lists: bigint[][], k = RRF_K): { chunkId: bigint; score: number }[] {
  const scores = new Map<bigint, number>();
  for (const list of lists) {
    list.forEach((id, index) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + index + 1)));
  }
  return [...scores.entries()].map(([chunkId, score]) => ({ chunkId, score })).sort((a, b) => b.score - a.score || (a.chunkId < b.chunkId ? -1 : 1));
}

type EnterTenant = <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>;

/**
 * Retrieves the `k` best passages for `query` in the tenant `enter` opens. The query is
 * embedded before any transaction; the vector search runs on this process's copy of the
 * tenant's index at the version Postgres says is current (reloaded when stale). The
 * passages are read back in a tenant transaction, so a key could never bring back another
 * tenant's chunk even if an index were wrong.
 */
export async function retrieve(tenantId: string, enter: EnterTenant, query: string, options: RetrievalOptions = {}): Promise<RetrievalResult> {
  const mode = options.mode ?? "hybrid";
  const k = options.k ?? 8;
  const candidates = Math.max(options.candidates ?? 50, k);
  const text = query.trim();
  if (!text) return { passages: [], mode, lexicalOnly: false, notice: null };

  let queryVector: Float32Array | null = null;
  let notice: string | null = null;
  if (mode !== "lexical") {
    const model = await (options.loadModel ?? loadEmbedder)();
    if (model.state === "ready") queryVector = (await model.embedder.embed([text]))[0] ?? null;
    else notice = model.reason;
  }

  const { state, lexical } = await enter(async (tx) => {
    const state = await corpusState(tx);
    const lexical: ScoredChunk[] = mode === "vector" && queryVector ? [] : await (options.lexicalScorer === "ts_rank" ? tsRankSearch : bm25Search)(tx, text, candidates);
    return { state, lexical };
  });

  let vector: bigint[] = [];
  if (queryVector && state.indexVersion > 0 && state.dimensions === queryVector.length) {
    const hits = await aiVectorIndexes().search(tenantId, state.indexVersion, queryVector, candidates);
    vector = hits.map((hit) => hit.key);
  } else if (queryVector && state.chunkCount > 0 && state.dimensions !== queryVector.length) {
    notice = "The documents have not been embedded with the current model yet: re-index them to use meaning-based search. Results are ranked by words only.";
  }
  const lexicalOnly = mode !== "lexical" && vector.length === 0 && state.chunkCount > 0 && notice !== null;

  const lexicalIds = lexical.map((hit) => hit.chunkId);
  const ranked =
    mode === "lexical" || lexicalOnly
      ? lexical.map((hit) => ({ chunkId: hit.chunkId, score: hit.score }))
      : mode === "vector"
        ? vector.map((chunkId, index) => ({ chunkId, score: 1 / (RRF_K + index + 1) }))
        : reciprocalRankFusion([vector, lexicalIds]);
  const top = ranked.slice(0, k);
  if (top.length === 0) return { passages: [], mode, lexicalOnly, notice: lexicalOnly ? notice : null };

  const vectorRank = new Map(vector.map((id, index) => [id, index + 1]));
  const lexicalRank = new Map(lexicalIds.map((id, index) => [id, index + 1]));
  const rows = await enter((tx) => passagesOf(tx, top.map((hit) => hit.chunkId)));
  const byId = new Map(rows.map((row) => [row.chunkId, row]));
  const passages: Passage[] = [];
  for (const hit of top) {
    const row = byId.get(hit.chunkId.toString());
    if (!row) continue; // deleted since the index was read, or (never) not this tenant's
    passages.push({ ...row, score: hit.score, vectorRank: vectorRank.get(hit.chunkId) ?? null, lexicalRank: lexicalRank.get(hit.chunkId) ?? null });
  }
  return { passages, mode, lexicalOnly, notice: lexicalOnly ? notice : null };
}

type PassageRow = Omit<Passage, "score" | "vectorRank" | "lexicalRank">;

async function passagesOf(tx: TenantTx, ids: bigint[]): Promise<PassageRow[]> {
  const rows = await tx.execute<{
    chunk_id: string;
    document_id: string;
    title: string;
    ordinal: number;
    heading: string | null;
    page: number | null;
    char_start: number;
    char_end: number;
    text: string;
  }>(sql`
    select c.id::text as chunk_id, c.document_id, d.title, c.ordinal, c.heading, c.page, c.char_start, c.char_end, c.text
      from ai_chunks c join ai_documents d on d.tenant_id = c.tenant_id and d.id = c.document_id
     where c.id = any(${`{${ids.join(",")}}`}::bigint[])`);
  return rows.map((row) => ({
    chunkId: row.chunk_id,
    documentId: row.document_id,
    documentTitle: row.title,
    ordinal: row.ordinal,
    heading: row.heading,
    page: row.page,
    charStart: row.char_start,
    charEnd: row.char_end,
    text: row.text,
  }));
}
