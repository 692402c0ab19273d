import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/tenant";
import { NotFound } from "../../../platform/errors";
import { parseInput } from "../../../platform/validate";
import { mergeEntityType, type MergeEntity } from "./merge";

/*
 * Likely duplicates, for the merge screen. Contacts: the same phone number (normalized)
 * or a similar name (pg_trgm similarity) at the same company. Companies: the same
 * domain, the same name apart from case, punctuation and legal form, or (for one
 * company) a very similar name. Only live records the caller can see take part.
 *
 * Under row-level security Postgres uses an index only for conditions built from
 * leakproof operators on plain columns (=, <, > on text and uuid): `%`, similarity(),
 * lower() and regexp_replace() are not leakproof, so no trigram or expression index can
 * serve them for the app role. The queries therefore reach candidates through plain
 * equalities (phone, company, domain: indexed) or one hash join over the tenant's
 * companies, and compute similarity only on those candidates.
 */

/** pg_trgm similarity of lower-cased full names at the same company. */
export const CONTACT_NAME_SIMILARITY = 0.6;
/** Companies are compared across the whole tenant, so only very close names count. */
export const COMPANY_NAME_SIMILARITY = 0.7;
/** A phone shared by more contacts than this is a switchboard, not a sign of a duplicate. */
export const SHARED_PHONE_LIMIT = 10;
/**
 * Records examined per page of the tenant-wide list: bounds the work of one request.
 * A company page also reads every company of the tenant once (the name-key hash join),
 * so it takes a bigger slice per pass.
 */
export const SCAN_PER_PAGE: Record<MergeEntity, number> = { contact: 1000, company: 5000 };
const FOR_RECORD_LIMIT = 20;

export type DuplicateReason =
  | { kind: "same_phone"; text: string; phone: string }
  | { kind: "similar_name"; text: string; similarity: number }
  | { kind: "same_name"; text: string }
  | { kind: "same_domain"; text: string; domain: string };

export type ContactSummary = {
  id: string;
  name: string;
  primaryEmail: string | null;
  primaryPhone: string | null;
  company: { id: string; name: string } | null;
  ownerName: string | null;
  updatedAt: Date;
};
export type CompanySummary = { id: string; name: string; domain: string | null; city: string | null; ownerName: string | null; updatedAt: Date };

export const duplicateListInput = z.object({
  entityType: mergeEntityType,
  /** The last record examined by the previous page. */
  cursor: z.uuid("This page link is no longer valid. Start from the first page.").nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});

/**
 * A company name without case, punctuation and trailing legal forms: "ACME, Inc." and
 * "Acme Co. GmbH" → "acme". Non-capturing groups keep Postgres' fast regex engine (with a
 * capturing group this is ~20× slower). A stored column of exactly this, indexed on
 * (tenant_id, name_key), would turn the name-key comparison into an indexed equality.
 */
export const companyKey = (name: SQL) =>
  sql`regexp_replace(trim(regexp_replace(lower(${name}), '[^[:alnum:]]+', ' ', 'g')), '(?: (?:inc|incorporated|llc|ltd|limited|gmbh|ag|se|kg|ug|sa|sas|sarl|bv|nv|plc|corp|corporation|co|company|oy|ab|spa|srl|pty))+$', '')`;

/** Each pair once: from its smaller id when walking the tenant, against everyone else for one record. */
type PartnerRule = "any" | "after";
const partner = (rule: PartnerRule, other: SQL, self: SQL) => (rule === "any" ? sql`${other} <> ${self}` : sql`${other} > ${self}`);

type PairRow = { kind: "phone" | "name" | "same_name" | "domain"; a_id: string; b_id: string; detail: string | null; similarity: number };

/**
 * Duplicate pairs (a among `ids`, b any live contact) with one row per reason. Phones
 * and colleagues are reached by indexed equalities; similarity() runs only on colleagues.
 */
