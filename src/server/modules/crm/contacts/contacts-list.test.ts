import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { crmTeam } from "../../../../test/crm/team";
import type { TenantTx } from "../../../db/tenant";
import { encodeCursor } from "../../../records/cursor";
import { recordConditions } from "../../../records/filters";
import { keysetPage, type SortDirection } from "../../../records/lists";
import { createContact } from "./contacts";
import { CONTACT_SORT, contactSortFields, listContacts } from "./contacts-list";

/*
 * The plans of the contact list's page query as a member, under row-level security (the
 * shapes bench:crm measures at scale). Seq scans, bitmap scans and sorts are priced out so
 * that a handful of test rows still shows which index the planner CAN use for what.
 */

type PlanNode = { "Node Type": string; "Index Name"?: string; "Index Cond"?: string; Filter?: string; Plans?: PlanNode[] };

const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

async function pagePlan(tx: TenantTx, field: (typeof contactSortFields)[number], direction: SortDirection, cursor?: string): Promise<PlanNode[]> {
  await tx.execute(sql`select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true)`);
  // The list's live-row conditions (contactListConditions): also the partial indexes' predicate.
  const page = keysetPage(CONTACT_SORT[field], sql`c.id`, direction, cursor, [sql`c.merged_into_id is null`, sql`c.deleted_at is null`]);
  const [row] = await tx.execute<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
    sql`explain (format json) select * from crm_contacts c where ${page.where} order by ${page.order} limit 51`,
  );
  return nodes(row!["QUERY PLAN"][0].Plan);
}

describe("a page of contacts, as a member", () => {
  it.each(contactSortFields.flatMap((field) => (["asc", "desc"] as const).map((direction) => [field, direction] as const)))(
    "by %s %s comes in index order, without sorting the tenant's contacts",
    async (field, direction) => {
      const { people } = await crmTeam("member");
      const plan = await people[0]!.run((tx) => pagePlan(tx, field, direction));
      expect(plan.map((n) => n["Node Type"])).not.toContain("Sort");
      expect(plan.some((n) => n["Node Type"] === "Index Scan" && n["Index Name"]?.startsWith("crm_contacts_"))).toBe(true);
    },
  );

  it.each([
    ["updatedAt", '["2026-01-02T03:04:05.123456+00:00","00000000-0000-4000-8000-000000000001"]'],
    ["name", '["miller","anna","00000000-0000-4000-8000-000000000001"]'],
  ] as const)("after a cursor by %s finds its first row through the index (the cursor is an index condition)", async (field, key) => {
    const { people } = await crmTeam("member");
    const plan = await people[0]!.run((tx) => pagePlan(tx, field, "asc", encodeCursor(key)));
    const scan = plan.find((n) => n["Node Type"] === "Index Scan" && n["Index Name"]?.startsWith("crm_contacts_"));
    expect(scan?.["Index Cond"]).toMatch(/ROW\(/);
    expect(scan?.Filter ?? "").not.toMatch(/ROW\(/);
  });
});

describe("the owner filter", () => {
  it("keeps one owner's contacts by name in index order (one owner is `=`, not `= any`), and finds any of several owners", async () => {
    const { owner, people } = await crmTeam("member", "member");
    const [a, b] = [people[0]!, people[1]!];
    await owner.run(async (tx) => {
      await createContact(tx, owner.actor, { firstName: "Amy", lastName: "Zulu", ownerId: a.id });
      await createContact(tx, owner.actor, { firstName: "Bo", lastName: "Young", ownerId: b.id });
      await createContact(tx, owner.actor, { firstName: "Cy", lastName: "Xray", ownerId: a.id });
      await createContact(tx, owner.actor, { firstName: "Di", lastName: "Whisky" });
    });
    const names = async (ownerIds: string[]) =>
      (await a.run((tx) => listContacts(tx, { filters: { ownerIds }, sort: { field: "name", direction: "asc" } }))).items.map((c) => c.lastName);
    expect(await names([a.id])).toEqual(["Xray", "Zulu"]);
    expect(await names([a.id, b.id])).toEqual(["Xray", "Young", "Zulu"]);

    const plan = await a.run(async (tx) => {
      await tx.execute(sql`select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true)`);
      const conditions = await recordConditions({ ownerId: sql`c.owner_id` }, { ownerIds: [a.id] }, async () => []);
      const page = keysetPage(CONTACT_SORT.name, sql`c.id`, "asc", null, [sql`c.merged_into_id is null`, sql`c.deleted_at is null`, ...conditions]);
      const [row] = await tx.execute<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
        sql`explain (format json) select * from crm_contacts c where ${page.where} order by ${page.order} limit 51`,
      );
      return nodes(row!["QUERY PLAN"][0].Plan);
    });
    expect(plan.map((n) => n["Node Type"])).not.toContain("Sort");
    expect(plan.find((n) => n["Node Type"] === "Index Scan")?.["Index Name"]).toBe("crm_contacts_owner_name_idx");
  });
});
