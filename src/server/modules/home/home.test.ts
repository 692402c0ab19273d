import { eq } from "drizzle-orm";
import { createProduct } from "../inventory/catalog/products";
import { describe, expect, it } from "vitest";
import { crmTeam, type TeamMember } from "../../../test/crm/team";
import { addMember, callerFor, createUser } from "../../../test/fixtures";
import { listAuditEntries } from "../audit/service";
import { createActivity } from "../crm/activities/activities";
import { createContact } from "../crm/contacts/contacts";
import { createDeal, deleteDeal } from "../crm/deals/deals";
import { followRecord } from "../crm/followers";
import { homeDeals, homeFollowedActivity, homeTasks } from "../crm/home";
import { listPipelines } from "../crm/pipelines";
import type { HomeContext, HomeListSection } from "../home-types";
import { ALL_HOME } from "../index";
import { tenants } from "../orgs/schema";
import { loadHome } from "./service";

const contextOf = (who: TeamMember, now: Date, timeZone = "UTC", baseCurrency = "EUR"): HomeContext => ({ actor: who.actor, role: who.role, now, timeZone, baseCurrency });
const titles = (section: HomeListSection, group: string) => section.groups.find((g) => g.id === group)!.items.map((i) => i.title);
const contactOf = (who: TeamMember, firstName = "Ann") => who.run((tx) => createContact(tx, who.actor, { firstName, lastName: "Lee" }));

describe("home: my tasks", () => {
  it("splits overdue from due today at the organization's midnight, not UTC's", async () => {
    const { org, owner } = await crmTeam();
    await owner.run((tx) => tx.update(tenants).set({ timeZone: "Europe/Berlin" }).where(eq(tenants.id, org.id)));
    const contact = await contactOf(owner);
    const task = (subject: string, dueAt: string) => owner.run((tx) => createActivity(tx, owner.actor, { kind: "task", subject, dueAt: new Date(dueAt), contactId: contact.id }));
    // 22:30 UTC on 3 Dec = 23:30 in Berlin; Berlin's 4 Dec starts at 23:00 UTC on the 3rd.
    const now = new Date("2026-12-03T22:30:00Z");
    await task("an hour ago", "2026-12-03T21:30:00Z");
    await task("in ten minutes", "2026-12-03T22:40:00Z");
    await task("just after Berlin's midnight", "2026-12-03T23:10:00Z");
    const section = await owner.run((tx) => homeTasks(tx, contextOf(owner, now, "Europe/Berlin")));
    expect(titles(section, "overdue")).toEqual(["an hour ago"]);
    expect(titles(section, "today")).toEqual(["in ten minutes"]);
    expect(section.groups.find((g) => g.id === "overdue")!.items[0]).toMatchObject({ tone: "danger", href: `/crm/contacts/${contact.id}`, detail: "Ann Lee" });

    // In UTC, the same clock is still the 3rd until 00:00 UTC: the after-midnight task is today too.
    await owner.run((tx) => tx.update(tenants).set({ timeZone: "UTC" }).where(eq(tenants.id, org.id)));
    const inUtc = await owner.run((tx) => homeTasks(tx, contextOf(owner, now)));
    expect(titles(inUtc, "today")).toEqual(["in ten minutes", "just after Berlin's midnight"]);
  });
});

describe("home: my open deals", () => {
  it("sums weighted values per stage and per currency, never across currencies, leaving out deals in the trash", async () => {
    const { owner, people } = await crmTeam("member");
    const [pipeline] = await owner.run((tx) => listPipelines(tx));
    const open = pipeline!.stages.filter((s) => s.outcome === "open");
    const [first, second] = [open[0]!, open[1]!];
    const deal = (title: string, amountMinor: bigint, currency: string, stageId: string, extra: { probability?: number; ownerId?: string } = {}) =>
      owner.run((tx) => createDeal(tx, owner.actor, { title, amountMinor, currency, stageId, ...extra }));
    await deal("A", 100_00n, "EUR", first.id, { probability: 50 });
    await deal("B", 33_33n, "EUR", first.id, { probability: 10 }); // 333.3 minor → weighted 333
    await deal("C", 200_00n, "EUR", second.id);
    await deal("D", 1_000_00n, "USD", first.id, { probability: 25 });
    await deal("someone else's", 9_999_00n, "EUR", first.id, { ownerId: people[0]!.id });
    const won = pipeline!.stages.find((s) => s.outcome === "won")!;
    await deal("won already", 5_000_00n, "EUR", won.id);
    const trashed = await deal("in the trash", 7_000_00n, "EUR", first.id);
    await owner.run((tx) => deleteDeal(tx, owner.actor, trashed.id));

    const section = await owner.run((tx) => homeDeals(tx, contextOf(owner, new Date(), "UTC", "USD")));
    expect(section.groups.map((g) => g.currency)).toEqual(["USD", "EUR"]); // the organization's currency first
    const [usd, eur] = section.groups;
    expect(usd).toMatchObject({ count: 1, amountMinor: 1_000_00n, weightedMinor: 250_00n });
    // 50% of 100.00 + round(10% of 33.33) + the second stage's own probability of 200.00
    const secondWeighted = BigInt(Math.round((200_00 * second.probability) / 100));
    expect(eur).toMatchObject({ count: 3, amountMinor: 333_33n, weightedMinor: 50_00n + 3_33n + secondWeighted });
    expect(eur!.stages.map((s) => [s.name, s.count, s.amountMinor])).toEqual([
      [first.name, 2, 133_33n],
      [second.name, 1, 200_00n],
    ]);
  });
});