async function contactPairs(tx: TenantTx, ids: string[], rule: PartnerRule): Promise<PairRow[]> {
  const fullName = (alias: string) => sql`lower(trim(${sql.raw(alias)}.first_name || ' ' || ${sql.raw(alias)}.last_name))`;
  return tx.execute<PairRow>(sql`
    with w as materialized (
      select c.id, c.company_id, ${fullName("c")} as name
        from crm_contacts c where c.id = any(${sql.param(ids)}::uuid[]) and c.merged_into_id is null and c.deleted_at is null
    )
    select 'phone' as kind, w.id as a_id, o.contact_id as b_id, min(p.value) as detail, 0::float8 as similarity
      from w
      join crm_contact_channels p on p.contact_id = w.id and p.kind = 'phone'
      join crm_contact_channels o on o.kind = 'phone' and o.normalized = p.normalized and ${partner(rule, sql`o.contact_id`, sql`w.id`)}
     where (select count(*) from crm_contact_channels s where s.kind = 'phone' and s.normalized = p.normalized) <= ${SHARED_PHONE_LIMIT}
       -- Live and visible: a subquery per match, which the planner cannot turn into a scan of every contact.
       and (select b.merged_into_id is null and b.deleted_at is null from crm_contacts b where b.id = o.contact_id)
     group by w.id, o.contact_id
    union all
    select 'name', w.id, b.id, null, b.similarity
      from w
      cross join lateral (
        select b.id, similarity(w.name, ${fullName("b")}) as similarity
          from crm_contacts b
         where b.company_id = w.company_id and ${partner(rule, sql`b.id`, sql`w.id`)} and b.merged_into_id is null and b.deleted_at is null
        -- offset 0 keeps this a lookup per contact on (tenant_id, company_id): joined
        -- directly, the planner prefers hashing every contact of the tenant.
        offset 0
      ) b
     where b.similarity >= ${CONTACT_NAME_SIMILARITY}`);
}

/**
 * Same domain (indexed) and the same name key. For one company also trigram similarity
 * against every company of the tenant, in one pass (the key is computed only for names
 * containing its first word); the tenant-wide walk matches keys with one hash join.
 */
async function companyPairs(tx: TenantTx, ids: string[], rule: PartnerRule): Promise<PairRow[]> {
  const window = sql`
    select co.id, co.domain, lower(co.name) as name, ${companyKey(sql`co.name`)} as key
      from crm_companies co where co.id = any(${sql.param(ids)}::uuid[]) and co.merged_into_id is null and co.deleted_at is null`;
  const sameDomain = sql`
    select 'domain' as kind, w.id as a_id, b.id as b_id, w.domain as detail, 0::float8 as similarity
      from w join crm_companies b on b.domain = w.domain and ${partner(rule, sql`b.id`, sql`w.id`)} and b.merged_into_id is null and b.deleted_at is null`;
  if (rule === "after") {
    return tx.execute<PairRow>(sql`
      with w as materialized (${window})
      ${sameDomain}
      union all
      select 'same_name', w.id, b.id, null, 0
        from w join crm_companies b on ${companyKey(sql`b.name`)} = w.key and b.id > w.id and b.merged_into_id is null and b.deleted_at is null
       where length(w.key) >= 2`);
  }
  return tx.execute<PairRow>(sql`
    with w as materialized (${window}),
    b as (
      select w.id as a_id, b.id as b_id,
             similarity(w.name, lower(b.name)) as similarity,
             case when length(w.key) >= 2 and strpos(lower(b.name), split_part(w.key, ' ', 1)) > 0
                  then ${companyKey(sql`b.name`)} = w.key else false end as same_key
        from w join crm_companies b on b.id <> w.id and b.merged_into_id is null and b.deleted_at is null
    )
    ${sameDomain}
    union all
    select 'same_name', a_id, b_id, null, 0 from b where same_key
    union all
    select 'name', a_id, b_id, null, similarity from b where similarity >= ${COMPANY_NAME_SIMILARITY}`);
}

const percent = (similarity: number) => `${Math.round(similarity * 100)} %`;

