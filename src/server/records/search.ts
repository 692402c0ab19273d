import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../db/tenant";
import { parseInput, plainText } from "../platform/validate";
import type { RecordActor } from "./actor";
import { prefixQuery } from "./lists";
import { tenantKeyedQuery } from "./search-key";

/*
 * Global search: one searcher per kind of record (a module provides its own), run one
 * after the other in the caller's tenant transaction, their hits merged by rank. The
 * database policies decide what each caller finds.
 */

export const searchInput = z.object({
  q: plainText().trim().max(200, "Search for at most 200 characters."),
  limit: z.number().int().min(1).max(50).default(20),
});

export type SearchHit<T extends string = string> = { type: T; id: string; title: string; subtitle: string | null; rank: number };

/** The typed text, ready for SQL: a prefix tsquery of its words, and a LIKE pattern for "starts with". */
export type SearchQuery = { text: string; tsquery: string; startsWith: string };

export type Searcher<T extends string = string> = {
  id: string;
  label: string;
  /** At most `limit` hits, best first. `actor` is null when the caller acts for no member. */
  search(tx: TenantTx, actor: RecordActor | null, query: SearchQuery, limit: number): Promise<SearchHit<T>[]>;
};

/*
 * Accent folding, character for character the same as the database's
 * neuroops_fold_accents (migration 0017_crm_search_accents_phones_tags): search columns
 * hold names both as written and folded, and the typed text is looked up both ways.
 */
const ACCENTED = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžØøĐđŁłĦħ";
const UNACCENTED = "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoDdLlHh";
const FOLD = new Map([...ACCENTED].map((ch, i) => [ch, UNACCENTED[i]!]));

export function foldAccents(text: string): string {
  return [...text].map((ch) => FOLD.get(ch) ?? ch).join("");
}

/** Digits of text that looks like a phone number ("+1 (555) 010-0" → 15550100), else null. */
function phoneDigits(text: string): string | null {
  if (!/^[\d\s+().\/-]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, "");
  return digits.length >= 3 ? digits : null;
}

/** The typed text as a tsquery matching its words as written, without accents, or as a phone's digits. */
export function searchTsquery(text: string): string | null {
  const asWritten = prefixQuery(text);
  if (!asWritten) return null;
  const variants = new Set([asWritten, prefixQuery(foldAccents(text))!]);
  const digits = phoneDigits(text);
  if (digits) variants.add(`'${digits}':*`);
  return variants.size === 1 ? asWritten : [...variants].map((v) => `(${v})`).join(" | ");
}

/** Runs every searcher and returns the best `limit` hits overall: highest rank first, then by title. */
export async function runSearch<T extends string>(tx: TenantTx, actor: RecordActor | null, searchers: readonly Searcher<T>[], rawInput: z.input<typeof searchInput>): Promise<SearchHit<T>[]> {
  const input = parseInput(searchInput, rawInput);
  const tsquery = searchTsquery(input.q);
  if (!tsquery) return [];
  const query: SearchQuery = { text: input.q, tsquery, startsWith: `${input.q.toLowerCase()}%` };
  const hits: SearchHit<T>[] = [];
  for (const searcher of searchers) hits.push(...(await searcher.search(tx, actor, query, input.limit)));
  return hits.sort((a, b) => b.rank - a.rank || a.title.localeCompare(b.title)).slice(0, input.limit);
}

/**
 * How many matches per kind are ranked. A one-letter prefix can match most of a
 * tenant; ranking a capped set keeps every search fast, at the price of the best
 * match possibly missing from that set for very short terms.
 */
export const SEARCH_CANDIDATES = 200;

/** A table with a tsvector column searched by prefix, ranked with ts_rank, names starting with the text first. */
export type FullTextSource<T extends string> = {
  id: string;
  label: string;
  type: T;
  /** The table, e.g. sql`crm_contacts`; the expressions below name it `r`. */
  table: SQL;
  search: SQL;
  /**
   * The tenant-keyed copy of `search` (./search-key.ts), when the table has one: the match
   * then runs on it, so its GIN index reads only this tenant's entries. Ranking stays on `search`.
   */
  searchKey?: SQL;
  title: SQL;
  subtitle: SQL;
  /** What "starts with the text" is tested on (lower-cased here). */
  name: SQL;
  /** Rows never found (e.g. merged away). */
  where?: SQL;
};

/** A searcher over one table's full-text column (a GIN index on its tenant-keyed copy, or on (tenant_id, search), makes it fast). */
export function fullTextSearcher<T extends string>(source: FullTextSource<T>): Searcher<T> {
  return {
    id: source.id,
    label: source.label,
    async search(tx, _actor, query, limit) {
      const match = source.searchKey ? sql`${source.searchKey} @@ ${tenantKeyedQuery(sql`to_tsquery('simple', ${query.tsquery})`)}` : sql`${source.search} @@ q.query`;
      const rows = await tx.execute<{ id: string; title: string; subtitle: string | null; rank: number }>(sql`
        select id, title, subtitle, rank from (
          select r.id, ${source.title} as title, ${source.subtitle} as subtitle,
                 ts_rank(${source.search}, q.query) + case when lower(${source.name}) like ${query.startsWith} then 1 else 0 end as rank
            from ${source.table} r, (select to_tsquery('simple', ${query.tsquery}) as query) q
           where ${match} ${source.where ? sql`and ${source.where}` : sql``}
           limit ${SEARCH_CANDIDATES}) hits
         order by rank desc, title
         limit ${limit}`);
      return rows.map((r) => ({ type: source.type, id: r.id, title: r.title, subtitle: r.subtitle, rank: Number(r.rank) }));
    },
  };
}