describe("home: activity on records I follow", () => {
  it("lists what happened on followed records only, newest first, with who did it and a link", async () => {
    const { owner, people } = await crmTeam("member");
    const member = people[0]!;
    const followed = await contactOf(owner, "Followed");
    const other = await contactOf(owner, "Other");
    await member.run((tx) => followRecord(tx, member.actor, "contact", followed.id));
    await owner.run((tx) => createActivity(tx, owner.actor, { kind: "note", subject: "first note", contactId: followed.id }));
    await owner.run((tx) => createActivity(tx, owner.actor, { kind: "call", subject: "called them", contactId: followed.id }));
    await owner.run((tx) => createActivity(tx, owner.actor, { kind: "note", subject: "not followed", contactId: other.id }));
    const section = await member.run((tx) => homeFollowedActivity(tx, contextOf(member, new Date())));
    expect(section.groups[0]!.items.map((i) => i.title)).toEqual(["Call: called them", "Note: first note"]);
    expect(section.groups[0]!.items[0]).toMatchObject({ href: `/crm/contacts/${followed.id}`, atStyle: "relative" });
    expect(section.groups[0]!.items[0]!.detail).toContain("Followed Lee");
  });
});

describe("home: getting-started checklist", () => {
  it("tracks invite, contacts, deal and first product from real data, and disappears once all are done", async () => {
    const { org, owner } = await crmTeam();
    const stepsOf = async () => (await owner.run((tx) => loadHome(tx, owner.actor, org.id, ALL_HOME)))?.checklist?.steps.map((s) => [s.id, s.done]) ?? null;
    expect(await stepsOf()).toEqual([
      ["orgs-invite", false],
      ["crm-import-contacts", false],
      ["crm-create-deal", false],
      ["inventory-first-product", false],
    ]);
    await contactOf(owner);
    await owner.run((tx) => createDeal(tx, owner.actor, { title: "First" }));
    expect(await stepsOf()).toEqual([
      ["orgs-invite", false],
      ["crm-import-contacts", true],
      ["crm-create-deal", true],
      ["inventory-first-product", false],
    ]);
    await owner.run((tx) => createProduct(tx, owner.actor, { sku: "FIRST-1", name: "First product" }));
    await addMember(org.id, (await createUser()).id, "member");
    expect(await stepsOf()).toBeNull();
  });

  it("is dismissed per user and audited, and viewers do not get it", async () => {
    const { org, owner, people } = await crmTeam("admin", "viewer");
    const [admin, viewer] = people as [TeamMember, TeamMember];
    await callerFor(owner, org.id).home.dismissChecklist();
    expect((await callerFor(owner, org.id).home.get()).checklist).toBeNull();
    expect((await callerFor(admin, org.id).home.get()).checklist).not.toBeNull();
    expect((await callerFor(viewer, org.id).home.get()).checklist).toBeNull();
    // Viewers still get the sections, read-only: no step links, and the same lists.
    expect((await callerFor(viewer, org.id).home.get()).sections.map((s) => s.id)).toEqual(["crm-tasks", "crm-deals", "crm-followed-activity"]);
    const audit = await owner.run((tx) => listAuditEntries(tx, { action: "home.checklist_dismissed" }));
    expect(audit.items.map((e) => e.actorUserId)).toEqual([owner.id]);
  });

  it("leaves out the links of steps the caller's role cannot take", async () => {
    const { org, people } = await crmTeam("member");
    const member = people[0]!;
    const home = await member.run((tx) => loadHome(tx, member.actor, org.id, ALL_HOME));
    const links = Object.fromEntries(home.checklist!.steps.map((s) => [s.id, s.href]));
    expect(links).toEqual({ "orgs-invite": undefined, "crm-import-contacts": "/crm/imports/new", "crm-create-deal": "/crm/deals/new", "inventory-first-product": "/inventory/products/new" });
  });
});