function reasonOf(entityType: MergeEntity, row: PairRow): { reason: DuplicateReason; weight: number } {
  const similarity = Math.round(Number(row.similarity) * 100) / 100;
  switch (row.kind) {
    case "phone":
      return { reason: { kind: "same_phone", phone: row.detail!, text: `Same phone number (${row.detail})` }, weight: 0.8 };
    case "domain":
      return { reason: { kind: "same_domain", domain: row.detail!, text: `Same domain (${row.detail})` }, weight: 0.85 };
    case "same_name":
      return { reason: { kind: "same_name", text: "Same name apart from case, punctuation or legal form" }, weight: 0.75 };
    case "name":
      return entityType === "contact"
        ? { reason: { kind: "similar_name", similarity, text: `Similar name at the same company (${percent(similarity)})` }, weight: 0.9 * similarity }
        : { reason: { kind: "similar_name", similarity, text: `Very similar name (${percent(similarity)})` }, weight: 0.8 * similarity };
  }
}

type Pair = { aId: string; bId: string; reasons: DuplicateReason[]; score: number };

/** One entry per pair, its reasons combined: score = 1 − ∏(1 − weight), so each extra reason raises it. */
function combine(entityType: MergeEntity, rows: PairRow[]): Pair[] {
  const pairs = new Map<string, Pair & { miss: number }>();
  for (const row of rows) {
    const key = `${row.a_id}:${row.b_id}`;
    const pair = pairs.get(key) ?? { aId: row.a_id, bId: row.b_id, reasons: [], score: 0, miss: 1 };
    const { reason, weight } = reasonOf(entityType, row);
    pair.reasons.push(reason);
    pair.miss *= 1 - weight;
    pairs.set(key, pair);
  }
  return [...pairs.values()].map(({ miss, ...pair }) => ({ ...pair, score: Math.round((1 - miss) * 100) / 100 }));
}

export async function contactSummaries(tx: TenantTx, ids: string[]): Promise<Map<string, ContactSummary>> {
  if (!ids.length) return new Map();
  const rows = await tx.execute<{
    id: string;
    name: string;
    primary_email: string | null;
    primary_phone: string | null;
    company_id: string | null;
    company_name: string | null;
    owner_name: string | null;
    updated_at: string;
  }>(sql`
    select c.id, trim(c.first_name || ' ' || c.last_name) as name, c.primary_email, c.primary_phone, c.company_id, co.name as company_name,
           u.name as owner_name, c.updated_at
      from crm_contacts c
      left join crm_companies co on co.tenant_id = c.tenant_id and co.id = c.company_id and co.deleted_at is null
      left join user_profiles u on u.id = c.owner_id
     where c.id = any(${sql.param(ids)}::uuid[])`);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        name: r.name,
        primaryEmail: r.primary_email,
        primaryPhone: r.primary_phone,
        company: r.company_id && r.company_name ? { id: r.company_id, name: r.company_name } : null,
        ownerName: r.owner_name,
        updatedAt: new Date(r.updated_at),
      },
    ]),
  );
}

export async function companySummaries(tx: TenantTx, ids: string[]): Promise<Map<string, CompanySummary>> {
  if (!ids.length) return new Map();
  const rows = await tx.execute<{ id: string; name: string; domain: string | null; city: string | null; owner_name: string | null; updated_at: string }>(sql`
    select co.id, co.name, co.domain, co.city, u.name as owner_name, co.updated_at
      from crm_companies co left join user_profiles u on u.id = co.owner_id
     where co.id = any(${sql.param(ids)}::uuid[])`);
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, domain: r.domain, city: r.city, ownerName: r.owner_name, updatedAt: new Date(r.updated_at) }]));
}

/** Most likely first; ties in a stable order (by id, or by name once the records are loaded). */
const byScore = (a: { score: number; bId?: string }, b: { score: number; bId?: string }) => b.score - a.score || (a.bId ?? "").localeCompare(b.bId ?? "");

