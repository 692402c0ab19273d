import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { addMember, callerFor, codeOf, createTenant, createUser, inTenant } from "../../../../test/fixtures";
import { withTenant, type TenantTx } from "../../../db/tenant";
import { ValidationFailed } from "../../../platform/errors";
import { listAuditEntries } from "../../audit/service";
import type { MemberRole } from "../../orgs/schema";
import type { CrmActor } from "../common";
import { createCompany } from "../companies/companies";
import { createContact } from "../contacts/contacts";
import { createCustomField } from "../custom-fields";
import { createDeal, getDeal, updateDeal } from "./deals";
import { getBoard, listDeals, listDealsFor } from "./deals-list";
import { moveDeal } from "./deals-stage";
import { followRecord } from "../followers";
import { createPipeline, listPipelines, updateStage } from "../pipelines";

/** A tenant with its default pipeline's stages by name, and a way to act in it as its owner. */
async function setup() {
  const { org, owner } = await createTenant();
  const ownerActor: CrmActor = { userId: owner.id, role: "owner" };
  const asOwner = <T>(fn: (tx: TenantTx, actor: CrmActor) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, (tx) => fn(tx, ownerActor));
  const [sales] = await asOwner((tx) => listPipelines(tx));
  const stage = (name: string) => sales!.stages.find((s) => s.name === name)!.id;
  return { org, owner, asOwner, sales: sales!, stage };
}

async function memberOf(tenantId: string, role: MemberRole) {
  const user = await createUser();
  await addMember(tenantId, user.id, role);
  return user;
}

const auditActions = (tenantId: string, dealId: string) =>
  inTenant(tenantId, async (tx) => (await listAuditEntries(tx, { entityType: "crm.deal", entityId: dealId }, { withSnapshots: true })).items.reverse());

