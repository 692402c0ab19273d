import { sql } from "drizzle-orm";
import { withTenant, type TenantTx } from "../../db/tenant";
import { tenantVectorIndexes, type TenantVectorIndexes, type VectorEntry } from "./vectors/tenant-indexes";

/*
 * The tenant's corpus in Postgres: chunks, their BM25 term statistics and the vector index
 * version. Everything here runs in the caller's tenant transaction, so RLS keeps each query
 * inside one tenant; the vector index (./vectors) is rebuilt from `loadVectors`.
 */

/** Standard BM25 parameters (Robertson/Spärck Jones; Lucene's defaults). */
export const BM25 = { k1: 1.2, b: 0.75 } as const;

/** The text search configuration for terms and Postgres' own ranking: English stemming and stop words. */
const TEXT_CONFIG = "english";

export type CorpusState = { chunkCount: number; termTotal: number; indexVersion: number; dimensions: number | null };

export async function corpusState(tx: TenantTx): Promise<CorpusState> {
  const [row] = await tx.execute<{ chunk_count: string; term_total: string; index_version: string; dimensions: number | null }>(
    sql`select chunk_count, term_total, index_version, dimensions from ai_corpus`,
  );
  if (!row) return { chunkCount: 0, termTotal: 0, indexVersion: 0, dimensions: null };
  return { chunkCount: Number(row.chunk_count), termTotal: Number(row.term_total), indexVersion: Number(row.index_version), dimensions: row.dimensions };
}

/**
 * Derives the BM25 postings of the given chunks from their stored tsvector (one row per
 * stemmed term with its frequency) and each chunk's length; answers the terms added.
 */
export async function indexChunkTerms(tx: TenantTx, chunkIds: bigint[]): Promise<number> {
  if (chunkIds.length === 0) return 0;
  const ids = sql`(select unnest(${`{${chunkIds.join(",")}}`}::bigint[]))`;
  await tx.execute(sql`
    insert into ai_chunk_terms (term, chunk_id, tf)
    select t.lexeme, c.id, coalesce(array_length(t.positions, 1), 1)
      from ai_chunks c, unnest(c.tsv) t
     where c.id in ${ids}`);
  const [row] = await tx.execute<{ total: string | null }>(sql`
    with lengths as (
      select chunk_id, sum(tf)::int as n from ai_chunk_terms where chunk_id in ${ids} group by chunk_id
    ), updated as (
      update ai_chunks c set term_count = lengths.n from lengths where c.id = lengths.chunk_id returning lengths.n
    )
    select sum(n)::bigint as total from updated`);
  return Number(row?.total ?? 0);
}

/**
 * Moves the corpus totals by the given deltas (chunks added or removed, their terms) and,
 * when vectors changed, bumps the index version: answers the version before and after.
 * The row is locked until commit, so concurrent ingestions serialize their version bumps.
 */
export async function changeCorpus(
  tx: TenantTx,
  delta: { chunks: number; terms: number; vectorsChanged: boolean; dimensions?: number | null },
): Promise<{ fromVersion: number; toVersion: number }> {
  const [row] = await tx.execute<{ index_version: string; before: string }>(sql`
    insert into ai_corpus (chunk_count, term_total, index_version, dimensions)
    values (greatest(${delta.chunks}, 0), greatest(${delta.terms}, 0), ${delta.vectorsChanged ? 1 : 0}, ${delta.dimensions ?? null})
    on conflict (tenant_id) do update set
      chunk_count = greatest(ai_corpus.chunk_count + ${delta.chunks}, 0),
      term_total = greatest(ai_corpus.term_total + ${delta.terms}, 0),
      index_version = ai_corpus.index_version + ${delta.vectorsChanged ? 1 : 0},
      dimensions = coalesce(${delta.dimensions ?? null}::int, ai_corpus.dimensions),
      updated_at = now()
    returning index_version, index_version - ${delta.vectorsChanged ? 1 : 0} as before`);
  return { fromVersion: Number(row!.before), toVersion: Number(row!.index_version) };
}

export type ScoredChunk = { chunkId: bigint; score: number };

/**
 * BM25 over the tenant's chunks: idf = ln(1 + (N − df + 0.5) / (df + 0.5)) (never negative),
 * tf saturation k1 and length normalisation b against the average chunk length. The query is
 * stemmed with the same configuration as the chunks; each distinct query term counts once.
 * The postings lookup is an equality on the stored term (primary key (tenant_id, term, …)),
 * which RLS's tenant condition does not get in the way of.
 */