async function forRecord<S extends { name: string }>(
  tx: TenantTx,
  entityType: MergeEntity,
  id: string,
  summaries: (tx: TenantTx, ids: string[]) => Promise<Map<string, S>>,
): Promise<{ record: S; reasons: DuplicateReason[]; score: number }[]> {
  const table = entityType === "contact" ? sql`crm_contacts` : sql`crm_companies`;
  const [self] = await tx.execute<{ merged_into_id: string | null }>(sql`select merged_into_id from ${table} where id = ${id}`);
  if (!self) throw new NotFound(`This ${entityType} does not exist, or you do not have access to it.`);
  if (self.merged_into_id) return [];
  const rows = entityType === "contact" ? await contactPairs(tx, [id], "any") : await companyPairs(tx, [id], "any");
  const pairs = combine(entityType, rows).sort(byScore).slice(0, FOR_RECORD_LIMIT);
  const records = await summaries(tx, pairs.map((p) => p.bId));
  return pairs
    .flatMap((p) => {
      const record = records.get(p.bId);
      return record ? [{ record, reasons: p.reasons, score: p.score }] : [];
    })
    .sort((a, b) => b.score - a.score || a.record.name.localeCompare(b.record.name));
}

/** Contacts that look like duplicates of this one, most likely first (at most 20). */
export async function contactDuplicates(tx: TenantTx, id: string) {
  return forRecord(tx, "contact", id, contactSummaries);
}

/** Companies that look like duplicates of this one, most likely first (at most 20). */
export async function companyDuplicates(tx: TenantTx, id: string) {
  return forRecord(tx, "company", id, companySummaries);
}

/**
 * Likely duplicates across the tenant, one page at a time. A page walks the next
 * SCAN_PER_PAGE records in id order and reports each pair once, from its smaller id, so
 * one request costs the same on page 1 and page 100 and never compares the whole
 * tenant with itself. A page may hold fewer than `limit` pairs (or none) while
 * `nextCursor` says there is more to examine; pairs within a page are sorted by score.
 */
export async function listDuplicates(tx: TenantTx, rawInput: z.input<typeof duplicateListInput>) {
  const input = parseInput(duplicateListInput, rawInput);
  const table = input.entityType === "contact" ? sql`crm_contacts` : sql`crm_companies`;
  const window = await tx.execute<{ id: string }>(sql`
    select id from ${table}
     where merged_into_id is null and deleted_at is null ${input.cursor ? sql`and id > ${input.cursor}` : sql``}
     order by id limit ${SCAN_PER_PAGE[input.entityType]}`);
  const windowIds = window.map((r) => r.id);
  const rows = !windowIds.length ? [] : input.entityType === "contact" ? await contactPairs(tx, windowIds, "after") : await companyPairs(tx, windowIds, "after");
  const byFirst = new Map<string, Pair[]>();
  for (const pair of combine(input.entityType, rows)) byFirst.set(pair.aId, [...(byFirst.get(pair.aId) ?? []), pair]);

  // Whole groups only, so the next page can start right after the last record reported.
  const page: Pair[] = [];
  let nextCursor: string | null = windowIds.length === SCAN_PER_PAGE[input.entityType] ? windowIds[windowIds.length - 1]! : null;
  for (const [i, id] of windowIds.entries()) {
    const group = byFirst.get(id) ?? [];
    if (page.length && page.length + group.length > input.limit) {
      nextCursor = windowIds[i - 1]!;
      break;
    }
    page.push(...group);
  }
  const recordIds = [...new Set(page.flatMap((p) => [p.aId, p.bId]))];
  const records: Map<string, ContactSummary | CompanySummary> =
    input.entityType === "contact" ? await contactSummaries(tx, recordIds) : await companySummaries(tx, recordIds);
  return {
    entityType: input.entityType,
    items: page.sort(byScore).flatMap((p) => {
      const [a, b] = [records.get(p.aId), records.get(p.bId)];
      return a && b ? [{ a, b, reasons: p.reasons, score: p.score }] : [];
    }),
    scanned: windowIds.length,
    nextCursor,
  };
}
