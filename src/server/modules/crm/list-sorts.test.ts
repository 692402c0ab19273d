import { sql, type SQL } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { crmTeam, type TeamMember } from "../../../test/crm/team";
import { callerFor } from "../../../test/fixtures";
import type { TenantTx } from "../../db/tenant";
import { encodeCursor } from "../../records/cursor";
import { keysetPage, type SortColumn, type SortDirection } from "../../records/lists";
import { COMPANY_SORT, companyListConditions, companySortFields, createCompany } from "./companies/companies";
import { CONTACT_SORT, contactListConditions, contactSortFields, createContact } from "./contacts/contacts";
import { createDeal } from "./deals/deals";
import { DEAL_SORT, dealListConditions, dealSortFields } from "./deals/deals-list";

/*
 * Every sort the CRM lists offer (and so every sortable column header): served by an
 * index under row-level security, ordered as it says, and paged by cursor across ties.
 */

type PlanNode = { "Node Type": string; "Index Name"?: string; "Index Cond"?: string; Filter?: string; Plans?: PlanNode[] };
const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

type ListCase = {
  table: string;
  alias: string;
  sorts: Record<string, SortColumn[]>;
  conditions: (tx: TenantTx) => Promise<SQL[]>;
};

const LISTS: Record<"contacts" | "companies" | "deals", ListCase> = {
  contacts: { table: "crm_contacts", alias: "c", sorts: CONTACT_SORT, conditions: (tx) => contactListConditions(tx, {}) },
  companies: { table: "crm_companies", alias: "co", sorts: COMPANY_SORT, conditions: (tx) => companyListConditions(tx, {}) },
  deals: { table: "crm_deals", alias: "d", sorts: DEAL_SORT, conditions: (tx) => dealListConditions(tx, {}) },
};

/** A cursor of the right shape for a sort (values of each column's type, then an id). */
function sampleCursor(sort: SortColumn[]): string {
  const sample = { timestamptz: "2026-01-02T03:04:05.123456+00:00", text: "miller", bigint: "125000", date: "2026-03-01", int: 3 } as const;
  return encodeCursor(JSON.stringify([...sort.map((c) => sample[c.cast]), "00000000-0000-4000-8000-000000000001"]));
}

async function pagePlan(tx: TenantTx, list: ListCase, sort: SortColumn[], direction: SortDirection, cursor?: string): Promise<PlanNode[]> {
  // Seq scans, bitmap scans and sorts priced out: a handful of rows still shows which index the planner CAN use.
  await tx.execute(sql`select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true)`);
  const page = keysetPage(sort, sql.raw(`${list.alias}.id`), direction, cursor, await list.conditions(tx));
  const [row] = await tx.execute<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
    sql`explain (format json) select * from ${sql.raw(list.table)} ${sql.raw(list.alias)} where ${page.where} order by ${page.order} limit 51`,
  );
  return nodes(row!["QUERY PLAN"][0].Plan);
}

const planCases = (Object.keys(LISTS) as (keyof typeof LISTS)[]).flatMap((name) =>
  Object.keys(LISTS[name].sorts).flatMap((field) => (["asc", "desc"] as const).map((direction) => [name, field, direction] as const)),
);

