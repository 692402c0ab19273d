import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { TenantTx } from "../../db/tenant";
import type { RecordActor } from "../../records/actor";
import { fullTextSearcher, runSearch, searchInput, type SearchHit, type Searcher } from "../../records/search";

/*
 * CRM's searchers for the global search (src/server/records/search.ts): companies,
 * contacts and deals by Postgres full text with prefix matching on every word, matched
 * on the tenant-keyed search_key through its GIN index (records/search-key.ts) and
 * ranked on search. Visibility rules apply (the policies filter rows).
 */

export { searchInput };

export type CrmSearchType = "company" | "contact" | "deal";
export type CrmSearchHit = SearchHit<CrmSearchType>;

export const crmSearchers: Searcher<CrmSearchType>[] = [
  fullTextSearcher({
    id: "crm.contacts",
    label: "Contacts",
    type: "contact",
    table: sql`crm_contacts`,
    search: sql`r.search`,
    searchKey: sql`r.search_key`,
    title: sql`trim(r.first_name || ' ' || r.last_name)`,
    subtitle: sql`coalesce(r.primary_email, r.title)`,
    name: sql`r.first_name || ' ' || r.last_name`,
    where: sql`r.merged_into_id is null and r.deleted_at is null`,
  }),
  fullTextSearcher({
    id: "crm.companies",
    label: "Companies",
    type: "company",
    table: sql`crm_companies`,
    search: sql`r.search`,
    searchKey: sql`r.search_key`,
    title: sql`r.name`,
    subtitle: sql`r.domain`,
    name: sql`r.name`,
    where: sql`r.merged_into_id is null and r.deleted_at is null`,
  }),
  fullTextSearcher({
    id: "crm.deals",
    label: "Deals",
    type: "deal",
    table: sql`crm_deals`,
    search: sql`r.search`,
    searchKey: sql`r.search_key`,
    title: sql`r.title`,
    subtitle: sql`r.status::text`,
    name: sql`r.title`,
    where: sql`r.deleted_at is null`,
  }),
];

/** The CRM search procedure: the global search over CRM's searchers only. */
export function globalSearch(tx: TenantTx, rawInput: z.input<typeof searchInput>, actor: RecordActor | null = null): Promise<CrmSearchHit[]> {
  return runSearch(tx, actor, crmSearchers, rawInput);
}
