import { sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../db/tenant";
import { parseInput } from "../../platform/validate";
import { prefixQuery } from "./lists";

export const searchInput = z.object({
  q: z.string().trim().max(200, "Search for at most 200 characters."),
  limit: z.number().int().min(1).max(50).default(20),
});

export type SearchHit = { type: "company" | "contact" | "deal"; id: string; title: string; subtitle: string | null; rank: number };

/**
 * How many matches per kind are ranked. A one-letter prefix can match most of a
 * tenant; ranking a capped set keeps every search fast, at the price of the best
 * match possibly missing from that set for very short terms.
 */
const CANDIDATES_PER_KIND = 200;

/**
 * Global search over companies, contacts and deals: Postgres full text with prefix
 * matching on every word (GIN indexes on (tenant_id, search)), ranked with ts_rank,
 * exact name starts ranked first. Visibility rules apply (the policies filter rows).
 */
export async function globalSearch(tx: TenantTx, rawInput: z.input<typeof searchInput>): Promise<SearchHit[]> {
  const input = parseInput(searchInput, rawInput);
  const query = prefixQuery(input.q);
  if (!query) return [];
  const starts = `${input.q.toLowerCase()}%`;
  const rows = await tx.execute<{ type: SearchHit["type"]; id: string; title: string; subtitle: string | null; rank: number }>(sql`
    with q as (select to_tsquery('simple', ${query}) as query)
    select * from (
      (select 'contact' as type, c.id, trim(c.first_name || ' ' || c.last_name) as title,
              coalesce(c.primary_email, c.title) as subtitle,
              ts_rank(c.search, q.query) + case when lower(c.first_name || ' ' || c.last_name) like ${starts} then 1 else 0 end as rank
         from crm_contacts c, q where c.search @@ q.query and c.merged_into_id is null limit ${CANDIDATES_PER_KIND})
      union all
      (select 'company', co.id, co.name, co.domain,
              ts_rank(co.search, q.query) + case when lower(co.name) like ${starts} then 1 else 0 end
         from crm_companies co, q where co.search @@ q.query and co.merged_into_id is null limit ${CANDIDATES_PER_KIND})
      union all
      (select 'deal', d.id, d.title, d.status::text,
              ts_rank(d.search, q.query) + case when lower(d.title) like ${starts} then 1 else 0 end
         from crm_deals d, q where d.search @@ q.query limit ${CANDIDATES_PER_KIND})
    ) hits
    order by rank desc, title
    limit ${input.limit}`);
  return rows.map((r) => ({ ...r, rank: Number(r.rank) }));
}