describe("every offered list sort, as a member under row-level security", () => {
  it.each(planCases)("%s by %s %s: in index order, the cursor an index condition", async (name, field, direction) => {
    const { people } = await crmTeam("member");
    const list = LISTS[name];
    const sort = list.sorts[field]!;
    for (const cursor of [undefined, sampleCursor(sort)]) {
      const plan = await people[0]!.run((tx) => pagePlan(tx, list, sort, direction, cursor));
      expect(plan.map((n) => n["Node Type"])).not.toContain("Sort");
      const scan = plan.find((n) => n["Node Type"] === "Index Scan" && n["Index Name"]?.startsWith(`${list.table}_`));
      expect(scan, JSON.stringify(plan)).toBeTruthy();
      if (cursor) {
        expect(scan!["Index Cond"]).toMatch(/ROW\(/);
        expect(scan!.Filter ?? "").not.toMatch(/ROW\(/);
      }
    }
  });
});

/*
 * Seven records whose sort keys tie in pairs, set directly (timestamps a second apart), then
 * read through the list procedure two at a time: the pages joined must be the records in
 * the sort's order, ties broken by id, each once.
 */

const SEED = [
  { at: 0, updated: 0, first: "x", last: "b", amount: 5n, close: "2026-01-02", title: "beta" },
  { at: 0, updated: 0, first: "y", last: "a", amount: 3n, close: null, title: "Alpha" },
  { at: 1, updated: 0, first: "x", last: "b", amount: 5n, close: "2026-01-01", title: "beta" },
  { at: 1, updated: 1, first: "x", last: "c", amount: 0n, close: null, title: "gamma" },
  { at: 2, updated: 1, first: "y", last: "a", amount: 3n, close: "2026-01-02", title: "alpha" },
  { at: 2, updated: 1, first: "z", last: "b", amount: 5n, close: "2026-01-01", title: "Beta" },
  { at: 3, updated: 2, first: "x", last: "c", amount: 9n, close: "2026-03-01", title: "delta" },
] as const;
type Seed = (typeof SEED)[number];

const BASE = Date.UTC(2026, 0, 1);
const stamp = (seconds: number) => new Date(BASE + seconds * 1000).toISOString();

type Key = (string | number | bigint)[];
const KEYS: Record<keyof typeof LISTS, Record<string, (s: Seed) => Key>> = {
  contacts: { updatedAt: (s) => [s.updated], createdAt: (s) => [s.at], name: (s) => [s.last, s.first] },
  companies: { updatedAt: (s) => [s.updated], createdAt: (s) => [s.at], name: (s) => [`${s.last} ${s.first}`] },
  deals: {
    updatedAt: (s) => [s.updated],
    createdAt: (s) => [s.at],
    amount: (s) => [s.amount],
    expectedCloseDate: (s) => [s.close ?? "9999-12-31"],
    title: (s) => [s.title.toLowerCase()],
  },
};

function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}

async function seed(owner: TeamMember, name: keyof typeof LISTS): Promise<string[]> {
  return owner.run(async (tx) => {
    const ids: string[] = [];
    for (const s of SEED) {
      const [created, updated] = [stamp(s.at), stamp(s.updated)];
      if (name === "contacts") {
        const { id } = await createContact(tx, owner.actor, { firstName: s.first, lastName: s.last });
        await tx.execute(sql`update crm_contacts set created_at = ${created}, updated_at = ${updated} where id = ${id}`);
        ids.push(id);
      } else if (name === "companies") {
        const { id } = await createCompany(tx, owner.actor, { name: `${s.last} ${s.first}` });
        await tx.execute(sql`update crm_companies set created_at = ${created}, updated_at = ${updated} where id = ${id}`);
        ids.push(id);
      } else {
        const { id } = await createDeal(tx, owner.actor, { title: s.title, amountMinor: s.amount, expectedCloseDate: s.close });
        await tx.execute(sql`update crm_deals set created_at = ${created}, updated_at = ${updated} where id = ${id}`);
        ids.push(id);
      }
    }
    return ids;
  });
}

async function readAll(owner: TeamMember, tenantId: string, name: keyof typeof LISTS, sort: { field: string; direction: SortDirection }): Promise<string[]> {
  const api = callerFor(owner, tenantId).crm;
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 10; pages++) {
    const input = { sort, cursor, limit: 2 } as never; // each list's own sort field names (checked by its input)
    const page: { items: { id: string }[]; nextCursor: string | null } = await (name === "contacts" ? api.contacts.list(input) : name === "companies" ? api.companies.list(input) : api.deals.list(input));
    seen.push(...page.items.map((r) => r.id));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return seen;
}

const orderCases = (Object.keys(KEYS) as (keyof typeof LISTS)[]).flatMap((name) => Object.keys(KEYS[name]).map((field) => [name, field] as const));

describe("list procedures' sorts", () => {
  it("offer exactly the sorts these tests cover", () => {
    expect(Object.keys(KEYS.contacts).sort()).toEqual([...contactSortFields].sort());
    expect(Object.keys(KEYS.companies).sort()).toEqual([...companySortFields].sort());
    expect(Object.keys(KEYS.deals).sort()).toEqual([...dealSortFields].sort());
  });

  it.each(orderCases)("%s by %s: in order both ways, two at a time across ties", async (name, field) => {
    const { org, owner } = await crmTeam();
    const ids = await seed(owner, name);
    const key = KEYS[name][field]!;
    const ascending = SEED.map((s, i) => ({ id: ids[i]!, key: key(s) }))
      .sort((a, b) => compareKeys(a.key, b.key) || (a.id < b.id ? -1 : 1))
      .map((r) => r.id);
    expect(await readAll(owner, org.id, name, { field, direction: "asc" })).toEqual(ascending);
    expect(await readAll(owner, org.id, name, { field, direction: "desc" })).toEqual([...ascending].reverse());
  });
});
