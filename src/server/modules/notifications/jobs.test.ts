import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant, type TenantTx } from "../../db/tenant";
import type { EventDefinition, EventPayload } from "../../jobs/events";
import type { TenantJob } from "../../jobs/define";
import { runJobOn, tenantEvents } from "../../jobs/testing";
import { addMember, createTenant, createUser } from "../../../test/fixtures";
import type { SessionUser } from "../accounts/service";
import { createActivity, updateActivity } from "../crm/activities/activities";
import { announceOverdueTasks, publishOverdueTasks } from "../crm/activities/overdue";
import { createContact } from "../crm/contacts/contacts";
import { createDeal, updateDeal } from "../crm/deals/deals";
import { ACTIVITY_MENTIONED, DEAL_ASSIGNED, IMPORT_FINISHED, TASK_ASSIGNED, TASK_OVERDUE } from "../crm/events";
import { createImport, runImport, startImport } from "../crm/imports/imports";
import { updateVisibilitySettings } from "../crm/settings";
import { EMAIL_SEND_EVENT } from "../mail/jobs";
import type { MemberRole } from "../orgs/roles";
import { memberGateForJobs } from "../orgs/service";
import { memberRunner } from "../../jobs/runner";
import { notifyDealAssignedJob, notifyImportFinishedJob, notifyMentionJob, notifyTaskAssignedJob, notifyTaskOverdueJob } from "./jobs";
import { setPreferences } from "./preferences";
import { notifications } from "./schema";

type Person = SessionUser & { actor: { userId: string; role: MemberRole }; run: <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T> };

/** A tenant with its owner "Olivia Owner" and members with the given names (each a member unless said). */
async function team(...people: { name: string; role?: MemberRole }[]) {
  const { org, owner } = await createTenant();
  const person = (user: SessionUser, role: MemberRole): Person => ({
    ...user,
    actor: { userId: user.id, role },
    run: (fn) => withTenant({ tenantId: org.id, userId: user.id, role }, fn),
  });
  const others: Person[] = [];
  for (const { name, role = "member" } of people) {
    const user = await createUser({ name });
    await addMember(org.id, user.id, role);
    others.push(person(user, role));
  }
  return { tenantId: org.id, slug: org.slug, owner: person(owner, "owner"), people: others };
}

/** Runs `job` on every event of its kind in the tenant (optionally twice: a retry), as the worker would. */
async function runAll<T extends EventPayload>(tenantId: string, event: EventDefinition<T>, job: TenantJob<T>, times = 1) {
  const events = await tenantEvents(tenantId, event);
  const results: unknown[] = [];
  for (let i = 0; i < times; i++) for (const e of events) results.push(await runJobOn(job, tenantId, e, memberGateForJobs, i + 1));
  return results;
}

const notificationsOf = (tenantId: string, userId: string) =>
  withTenant({ tenantId }, (tx) => tx.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.createdAt));

const emailsTo = async (tenantId: string, email: string) => (await tenantEvents(tenantId, EMAIL_SEND_EVENT)).filter((e) => e.data.to === email);