export async function bm25Search(tx: TenantTx, query: string, k: number): Promise<ScoredChunk[]> {
  const rows = await tx.execute<{ chunk_id: string; score: number }>(sql`
    with q as (
      select distinct lexeme as term from unnest(to_tsvector(${TEXT_CONFIG}::regconfig, ${query}))
    ), corpus as (
      select chunk_count::float8 as n, greatest(term_total::float8 / nullif(chunk_count, 0), 1) as avgdl from ai_corpus
    ), df as (
      select t.term, count(*)::float8 as df from ai_chunk_terms t join q on t.term = q.term group by t.term
    )
    select t.chunk_id::text as chunk_id,
           sum(ln(1 + (corpus.n - df.df + 0.5) / (df.df + 0.5))
               * t.tf * (${BM25.k1}::float8 + 1)
               / (t.tf + ${BM25.k1}::float8 * (1 - ${BM25.b}::float8 + ${BM25.b}::float8 * c.term_count / corpus.avgdl)))::float8 as score
      from ai_chunk_terms t
      join df on df.term = t.term
      join ai_chunks c on c.tenant_id = t.tenant_id and c.id = t.chunk_id
      cross join corpus
     group by t.chunk_id
     order by score desc, t.chunk_id
     limit ${k}`);
  return rows.map((row) => ({ chunkId: BigInt(row.chunk_id), score: Number(row.score) }));
}

/**
 * Postgres' own ranking (ts_rank over the stored tsvector, any query term matching), kept
 * only for the evaluation's comparison with BM25 (`--lexical ts_rank`): it scans the tenant's
 * chunks, and it ranks worse on the evaluation set (docs/ai.md).
 */
export async function tsRankSearch(tx: TenantTx, query: string, k: number): Promise<ScoredChunk[]> {
  const rows = await tx.execute<{ chunk_id: string; score: number }>(sql`
    with q as (
      -- 'simple': the lexemes are already stemmed (the English configuration would stem them again).
      select to_tsquery('simple', string_agg(quote_literal(lexeme), ' | ')) as tsq
        from unnest(to_tsvector(${TEXT_CONFIG}::regconfig, ${query}))
    )
    select c.id::text as chunk_id, ts_rank(c.tsv, q.tsq, 1)::float8 as score
      from ai_chunks c, q
     where q.tsq is not null and c.tsv @@ q.tsq
     order by score desc, c.id
     limit ${k}`);
  return rows.map((row) => ({ chunkId: BigInt(row.chunk_id), score: Number(row.score) }));
}

/** Little-endian Float32 bytes ↔ vectors (how `ai_chunks.embedding` stores them). */
export function vectorToBytes(vector: Float32Array): Buffer {
  const bytes = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i]!, i * 4);
  return bytes;
}

export function bytesToVector(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vector = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < vector.length; i++) vector[i] = view.getFloat32(i * 4, true);
  return vector;
}

const LOAD_PAGE = 5_000;

/**
 * The tenant's vectors from Postgres (the source of truth), for rebuilding its index: the
 * version first, then every embedded chunk, page by page in one transaction. Rows newer than
 * the version read are harmless: the next search sees the version move and reloads.
 */
export async function loadTenantVectors(tenantId: string): Promise<{ version: number; dimensions: number | null; entries: AsyncIterable<VectorEntry> }> {
  return withTenant({ tenantId, role: "system" }, async (tx) => {
    const state = await corpusState(tx);
    const entries: VectorEntry[] = [];
    let after = 0n;
    for (;;) {
      const rows = await tx.execute<{ id: string; embedding: Buffer }>(sql`
        select id::text as id, embedding from ai_chunks
         where embedding is not null and id > ${after.toString()}::bigint
         order by id limit ${LOAD_PAGE}`);
      for (const row of rows) entries.push({ key: BigInt(row.id), vector: bytesToVector(row.embedding) });
      if (rows.length < LOAD_PAGE) break;
      after = BigInt(rows[rows.length - 1]!.id);
    }
    return { version: state.indexVersion, dimensions: state.dimensions, entries: asAsync(entries) };
  });
}

async function* asAsync<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

const POSTGRES_VECTORS = { load: loadTenantVectors };

/** This process's per-tenant vector indexes, rebuilt from Postgres when stale. */
export function aiVectorIndexes(): TenantVectorIndexes {
  return tenantVectorIndexes(POSTGRES_VECTORS);
}
