import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertDeal } from "../isolation/activities";
import { crmTeam, type TeamMember } from "../../../../test/crm/team";
import { callerFor } from "../../../../test/fixtures";
import { NotFound, ValidationFailed } from "../../../platform/errors";
import { recordAudit } from "../../audit/service";
import { createActivity } from "./activities";
import { createCompany } from "../companies/companies";
import { createContact, updateContact } from "../contacts/contacts";
import { followRecord } from "../followers";
import { updateVisibilitySettings } from "../settings";
import { getTimeline, summarizeChange, type TimelineInput, type TimelineItem } from "./timeline";

describe("summarizeChange", () => {
  const names = new Map([
    ["11111111-1111-4111-8111-111111111111", "Qualified"],
    ["22222222-2222-4222-8222-222222222222", "Proposal sent"],
    ["33333333-3333-4333-8333-333333333333", "Ann Owner"],
    ["44444444-4444-4444-8444-444444444444", "Bob Owner"],
  ]);
  const [qualified, proposal, ann, bob] = [...names.keys()];
  const unknown = "55555555-5555-4555-8555-555555555555";

  it.each([
    ["a creation", { action: "crm.contact.created", before: null, after: { firstName: "Ann" } }, "Created"],
    ["a deletion", { action: "crm.company.deleted", before: { name: "Acme" }, after: null }, "Deleted"],
    ["a stage change with known names", { action: "crm.deal.stage_changed", before: { stageId: qualified }, after: { stageId: proposal } }, "Stage: Qualified → Proposal sent"],
    ["a stage change to a stage without a name", { action: "crm.deal.stage_changed", before: { stageId: qualified }, after: { stageId: unknown } }, "Stage changed"],
    ["a lifecycle change", { action: "crm.contact.updated", before: { lifecycleStage: "lead", notes: "a" }, after: { lifecycleStage: "customer", notes: "a" } }, "Lifecycle: lead → customer"],
    ["an owner change with names", { action: "crm.contact.updated", before: { ownerId: ann }, after: { ownerId: bob } }, "Owner: Ann Owner → Bob Owner"],
    ["an owner removed", { action: "crm.contact.updated", before: { ownerId: ann }, after: { ownerId: null } }, "Owner: Ann Owner → none"],
    ["an owner change without names", { action: "crm.company.updated", before: { ownerId: unknown }, after: { ownerId: ann } }, "Owner changed"],
    ["an amount change", { action: "crm.deal.updated", before: { amountMinor: "100000", currency: "EUR" }, after: { amountMinor: 250000, currency: "EUR" } }, "Amount: €1,000.00 → €2,500.00"],
    ["a currency change", { action: "crm.deal.updated", before: { amountMinor: 5000, currency: "EUR" }, after: { amountMinor: 5000, currency: "USD" } }, "Amount: €50.00 → $50.00"],
    ["a probability override", { action: "crm.deal.updated", before: { probability: null }, after: { probability: 40 } }, "Probability: from stage → 40%"],
    ["tags", { action: "crm.contact.updated", before: { tags: ["vip", "old"] }, after: { tags: ["vip", "new"] } }, "Tags: +new −old"],
    ["long text", { action: "crm.contact.updated", before: { notes: "short" }, after: { notes: "much longer" } }, "Notes changed"],
    ["a text field", { action: "crm.contact.updated", before: { title: null }, after: { title: "CTO" } }, "Title: none → CTO"],
    ["an unknown field", { action: "crm.deal.updated", before: { nextStep: "call" }, after: { nextStep: "demo" } }, "Next step: call → demo"],
    ["a structured value", { action: "crm.deal.updated", before: { stage: { id: qualified } }, after: { stage: { id: proposal } } }, "Stage changed"],
    ["bookkeeping only", { action: "crm.deal.updated", before: { updatedAt: "a" }, after: { updatedAt: "b" } }, "Updated"],
    ["many changes, most important first", { action: "crm.deal.updated", before: { title: "A", city: "X", stageId: qualified, lostReason: null, country: "DE" }, after: { title: "B", city: "Y", stageId: proposal, lostReason: "r", country: "FR" } }, "Stage: Qualified → Proposal sent; Title: A → B; City: X → Y; and 2 more"],
    ["a win", { action: "crm.deal.won", before: { status: "open" }, after: { status: "won" } }, "Marked as won"],
    ["a loss with a reason", { action: "crm.deal.lost", before: {}, after: { lostReason: "Too expensive" } }, "Marked as lost: Too expensive"],
    ["a merge", { action: "crm.contact.merged", before: {}, after: {} }, "Merged with a duplicate"],
    ["a follower", { action: "crm.contact.followed", before: null, after: { userId: bob } }, "Follower added: Bob Owner"],
    ["an unknown verb without differences", { action: "crm.deal.contact_added", before: null, after: null }, "Contact added"],
  ])("summarizes %s", (_name, entry, expected) => {
    expect(summarizeChange(entry, names)).toBe(expected);
  });
});