describe("task assigned", () => {
  it("tells the assignee once, with the record linked, and emails them by default", async () => {
    const t = await team({ name: "Sam Sales" });
    const [sam] = t.people as [Person];
    const contact = await t.owner.run((tx) => createContact(tx, t.owner.actor, { firstName: "Ann", lastName: "Lee" }));
    await t.owner.run((tx) => createActivity(tx, t.owner.actor, { kind: "task", subject: "Send the quote", contactId: contact.id, assigneeId: sam.id }));

    const events = await tenantEvents(t.tenantId, TASK_ASSIGNED);
    expect(events).toHaveLength(1);
    await runAll(t.tenantId, TASK_ASSIGNED, notifyTaskAssignedJob, 2); // the second run is a retry

    const rows = await notificationsOf(t.tenantId, sam.id);
    expect(rows).toEqual([
      expect.objectContaining({ kind: "task_assigned", title: `${t.owner.name} assigned you a task`, body: "Send the quote · Ann Lee", entityType: "crm.contact", entityId: contact.id, actorId: t.owner.id, readAt: null }),
    ]);
    const mails = await emailsTo(t.tenantId, sam.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.data.text).toContain(`/t/${t.slug}/crm/contacts/${contact.id}`);
  });

  it("tells nobody about a task people give themselves, and tells the new assignee on a hand-over", async () => {
    const t = await team({ name: "Sam Sales" }, { name: "Dana Demo" });
    const [sam, dana] = t.people as [Person, Person];
    const contact = await sam.run((tx) => createContact(tx, sam.actor, { firstName: "Ann", lastName: "Lee" }));
    const task = await sam.run((tx) => createActivity(tx, sam.actor, { kind: "task", subject: "Mine", contactId: contact.id }));
    expect(await tenantEvents(t.tenantId, TASK_ASSIGNED)).toHaveLength(0);

    await sam.run((tx) => updateActivity(tx, sam.actor, { id: task.id, assigneeId: dana.id }));
    await sam.run((tx) => updateActivity(tx, sam.actor, { id: task.id, subject: "Mine, renamed" })); // same assignee: nothing new
    await runAll(t.tenantId, TASK_ASSIGNED, notifyTaskAssignedJob);
    expect(await notificationsOf(t.tenantId, dana.id)).toEqual([expect.objectContaining({ kind: "task_assigned", title: "Sam Sales assigned you a task" })]);
    expect(await notificationsOf(t.tenantId, sam.id)).toEqual([]);
  });

  it("leaves out a record the assignee cannot see", async () => {
    const t = await team({ name: "Sam Sales" });
    const [sam] = t.people as [Person];
    await t.owner.run((tx) => updateVisibilitySettings(tx, t.owner.actor, { memberVisibility: "own_or_followed", viewerVisibility: "own_or_followed" }));
    const contact = await t.owner.run((tx) => createContact(tx, t.owner.actor, { firstName: "Hidden", lastName: "Person" }));
    await t.owner.run((tx) => createActivity(tx, t.owner.actor, { kind: "task", subject: "Call them", contactId: contact.id, assigneeId: sam.id }));
    await runAll(t.tenantId, TASK_ASSIGNED, notifyTaskAssignedJob);
    const [row] = await notificationsOf(t.tenantId, sam.id);
    expect(row).toMatchObject({ body: "Call them", entityType: null, entityId: null });
  });
});

describe("deal assigned", () => {
  it("tells the new owner (not by email unless they asked), and never the one who took it themselves", async () => {
    const t = await team({ name: "Sam Sales" }, { name: "Dana Demo" });
    const [sam, dana] = t.people as [Person, Person];
    const deal = await t.owner.run((tx) => createDeal(tx, t.owner.actor, { title: "Acme renewal", amountMinor: 1000n, ownerId: sam.id }));
    await dana.run((tx) => updateDeal(tx, dana.actor, { id: deal.id, ownerId: dana.id })); // took it themselves
    await setPreferences(dana.id, { deal_assigned: { inApp: true, email: true } });
    await t.owner.run((tx) => updateDeal(tx, t.owner.actor, { id: deal.id, ownerId: dana.id })); // already Dana's: no change
    await sam.run((tx) => updateDeal(tx, sam.actor, { id: deal.id, ownerId: sam.id }));
    await t.owner.run((tx) => updateDeal(tx, t.owner.actor, { id: deal.id, ownerId: dana.id }));

    expect(await tenantEvents(t.tenantId, DEAL_ASSIGNED)).toHaveLength(2);
    await runAll(t.tenantId, DEAL_ASSIGNED, notifyDealAssignedJob, 2);
    expect(await notificationsOf(t.tenantId, sam.id)).toEqual([expect.objectContaining({ kind: "deal_assigned", body: "Acme renewal", entityType: "crm.deal", entityId: deal.id })]);
    expect(await notificationsOf(t.tenantId, dana.id)).toHaveLength(1);
    expect(await emailsTo(t.tenantId, sam.email)).toHaveLength(0);
    expect(await emailsTo(t.tenantId, dana.email)).toHaveLength(1);
  });

  it("sends neither when the recipient turned a kind off", async () => {
    const t = await team({ name: "Sam Sales" });
    const [sam] = t.people as [Person];
    await setPreferences(sam.id, { deal_assigned: { inApp: false, email: false } });
    await t.owner.run((tx) => createDeal(tx, t.owner.actor, { title: "Quiet deal", amountMinor: 1n, ownerId: sam.id }));
    expect(await runAll(t.tenantId, DEAL_ASSIGNED, notifyDealAssignedJob)).toEqual(["off"]);
    expect(await notificationsOf(t.tenantId, sam.id)).toEqual([]);
  });

  it("emails without an in-app row when only email is on, once", async () => {
    const t = await team({ name: "Sam Sales" });
    const [sam] = t.people as [Person];
    await setPreferences(sam.id, { deal_assigned: { inApp: false, email: true } });
    await t.owner.run((tx) => createDeal(tx, t.owner.actor, { title: "Mail only", amountMinor: 1n, ownerId: sam.id }));
    await runAll(t.tenantId, DEAL_ASSIGNED, notifyDealAssignedJob, 2);
    expect(await notificationsOf(t.tenantId, sam.id)).toEqual([]);
    expect(await emailsTo(t.tenantId, sam.email)).toHaveLength(1);
  });
});