describe("deal defaults", () => {
  it("goes to the default pipeline's first open stage, in the organization's currency, owned and followed by its creator", async () => {
    const { asOwner, owner, sales, stage } = await setup();
    const deal = await asOwner((tx, actor) => createDeal(tx, actor, { title: "Website redesign", amountMinor: 1_250_000n }));
    expect(deal).toMatchObject({
      pipeline: { id: sales.id },
      stage: { id: stage("Lead in"), probability: 10 },
      currency: "USD",
      status: "open",
      closedAt: null,
      owner: { id: owner.id },
      amountMinor: 1_250_000n,
    });
    expect(deal.followers.map((f) => f.id)).toEqual([owner.id]);
  });

  it.each([
    ["a negative amount", { amountMinor: -1n }, "amountMinor"],
    ["an unknown currency", { currency: "XYZ" }, "currency"],
    ["a probability over 100", { probability: 101 }, "probability"],
    ["an empty title", { title: " " }, "title"],
  ])("refuses %s", async (_label, override, field) => {
    const { asOwner } = await setup();
    const error = await asOwner((tx, actor) => createDeal(tx, actor, { title: "Deal", ...override })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect(Object.keys((error as ValidationFailed).fields)).toContain(field);
  });

  it("validates the deal's custom fields", async () => {
    const { asOwner } = await setup();
    await asOwner((tx, actor) => createCustomField(tx, actor, { entityType: "deal", label: "Segment", type: "single_select", options: ["SMB", "Enterprise"], required: true }));
    await expect(asOwner((tx, actor) => createDeal(tx, actor, { title: "No segment" }))).rejects.toBeInstanceOf(ValidationFailed);
    const deal = await asOwner((tx, actor) => createDeal(tx, actor, { title: "Segmented", custom: { segment: "SMB" } }));
    expect(deal.custom).toEqual({ segment: "SMB" });
  });
});

describe("probability", () => {
  it("uses the stage's probability unless the deal overrides it, and falls back when the override is cleared", async () => {
    const { asOwner, stage } = await setup();
    const deal = await asOwner((tx, actor) => createDeal(tx, actor, { title: "Deal", stageId: stage("Qualified") }));
    expect(deal).toMatchObject({ probability: null, effectiveProbability: 25 });
    expect(await asOwner((tx, actor) => updateDeal(tx, actor, { id: deal.id, probability: 80 }))).toMatchObject({ probability: 80, effectiveProbability: 80 });
    // The stage's probability changing does not touch an override…
    await asOwner((tx, actor) => updateStage(tx, actor, { id: stage("Qualified"), probability: 30 }));
    expect(await asOwner((tx) => getDeal(tx, deal.id))).toMatchObject({ effectiveProbability: 80 });
    // …and applies again once the override is cleared.
    expect(await asOwner((tx, actor) => updateDeal(tx, actor, { id: deal.id, probability: null }))).toMatchObject({ probability: null, effectiveProbability: 30 });
    await asOwner((tx, actor) => moveDeal(tx, actor, { dealId: deal.id, stageId: stage("Negotiation") }));
    expect(await asOwner((tx) => getDeal(tx, deal.id))).toMatchObject({ effectiveProbability: 75 });
  });
});

describe("won and lost", () => {
  it("closes a deal moved to a won stage, audits the stage change and the win, and reopens it when moved back", async () => {
    const { asOwner, org, stage } = await setup();
    const deal = await asOwner((tx, actor) => createDeal(tx, actor, { title: "Deal" }));
    const moved = await asOwner((tx, actor) => moveDeal(tx, actor, { dealId: deal.id, stageId: stage("Won") }));
    expect(moved).toMatchObject({ status: "won", stageId: stage("Won") });
    expect(moved.closedAt).toBeInstanceOf(Date);
    expect(moved.stageChangedAt.getTime()).toBeGreaterThan(deal.stageChangedAt.getTime());

    const reopened = await asOwner((tx, actor) => moveDeal(tx, actor, { dealId: deal.id, stageId: stage("Proposal sent") }));
    expect(reopened).toMatchObject({ status: "open", closedAt: null, lostReason: null });

    const entries = await auditActions(org.id, deal.id);
    expect(entries.map((e) => e.action)).toEqual(["crm.deal.created", "crm.deal.stage_changed", "crm.deal.won", "crm.deal.stage_changed", "crm.deal.reopened"]);
    expect(entries[1]).toMatchObject({
      before: { stageId: stage("Lead in"), stageName: "Lead in", status: "open" },
      after: { stageId: stage("Won"), stageName: "Won", status: "won" },
    });
  });

  it("needs a reason to lose a deal, and keeps it while the deal stays lost", async () => {
    const { asOwner, org, stage } = await setup();
    const deal = await asOwner((tx, actor) => createDeal(tx, actor, { title: "Deal" }));
    const error = await asOwner((tx, actor) => moveDeal(tx, actor, { dealId: deal.id, stageId: stage("Lost") })).catch((e: unknown) => e);
    expect((error as ValidationFailed).fields).toHaveProperty("lostReason");
    expect(await asOwner((tx) => getDeal(tx, deal.id))).toMatchObject({ status: "open", stage: { id: stage("Lead in") } });

    await asOwner((tx, actor) => moveDeal(tx, actor, { dealId: deal.id, stageId: stage("Lost"), lostReason: "Went with a competitor" }));
    const lost = await asOwner((tx, actor) => updateDeal(tx, actor, { id: deal.id, title: "Deal (lost)" }));
    expect(lost).toMatchObject({ status: "lost", lostReason: "Went with a competitor" });
    await expect(asOwner((tx, actor) => updateDeal(tx, actor, { id: deal.id, lostReason: null }))).rejects.toBeInstanceOf(ValidationFailed);
    const actions = (await auditActions(org.id, deal.id)).map((e) => e.action);
    expect(actions).toContain("crm.deal.lost");
    expect(actions).toContain("crm.deal.updated");
  });

  it("marks a deal won where it stands in an open stage, but refuses a status that contradicts a won or lost stage", async () => {
    const { asOwner, stage } = await setup();
    const deal = await asOwner((tx, actor) => createDeal(tx, actor, { title: "Deal", stageId: stage("Negotiation") }));
    const won = await asOwner((tx, actor) => updateDeal(tx, actor, { id: deal.id, status: "won" }));
    expect(won).toMatchObject({ status: "won", stage: { id: stage("Negotiation") } });
    expect(won.closedAt).toBeInstanceOf(Date);
    await asOwner((tx, actor) => moveDeal(tx, actor, { dealId: deal.id, stageId: stage("Won") }));
    const error = await asOwner((tx, actor) => updateDeal(tx, actor, { id: deal.id, status: "lost", lostReason: "Changed mind" })).catch((e: unknown) => e);
    expect((error as ValidationFailed).fields).toHaveProperty("status");
  });

  it("creates a deal directly in a lost stage only with a reason", async () => {
    const { asOwner, stage } = await setup();
    await expect(asOwner((tx, actor) => createDeal(tx, actor, { title: "Deal", stageId: stage("Lost") }))).rejects.toBeInstanceOf(ValidationFailed);
    const deal = await asOwner((tx, actor) => createDeal(tx, actor, { title: "Deal", stageId: stage("Lost"), lostReason: "No budget" }));
    expect(deal).toMatchObject({ status: "lost", lostReason: "No budget" });
  });
});

describe("references", () => {
  it("refuses another tenant's company, contact or stage, and a stage of another pipeline", async () => {
    const { asOwner, sales } = await setup();
    const other = await setup();
    const foreignCompany = await other.asOwner((tx, actor) => createCompany(tx, actor, { name: "Foreign Co" }));
    const foreignContact = await other.asOwner((tx, actor) => createContact(tx, actor, { firstName: "Foreign" }));
    const second = await asOwner((tx, actor) => createPipeline(tx, actor, { name: "Renewals", stages: [{ name: "Due" }, { name: "Renewed", outcome: "won" }] }));
    const deal = await asOwner((tx, actor) => createDeal(tx, actor, { title: "Deal" }));
    const refusals: [string, Record<string, unknown>, string][] = [
      ["company", { companyId: foreignCompany.id }, "companyId"],
      ["contact", { contactIds: [foreignContact.id] }, "contactIds"],
      ["stage", { stageId: other.stage("Qualified") }, "stageId"],
      ["stage of another pipeline", { pipelineId: sales.id, stageId: second.stages[0]!.id }, "stageId"],
    ];
    for (const [, input, field] of refusals) {
      const created = await asOwner((tx, actor) => createDeal(tx, actor, { title: "Deal", ...input })).catch((e: unknown) => e);
      expect((created as ValidationFailed).fields, JSON.stringify(input)).toHaveProperty(field);
      const updated = await asOwner((tx, actor) => updateDeal(tx, actor, { id: deal.id, ...input })).catch((e: unknown) => e);
      expect((updated as ValidationFailed).fields, JSON.stringify(input)).toHaveProperty(field);
    }
    // The board moves within the deal's pipeline only.
    const moved = await asOwner((tx, actor) => moveDeal(tx, actor, { dealId: deal.id, stageId: second.stages[0]!.id })).catch((e: unknown) => e);
    expect((moved as ValidationFailed).fields).toHaveProperty("stageId");
    // Changing pipeline with its stage (or alone: its first open stage) is fine.
    expect(await asOwner((tx, actor) => updateDeal(tx, actor, { id: deal.id, pipelineId: second.id }))).toMatchObject({ pipeline: { id: second.id }, stage: { id: second.stages[0]!.id } });
  });

  it("links contacts and a company, lists the deals of each, and replaces the contacts on update", async () => {
    const { asOwner } = await setup();
    const company = await asOwner((tx, actor) => createCompany(tx, actor, { name: "Acme" }));
    const ann = await asOwner((tx, actor) => createContact(tx, actor, { firstName: "Ann", lastName: "Lee" }));
    const bob = await asOwner((tx, actor) => createContact(tx, actor, { firstName: "Bob", lastName: "Ray" }));
    const deal = await asOwner((tx, actor) => createDeal(tx, actor, { title: "Acme deal", companyId: company.id, contactIds: [ann.id, bob.id, ann.id] }));
    expect(deal.contacts.map((c) => c.name)).toEqual(["Ann Lee", "Bob Ray"]);
    expect(deal.company).toEqual({ id: company.id, name: "Acme" });
    const updated = await asOwner((tx, actor) => updateDeal(tx, actor, { id: deal.id, contactIds: [bob.id] }));
    expect(updated.contacts.map((c) => c.id)).toEqual([bob.id]);
    expect((await asOwner((tx) => listDealsFor(tx, { contactId: ann.id }))).items).toEqual([]);
    expect((await asOwner((tx) => listDealsFor(tx, { contactId: bob.id }))).items.map((d) => d.id)).toEqual([deal.id]);
    expect((await asOwner((tx) => listDealsFor(tx, { companyId: company.id }))).items.map((d) => d.title)).toEqual(["Acme deal"]);
  });
});

describe("board", () => {
  it("totals each stage per currency with the weighted value, never adding currencies together", async () => {
    const { asOwner, stage } = await setup();
    const qualified = stage("Qualified"); // 25 %
    await asOwner(async (tx, actor) => {
      await createDeal(tx, actor, { title: "A", amountMinor: 10_000n, currency: "EUR", stageId: qualified });
      await createDeal(tx, actor, { title: "B", amountMinor: 20_000n, currency: "EUR", stageId: qualified, probability: 50 });
      await createDeal(tx, actor, { title: "C", amountMinor: 999n, currency: "USD", stageId: qualified });
      await createDeal(tx, actor, { title: "D", amountMinor: 5_000n, currency: "EUR", stageId: stage("Negotiation") });
    });
    const board = await asOwner((tx) => getBoard(tx, {}));
    const column = board.stages.find((s) => s.id === qualified)!;
    expect(column.count).toBe(3);
    expect(column.totals).toEqual([
      { currency: "EUR", count: 2, amountMinor: 30_000n, weightedMinor: 12_500n },
      // 999 × 25 / 100 = 249.75 → 250
      { currency: "USD", count: 1, amountMinor: 999n, weightedMinor: 250n },
    ]);
    expect(board.openTotals).toEqual([
      { currency: "EUR", count: 3, amountMinor: 35_000n, weightedMinor: 16_250n },
      { currency: "USD", count: 1, amountMinor: 999n, weightedMinor: 250n },
    ]);
  });

  it("shows open deals newest stage change first, capped per stage, and deals closed in won or lost stages in the last 30 days", async () => {
    const { asOwner, stage } = await setup();
    const ids = await asOwner(async (tx, actor) => {
      const make = (title: string, stageId = stage("Lead in"), lostReason?: string) => createDeal(tx, actor, { title, stageId, lostReason }).then((d) => d.id);
      return {
        first: await make("First"),
        second: await make("Second"),
        third: await make("Third"),
        wonRecently: await make("Won recently", stage("Won")),
        wonLongAgo: await make("Won long ago", stage("Won")),
        lost: await make("Lost", stage("Lost"), "Too expensive"),
        wonInOpenStage: await make("Won in place"),
      };
    });
    await asOwner(async (tx, actor) => {
      await updateDeal(tx, actor, { id: ids.wonInOpenStage, status: "won" });
      // Created in one transaction, they share one now(): spread their stage changes out.
      await tx.execute(sql`update crm_deals set stage_changed_at = now() - interval '2 hours' where id = ${ids.first}`);
      await tx.execute(sql`update crm_deals set stage_changed_at = now() - interval '3 hours' where id = ${ids.second}`);
      await tx.execute(sql`update crm_deals set stage_changed_at = now() - interval '1 hour' where id = ${ids.third}`);
      await tx.execute(sql`update crm_deals set closed_at = now() - interval '31 days' where id = ${ids.wonLongAgo}`);
    });
    const board = await asOwner((tx) => getBoard(tx, { perStage: 2 }));
    const lead = board.stages.find((s) => s.id === stage("Lead in"))!;
    expect(lead.deals.map((d) => d.title)).toEqual(["Third", "First"]);
    expect(lead).toMatchObject({ count: 3, hasMore: true });
    expect(board.stages.find((s) => s.name === "Won")!.deals.map((d) => d.title)).toEqual(["Won recently"]);
    expect(board.stages.find((s) => s.name === "Lost")!.deals.map((d) => d.title)).toEqual(["Lost"]);
  });
});

describe("deal list", () => {
  it("sorts by amount and by expected close date (undated last) with keyset pages, and filters", async () => {
    const { asOwner, stage } = await setup();
    const contact = await asOwner((tx, actor) => createContact(tx, actor, { firstName: "Cleo" }));
    await asOwner(async (tx, actor) => {
      await createDeal(tx, actor, { title: "Alpha license", amountMinor: 300n, expectedCloseDate: "2026-03-01", tags: ["renewal"] });
      await createDeal(tx, actor, { title: "Beta rollout", amountMinor: 100n, contactIds: [contact.id] });
      await createDeal(tx, actor, { title: "Gamma support", amountMinor: 200n, expectedCloseDate: "2026-01-15", stageId: stage("Won") });
      await createDeal(tx, actor, { title: "Delta audit", amountMinor: 200n, expectedCloseDate: "2026-02-01" });
    });
    const titles = (page: { items: { title: string }[] }) => page.items.map((d) => d.title);
    const first = await asOwner((tx) => listDeals(tx, { sort: { field: "amount", direction: "asc" }, limit: 2 }));
    const second = await asOwner((tx) => listDeals(tx, { sort: { field: "amount", direction: "asc" }, limit: 2, cursor: first.nextCursor }));
    expect(titles(first)).toEqual(["Beta rollout", expect.stringMatching(/Gamma|Delta/)]);
    expect([...titles(first), ...titles(second)]).toHaveLength(4);
    expect(new Set([...titles(first), ...titles(second)]).size).toBe(4);
    expect(second.nextCursor).toBeNull();
    const byClose = await asOwner((tx) => listDeals(tx, { sort: { field: "expectedCloseDate", direction: "asc" } }));
    expect(titles(byClose)).toEqual(["Gamma support", "Delta audit", "Alpha license", "Beta rollout"]);
    const filtered = async (filters: Record<string, unknown>) => titles(await asOwner((tx) => listDeals(tx, { filters, sort: { field: "title", direction: "asc" } })));
    expect(await filtered({ q: "gam" })).toEqual(["Gamma support"]);
    expect(await filtered({ statuses: ["won"] })).toEqual(["Gamma support"]);
    expect(await filtered({ contactId: contact.id })).toEqual(["Beta rollout"]);
    expect(await filtered({ tags: ["renewal"] })).toEqual(["Alpha license"]);
    expect(await filtered({ stageIds: [stage("Lead in")] })).toEqual(["Alpha license", "Beta rollout", "Delta audit"]);
    expect(await filtered({ expectedCloseFrom: "2026-02-01", expectedCloseTo: "2026-03-01" })).toEqual(["Alpha license", "Delta audit"]);
  });
});

describe("visibility and roles", () => {
  it("shows a member with own-only visibility just their own and followed deals, in the list, the board and by id", async () => {
    const { org, owner } = await setup();
    const admin = await memberOf(org.id, "admin");
    const member = await memberOf(org.id, "member");
    const asAdmin = callerFor(admin, org.id);
    const asMember = callerFor(member, org.id);
    const others = await callerFor(owner, org.id).crm.deals.create({ title: "Owner's deal", amountMinor: 100n });
    const followed = await callerFor(owner, org.id).crm.deals.create({ title: "Followed deal", amountMinor: 200n });
    const own = await asMember.crm.deals.create({ title: "Member's deal", amountMinor: 300n });
    await withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, (tx) => followRecord(tx, { userId: owner.id, role: "owner" }, "deal", followed.id, member.id));
    await asAdmin.crm.settings.updateVisibility({ memberVisibility: "own_or_followed", viewerVisibility: "all" });

    const listed = await asMember.crm.deals.list({ sort: { field: "title", direction: "asc" } });
    expect(listed.items.map((d) => d.title)).toEqual(["Followed deal", "Member's deal"]);
    const board = await asMember.crm.deals.board({});
    expect(board.stages.flatMap((s) => s.deals.map((d) => d.id)).sort()).toEqual([followed.id, own.id].sort());
    expect(board.openTotals).toEqual([{ currency: "USD", count: 2, amountMinor: 500n, weightedMinor: 50n }]);
    expect(await codeOf(asMember.crm.deals.get({ id: others.id }))).toBe("NOT_FOUND");
    expect(await codeOf(asMember.crm.deals.move({ dealId: others.id, stageId: own.stage.id }))).toBe("NOT_FOUND");
    expect(await codeOf(asMember.crm.deals.update({ id: others.id, title: "Taken" }))).toBe("NOT_FOUND");
    expect(await codeOf(asMember.crm.deals.delete({ id: others.id }))).toBe("NOT_FOUND");
    // Admins still see everything.
    expect((await asAdmin.crm.deals.list({})).items).toHaveLength(3);
  });

  it("lets an own-only member hand their deal to someone else and keep seeing it", async () => {
    const { org, owner } = await setup();
    const member = await memberOf(org.id, "member");
    const deal = await callerFor(owner, org.id).crm.deals.create({ title: "Assigned", ownerId: member.id });
    await callerFor(owner, org.id).crm.settings.updateVisibility({ memberVisibility: "own_or_followed", viewerVisibility: "all" });
    await inTenant(org.id, (tx) => tx.execute(sql`delete from crm_followers where entity_id = ${deal.id}`));
    const asMember = callerFor(member, org.id);
    const handedOver = await asMember.crm.deals.update({ id: deal.id, ownerId: owner.id });
    expect(handedOver.owner?.id).toBe(owner.id);
    expect(await codeOf(asMember.crm.deals.get({ id: deal.id }))).toBe("OK");
  });

  it("is read-only for viewers", async () => {
    const { org, owner, stage } = await setup();
    const viewer = await memberOf(org.id, "viewer");
    const deal = await callerFor(owner, org.id).crm.deals.create({ title: "Deal" });
    const asViewer = callerFor(viewer, org.id);
    expect(await codeOf(asViewer.crm.deals.create({ title: "Nope" }))).toBe("FORBIDDEN");
    expect(await codeOf(asViewer.crm.deals.update({ id: deal.id, title: "Nope" }))).toBe("FORBIDDEN");
    expect(await codeOf(asViewer.crm.deals.move({ dealId: deal.id, stageId: stage("Qualified") }))).toBe("FORBIDDEN");
    expect(await codeOf(asViewer.crm.deals.delete({ id: deal.id }))).toBe("FORBIDDEN");
    expect(await codeOf(asViewer.crm.deals.get({ id: deal.id }))).toBe("OK");
  });
});

describe("audit", () => {
  it("audits every deal mutation in its transaction", async () => {
    const { org, owner, stage } = await setup();
    const api = callerFor(owner, org.id);
    const deal = await api.crm.deals.create({ title: "Audited", amountMinor: 100n });
    await api.crm.deals.update({ id: deal.id, amountMinor: 150n });
    await api.crm.deals.move({ dealId: deal.id, stageId: stage("Qualified") });
    await api.crm.deals.delete({ id: deal.id });
    const entries = await auditActions(org.id, deal.id);
    expect(entries.map((e) => e.action)).toEqual(["crm.deal.created", "crm.deal.updated", "crm.deal.stage_changed", "crm.deal.deleted"]);
    expect(entries[1]).toMatchObject({ before: { amountMinor: "100" }, after: { amountMinor: "150" } });
    // A refused change leaves no trace.
    const other = await api.crm.deals.create({ title: "Kept" });
    expect(await codeOf(api.crm.deals.move({ dealId: other.id, stageId: stage("Lost") }))).toBe("BAD_REQUEST");
    expect((await auditActions(org.id, other.id)).map((e) => e.action)).toEqual(["crm.deal.created"]);
  });
});