const kindsOf = (items: TimelineItem[]) => items.map((item) => (item.type === "activity" ? item.activity.kind : `change: ${item.summary}`));
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

async function wholeTimeline(who: TeamMember, input: TimelineInput, limit: number): Promise<TimelineItem[]> {
  const items: TimelineItem[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const result: Awaited<ReturnType<typeof getTimeline>> = await who.run((tx) => getTimeline(tx, who.actor, { ...input, cursor, limit }));
    items.push(...result.items);
    if (!result.nextCursor) return items;
    cursor = result.nextCursor;
  }
  throw new Error("the timeline never ended");
}

const keyOf = (item: TimelineItem) => (item.type === "activity" ? `a:${item.activity.id}` : `c:${item.id}`);

describe("record timeline", () => {
  it("merges activities and audit entries about the record, newest first, with the actor's name", async () => {
    const { owner } = await crmTeam();
    const contact = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Ann" }));
    await owner.run((tx) => createActivity(tx, owner.actor, { kind: "note", subject: "Met at fair", occurredAt: daysAgo(2), contactId: contact.id }));
    await owner.run((tx) => createActivity(tx, owner.actor, { kind: "call", subject: "Intro", occurredAt: daysAgo(1), contactId: contact.id }));
    await owner.run((tx) => updateContact(tx, owner.actor, { id: contact.id, lifecycleStage: "customer" }));
    await owner.run((tx) => createActivity(tx, owner.actor, { kind: "meeting", subject: "Kick-off", occurredAt: new Date(Date.now() + 3_600_000), contactId: contact.id }));
    const { items, nextCursor } = await owner.run((tx) => getTimeline(tx, owner.actor, { entityType: "contact", id: contact.id }));
    expect(kindsOf(items)).toEqual(["meeting", "change: Lifecycle: lead → customer", "change: Created", "call", "note"]);
    expect(nextCursor).toBeNull();
    expect(items[1]).toMatchObject({ type: "change", action: "crm.contact.updated", actor: { id: owner.id, name: owner.name } });
    expect(items[0]).toMatchObject({ type: "activity", activity: { subject: "Kick-off", createdBy: { id: owner.id, name: owner.name } } });
    // Snapshots stay on the server.
    expect(JSON.stringify(items)).not.toContain("lifecycleStage");
  });

  it("pages through activities and audit entries with equal times without duplicates or gaps", async () => {
    const { owner } = await crmTeam();
    const contact = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Pat" }));
    const sameMoment = daysAgo(1);
    await owner.run(async (tx) => {
      for (let i = 0; i < 7; i++) await createActivity(tx, owner.actor, { kind: "note", subject: `tie ${i}`, occurredAt: sameMoment, contactId: contact.id });
      for (let i = 0; i < 6; i++) await createActivity(tx, owner.actor, { kind: i % 2 ? "call" : "email", subject: `spread ${i}`, occurredAt: daysAgo(i), contactId: contact.id });
      // Several audit entries in one transaction share their time.
      for (let i = 0; i < 4; i++) await updateContact(tx, owner.actor, { id: contact.id, title: `Title ${i}` });
    });
    const everything = await wholeTimeline(owner, { entityType: "contact", id: contact.id }, 100);
    expect(everything).toHaveLength(7 + 6 + 1 + 4);
    for (const limit of [1, 4, 5]) {
      const paged = await wholeTimeline(owner, { entityType: "contact", id: contact.id }, limit);
      expect(paged.map(keyOf)).toEqual(everything.map(keyOf));
    }
    const times = everything.map((item) => item.at.getTime());
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    expect(new Set(everything.map(keyOf)).size).toBe(everything.length);
  });

  it("filters by kind, audit entries being the kind 'change'", async () => {
    const { owner } = await crmTeam();
    const contact = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Kim" }));
    await owner.run((tx) => createActivity(tx, owner.actor, { kind: "call", subject: "c", contactId: contact.id }));
    await owner.run((tx) => createActivity(tx, owner.actor, { kind: "task", subject: "t", contactId: contact.id }));
    const run = (kinds: TimelineInput["kinds"]) => owner.run((tx) => getTimeline(tx, owner.actor, { entityType: "contact", id: contact.id, kinds }));
    expect(kindsOf((await run(["call"])).items)).toEqual(["call"]);
    expect(kindsOf((await run(["change"])).items)).toEqual(["change: Created"]);
    expect(kindsOf((await run(["task", "change"])).items)).toEqual(["task", "change: Created"]);
    expect((await run([])).items).toHaveLength(3);
  });

  it("shows on a company the activities of the company and of its deals, not those of its contacts", async () => {
    const { owner } = await crmTeam();
    const company = await owner.run((tx) => createCompany(tx, owner.actor, { name: "Acme" }));
    const contact = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Ann", companyId: company.id }));
    const [dealId, otherDealId] = await owner.run(async (tx) => [await insertDeal(tx, "Acme deal", company.id), await insertDeal(tx, "Other deal")]);
    await owner.run(async (tx) => {
      await createActivity(tx, owner.actor, { kind: "note", subject: "on the company", occurredAt: daysAgo(1), companyId: company.id });
      await createActivity(tx, owner.actor, { kind: "call", subject: "on its deal", occurredAt: daysAgo(2), dealId });
      await createActivity(tx, owner.actor, { kind: "email", subject: "on its contact", occurredAt: daysAgo(3), contactId: contact.id });
      await createActivity(tx, owner.actor, { kind: "meeting", subject: "on another deal", occurredAt: daysAgo(4), dealId: otherDealId });
    });
    const { items } = await owner.run((tx) => getTimeline(tx, owner.actor, { entityType: "company", id: company.id, kinds: ["note", "call", "email", "meeting"] }));
    expect(items.map((item) => (item.type === "activity" ? item.activity.subject : item.summary))).toEqual(["on the company", "on its deal"]);
    const deal = await owner.run((tx) => getTimeline(tx, owner.actor, { entityType: "deal", id: dealId! }));
    expect(kindsOf(deal.items)).toEqual(["call"]);
  });

  it("names the stages of a deal's stage change", async () => {
    const { owner } = await crmTeam();
    const dealId = await owner.run((tx) => insertDeal(tx, "Big one"));
    await owner.run(async (tx) => {
      const stages = await tx.execute<{ id: string }>(sql`select s.id from crm_stages s join crm_pipelines p on p.id = s.pipeline_id where p.is_default order by s.position limit 2`);
      await recordAudit(tx, { action: "crm.deal.stage_changed", entityType: "crm.deal", entityId: dealId, before: { stageId: stages[0]!.id }, after: { stageId: stages[1]!.id } });
    });
    const { items } = await owner.run((tx) => getTimeline(tx, owner.actor, { entityType: "deal", id: dealId }));
    expect(kindsOf(items)).toEqual(["change: Stage: Lead in → Qualified"]);
  });

  it("keeps the history of a contact merged into the record", async () => {
    const { owner } = await crmTeam();
    const winner = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Winner" }));
    const loser = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Loser" }));
    await owner.run((tx) => followRecord(tx, owner.actor, "contact", loser.id));
    await owner.run((tx) =>
      tx.execute(sql`insert into crm_merges (entity_type, winner_id, loser_id, snapshot) values ('contact', ${winner.id}, ${loser.id}, '{}'::jsonb)`),
    );
    const { items } = await owner.run((tx) => getTimeline(tx, owner.actor, { entityType: "contact", id: winner.id, kinds: ["change"] }));
    expect(kindsOf(items)).toEqual([`change: Follower added: ${owner.name}`, "change: Created", "change: Created"]);
    await owner.run((tx) => tx.execute(sql`update crm_merges set undone_at = now() where winner_id = ${winner.id}`));
    const undone = await owner.run((tx) => getTimeline(tx, owner.actor, { entityType: "contact", id: winner.id, kinds: ["change"] }));
    expect(undone.items).toHaveLength(1);
  });

  it("answers NOT_FOUND for a record the caller cannot see or of another tenant", async () => {
    const { org, owner, people } = await crmTeam("member");
    const member = people[0]!;
    const other = await crmTeam();
    await owner.run((tx) => updateVisibilitySettings(tx, owner.actor, { memberVisibility: "own_or_followed", viewerVisibility: "all" }));
    const hidden = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Hidden" }));
    const foreign = await other.owner.run((tx) => createContact(tx, other.owner.actor, { firstName: "Foreign" }));
    expect(await member.run((tx) => getTimeline(tx, member.actor, { entityType: "contact", id: hidden.id }).catch((e: unknown) => e))).toBeInstanceOf(NotFound);
    expect(await owner.run((tx) => getTimeline(tx, owner.actor, { entityType: "contact", id: foreign.id }).catch((e: unknown) => e))).toBeInstanceOf(NotFound);
    await expect(callerFor(member, org.id).crm.activities.timeline({ entityType: "contact", id: hidden.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses a cursor it did not make", async () => {
    const { owner } = await crmTeam();
    const contact = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Cy" }));
    const error = await owner.run((tx) => getTimeline(tx, owner.actor, { entityType: "contact", id: contact.id, cursor: "bm9wZQ" }).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(ValidationFailed);
  });
});