describe("mentions", () => {
  it("tells each member mentioned by name (spaces included) who can see the record, never the author", async () => {
    const t = await team({ name: "Sam Sales" }, { name: "Dana Demo" }, { name: "Vic Viewer", role: "viewer" });
    const [sam, dana, vic] = t.people as [Person, Person, Person];
    const contact = await t.owner.run((tx) => createContact(tx, t.owner.actor, { firstName: "Ann", lastName: "Lee" }));
    await t.owner.run((tx) =>
      createActivity(tx, t.owner.actor, {
        kind: "note",
        subject: "Pricing call",
        body: `@Sam Sales and @dana demo: see ann@lee.example. @Nobody Known, @${t.owner.name} and @Vic Viewer too.`,
        contactId: contact.id,
      }),
    );
    const [event] = await tenantEvents(t.tenantId, ACTIVITY_MENTIONED);
    expect(new Set(event!.data.mentionedUserIds)).toEqual(new Set([sam.id, dana.id, vic.id]));
    await runAll(t.tenantId, ACTIVITY_MENTIONED, notifyMentionJob, 2);
    for (const who of [sam, dana, vic]) {
      expect(await notificationsOf(t.tenantId, who.id)).toEqual([
        expect.objectContaining({ kind: "mention", title: `${t.owner.name} mentioned you in a note`, body: "Pricing call · Ann Lee", entityType: "crm.contact" }),
      ]);
    }
    expect(await notificationsOf(t.tenantId, t.owner.id)).toEqual([]);
    expect(await emailsTo(t.tenantId, sam.email)).toHaveLength(1); // mentions email by default
  });

  it("does not tell a mentioned member who cannot see the record, and tells only new mentions on an edit", async () => {
    const t = await team({ name: "Sam Sales" }, { name: "Dana Demo" });
    const [sam, dana] = t.people as [Person, Person];
    await t.owner.run((tx) => updateVisibilitySettings(tx, t.owner.actor, { memberVisibility: "own_or_followed", viewerVisibility: "own_or_followed" }));
    const contact = await sam.run((tx) => createContact(tx, sam.actor, { firstName: "Own", lastName: "Contact" }));
    const note = await sam.run((tx) => createActivity(tx, sam.actor, { kind: "note", subject: "Hi", body: "@Dana Demo look", contactId: contact.id }));
    await sam.run((tx) => updateActivity(tx, sam.actor, { id: note.id, body: `@Dana Demo look, @${t.owner.name} too` }));
    const events = await tenantEvents(t.tenantId, ACTIVITY_MENTIONED);
    expect(events.map((e) => e.data.mentionedUserIds)).toEqual([[dana.id], [t.owner.id]]);
    await runAll(t.tenantId, ACTIVITY_MENTIONED, notifyMentionJob);
    expect(await notificationsOf(t.tenantId, dana.id)).toEqual([]); // Dana cannot open Sam's contact
    expect(await notificationsOf(t.tenantId, t.owner.id)).toHaveLength(1);
  });
});

