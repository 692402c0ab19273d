import { sql, type SQL } from "drizzle-orm";

/*
 * Tenant-keyed search vectors: every lexeme of a record's search vector, prefixed with a
 * key of its tenant ("anna" → "a6e25944792canna"), positions and weights kept.
 *
 * Why (bench:crm, issue 11): a prefix search ('an':*) in a GIN index collects every entry
 * that starts with the prefix, with the posting lists of every tenant, before anything
 * else narrows it; a (tenant_id, search) GIN index only intersects that with the tenant's
 * rows afterwards, so one tenant's search cost grew with all tenants' data (300 ms for a
 * two-letter prefix at 20 × 100,000 contacts). With keyed lexemes the prefix itself starts
 * with the tenant, and the index reads only that tenant's entries. The GIN index still
 * leads with tenant_id (btree_gin): the tenant condition is then part of the same index scan
 * rather than a second bitmap of all the tenant's rows ANDed with it.
 *
 * `keyed @@ tenantKeyedQuery(q)` finds exactly the rows `search @@ q` finds in the current
 * tenant: both sides get the same prefix, positions stay for phrase operators. The key is
 * the tenant id's first 12 hex digits; two tenants sharing them would only share index
 * entries (the tenant policy still filters rows), never each other's rows.
 *
 * Plain SQL on built-in IMMUTABLE functions (tsvector/tsquery text forms and
 * regexp_replace), so it can be a stored generated column without a helper function.
 */

/** The key of a tenant id (a uuid expression). */
const tenantKey = (tenantId: SQL) => sql`left(replace(${tenantId}::text, '-', ''), 12)`;

/**
 * Prefixes every quoted lexeme of a tsvector's or tsquery's text form with `key`. The text
 * form quotes each lexeme and doubles any quote inside it, so a lexeme is `'(?:[^']|'')*'`.
 */
const prefixLexemes = (text: SQL, key: SQL) => sql`regexp_replace(${text}, '''((?:[^'']|'''')*)''', '''' || ${key} || '\\1''', 'g')`;

/** The stored column's expression: `vector` (over the row's columns) keyed by the row's tenant_id. */
export function tenantKeyedVector(vector: SQL): SQL {
  return sql`${prefixLexemes(sql`(${vector})::text`, tenantKey(sql`tenant_id`))}::tsvector`;
}

/**
 * `tsquery` keyed by the transaction's tenant (app.tenant_id). Stable, not a sub-select: the
 * index scan computes it once, and the planner can look at its value when it estimates the
 * match (as a sub-select's unknown result it guessed 10,000 rows and ANDed the bitmap with all
 * of the tenant's rows). No tenant set → null → no row matches.
 */
export function tenantKeyedQuery(tsquery: SQL): SQL {
  const tenantId = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;
  return sql`${prefixLexemes(sql`(${tsquery})::text`, tenantKey(tenantId))}::tsquery`;
}