describe("task overdue", () => {
  it("tells the assignee once per due time, however often the schedule runs", async () => {
    const t = await team({ name: "Sam Sales" });
    const [sam] = t.people as [Person];
    const contact = await sam.run((tx) => createContact(tx, sam.actor, { firstName: "Ann", lastName: "Lee" }));
    const dueAt = new Date(Date.now() - 60 * 60_000);
    const task = await sam.run((tx) => createActivity(tx, sam.actor, { kind: "task", subject: "Late one", contactId: contact.id, dueAt }));
    await sam.run((tx) => createActivity(tx, sam.actor, { kind: "task", subject: "Not yet", contactId: contact.id, dueAt: new Date(Date.now() + 3_600_000) }));
    await sam.run((tx) => createActivity(tx, sam.actor, { kind: "task", subject: "Long ago", contactId: contact.id, dueAt: new Date(Date.now() - 30 * 86_400_000) }));

    await announceOverdueTasks();
    await announceOverdueTasks();
    const since = new Date(Date.now() - 86_400_000);
    expect(await withTenant({ tenantId: t.tenantId }, (tx) => publishOverdueTasks(tx, new Date(), since))).toBe(0);
    const events = await tenantEvents(t.tenantId, TASK_OVERDUE);
    expect(events.map((e) => e.data)).toEqual([{ taskId: task.id, assigneeId: sam.id, subject: "Late one", dueAt: dueAt.toISOString(), record: { entityType: "contact", id: contact.id, name: "Ann Lee" } }]);
    await runAll(t.tenantId, TASK_OVERDUE, notifyTaskOverdueJob, 2);
    expect(await notificationsOf(t.tenantId, sam.id)).toEqual([expect.objectContaining({ kind: "task_overdue", title: "A task of yours is overdue", entityId: contact.id })]);

    // A new due time that passes again is told again; a done task is not.
    const newDue = new Date(Date.now() - 10 * 60_000);
    await sam.run((tx) => updateActivity(tx, sam.actor, { id: task.id, dueAt: newDue }));
    await withTenant({ tenantId: t.tenantId }, (tx) => publishOverdueTasks(tx, new Date(), since));
    await runAll(t.tenantId, TASK_OVERDUE, notifyTaskOverdueJob);
    expect(await notificationsOf(t.tenantId, sam.id)).toHaveLength(2);
  });
});

describe("import finished", () => {
  it("tells the member who started it the counts, once", async () => {
    const t = await team({ name: "Sam Sales" });
    const [sam] = t.people as [Person];
    const csv = "First name,Last name,Email\r\nAnn,Lee,ann@example.com\r\nBob,,not-an-email\r\n";
    const draft = await sam.run((tx) => createImport(tx, sam.actor, { entityType: "contact", fileName: "people.csv" }, new TextEncoder().encode(csv)));
    await sam.run((tx) => startImport(tx, sam.actor, { id: draft.id, mapping: { "First name": "firstName", "Last name": "lastName", Email: "emails" }, onDuplicate: "skip" }));
    await runImport({ tenantId: t.tenantId, importId: draft.id, userId: sam.id, asMember: memberRunner(t.tenantId, memberGateForJobs) });
    const events = await tenantEvents(t.tenantId, IMPORT_FINISHED);
    expect(events.map((e) => e.data)).toEqual([expect.objectContaining({ importId: draft.id, userId: sam.id, status: "done", created: 1, failed: 1 })]);
    await runAll(t.tenantId, IMPORT_FINISHED, notifyImportFinishedJob, 2);
    expect(await notificationsOf(t.tenantId, sam.id)).toEqual([
      expect.objectContaining({ kind: "import_finished", title: "Your import of contacts finished", body: "people.csv: 1 created, 0 updated, 1 row failed", entityType: "crm.import", entityId: draft.id }),
    ]);
  });
});

describe("former members", () => {
  it("are told nothing (the event still settles)", async () => {
    const t = await team({ name: "Sam Sales" });
    const [sam] = t.people as [Person];
    await t.owner.run((tx) => createDeal(tx, t.owner.actor, { title: "Leaving", amountMinor: 1n, ownerId: sam.id }));
    await withTenant({ tenantId: t.tenantId }, (tx) => tx.execute(sql`delete from memberships where user_id = ${sam.id}`));
    expect(await runAll(t.tenantId, DEAL_ASSIGNED, notifyDealAssignedJob)).toEqual(["not a member"]);
  });
});
