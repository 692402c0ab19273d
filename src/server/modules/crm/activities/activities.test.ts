import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertDeal } from "../isolation/activities";
import { crmTeam, type TeamMember } from "../../../../test/crm/team";
import { callerFor, codeOf, pgFailure } from "../../../../test/fixtures";
import { Forbidden, NotFound, ValidationFailed } from "../../../platform/errors";
import { listAuditEntries } from "../../audit/service";
import { tenants } from "../../orgs/schema";
import { createActivity, deleteActivity, getActivity, setTaskDone, updateActivity } from "./activities";
import { listMyTasks } from "./my-tasks";
import { createCompany } from "../companies/companies";
import { createContact } from "../contacts/contacts";
import { updateVisibilitySettings } from "../settings";

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

const contactOf = (who: TeamMember, firstName = "Ann") => who.run((tx) => createContact(tx, who.actor, { firstName, lastName: "Lee" }));

async function activityAudit(who: TeamMember, id: string) {
  const page = await who.run((tx) => listAuditEntries(tx, { entityType: "crm.activity", entityId: id }));
  return page.items.map((item) => item.action).reverse();
}

describe("logging an activity", () => {
  it("attaches it to visible records, names them, and audits it", async () => {
    const { owner } = await crmTeam();
    const company = await owner.run((tx) => createCompany(tx, owner.actor, { name: "Acme" }));
    const contact = await contactOf(owner);
    const dealId = await owner.run((tx) => insertDeal(tx, "Acme renewal", company.id));
    const call = await owner.run((tx) =>
      createActivity(tx, owner.actor, { kind: "call", subject: "Intro call", body: "25 min; outcome: demo booked", contactId: contact.id, companyId: company.id, dealId }),
    );
    expect(call).toMatchObject({ kind: "call", subject: "Intro call", dueAt: null, assignee: null, createdBy: { id: owner.id, name: owner.name }, canEdit: true });
    expect(call.targets).toEqual([
      { entityType: "contact", id: contact.id, name: "Ann Lee" },
      { entityType: "company", id: company.id, name: "Acme" },
      { entityType: "deal", id: dealId, name: "Acme renewal" },
    ]);
    expect(Math.abs(call.occurredAt.getTime() - Date.now())).toBeLessThan(60_000);
    const audit = await owner.run((tx) => listAuditEntries(tx, { entityType: "crm.activity", entityId: call.id }, { withSnapshots: true }));
    expect(audit.items).toEqual([expect.objectContaining({ action: "crm.activity.created", actorUserId: owner.id, after: expect.objectContaining({ kind: "call", contactId: contact.id, dealId }) })]);
  });

  it("needs at least one record", async () => {
    const { owner } = await crmTeam();
    const error = await failure(owner.run((tx) => createActivity(tx, owner.actor, { kind: "note", subject: "Floating" })));
    expect((error as ValidationFailed).fields).toEqual({ _form: ["Attach the activity to a contact, a company or a deal."] });
  });

  it("refuses a record of another tenant with NOT_FOUND and logs nothing", async () => {
    const { owner } = await crmTeam();
    const other = await crmTeam();
    const foreign = await contactOf(other.owner);
    const foreignDealId = await other.owner.run((tx) => insertDeal(tx, "Elsewhere"));
    expect(await failure(owner.run((tx) => createActivity(tx, owner.actor, { kind: "note", subject: "x", contactId: foreign.id })))).toBeInstanceOf(NotFound);
    expect(await failure(owner.run((tx) => createActivity(tx, owner.actor, { kind: "note", subject: "x", dealId: foreignDealId })))).toBeInstanceOf(NotFound);
    const [row] = await owner.run((tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from crm_activities`));
    expect(row!.n).toBe(0);
  });

  it("refuses, with NOT_FOUND, a member restricted to own records logging on someone else's contact", async () => {
    const { owner, people } = await crmTeam("member");
    const member = people[0]!;
    await owner.run((tx) => updateVisibilitySettings(tx, owner.actor, { memberVisibility: "own_or_followed", viewerVisibility: "all" }));
    const ownersContact = await contactOf(owner);
    const membersContact = await contactOf(member, "Mia");
    expect(await failure(member.run((tx) => createActivity(tx, member.actor, { kind: "note", subject: "Peek", contactId: ownersContact.id })))).toBeInstanceOf(NotFound);
    // Every record must be visible: a visible one does not carry an invisible one in.
    const ownersCompany = await owner.run((tx) => createCompany(tx, owner.actor, { name: "Owner's" }));
    expect(
      await failure(member.run((tx) => createActivity(tx, member.actor, { kind: "note", subject: "Peek", contactId: membersContact.id, companyId: ownersCompany.id }))),
    ).toBeInstanceOf(NotFound);
    await expect(member.run((tx) => createActivity(tx, member.actor, { kind: "note", subject: "Mine", contactId: membersContact.id }))).resolves.toBeTruthy();
  });

  it("refuses a merged-away contact", async () => {
    const { owner } = await crmTeam();
    const winner = await contactOf(owner, "Winner");
    const loser = await contactOf(owner, "Loser");
    await owner.run((tx) => tx.execute(sql`update crm_contacts set merged_into_id = ${winner.id} where id = ${loser.id}`));
    expect(await failure(owner.run((tx) => createActivity(tx, owner.actor, { kind: "note", subject: "x", contactId: loser.id })))).toBeInstanceOf(NotFound);
  });

  it("is refused to viewers, by the service and by the procedure", async () => {
    const { org, owner, people } = await crmTeam("viewer");
    const viewer = people[0]!;
    const contact = await contactOf(owner);
    expect(await failure(viewer.run((tx) => createActivity(tx, viewer.actor, { kind: "note", subject: "x", contactId: contact.id })))).toBeInstanceOf(Forbidden);
    expect(await codeOf(callerFor(viewer, org.id).crm.activities.create({ kind: "note", subject: "x", contactId: contact.id }))).toBe("FORBIDDEN");
    // …who can still read it.
    const note = await owner.run((tx) => createActivity(tx, owner.actor, { kind: "note", subject: "Readable", contactId: contact.id }));
    await expect(callerFor(viewer, org.id).crm.activities.get({ id: note.id })).resolves.toMatchObject({ subject: "Readable", canEdit: false });
  });
});

describe("task rules", () => {
  it("gives only tasks a due date and an assignee (the database check backs it up)", async () => {
    const { owner } = await crmTeam();
    const contact = await contactOf(owner);
    const error = await failure(owner.run((tx) => createActivity(tx, owner.actor, { kind: "meeting", subject: "x", contactId: contact.id, dueAt: new Date(), assigneeId: owner.id })));
    expect((error as ValidationFailed).fields).toEqual({ dueAt: ["Only tasks have a due date."], assigneeId: ["Only tasks have an assignee."] });
    const note = await owner.run((tx) => createActivity(tx, owner.actor, { kind: "note", subject: "x", contactId: contact.id }));
    const updateError = await failure(owner.run((tx) => updateActivity(tx, owner.actor, { id: note.id, dueAt: new Date() })));
    expect((updateError as ValidationFailed).fields).toEqual({ dueAt: ["Only tasks have a due date."] });
    const raw = await pgFailure(owner.run((tx) => tx.execute(sql`update crm_activities set due_at = now() where id = ${note.id}`)));
    expect(raw.code).toBe("23514");
  });

  it("assigns a task to its creator unless told otherwise, and only to a member", async () => {
    const { owner, people } = await crmTeam("member");
    const outsider = await crmTeam();
    const contact = await contactOf(owner);
    const mine = await owner.run((tx) => createActivity(tx, owner.actor, { kind: "task", subject: "Send quote", contactId: contact.id }));
    expect(mine.assignee).toEqual({ id: owner.id, name: owner.name });
    const theirs = await owner.run((tx) => createActivity(tx, owner.actor, { kind: "task", subject: "Call back", contactId: contact.id, assigneeId: people[0]!.id }));
    expect(theirs.assignee?.id).toBe(people[0]!.id);
    const error = await failure(owner.run((tx) => createActivity(tx, owner.actor, { kind: "task", subject: "x", contactId: contact.id, assigneeId: outsider.owner.id })));
    expect((error as ValidationFailed).fields).toEqual({ assigneeId: ["Choose a member of this organization."] });
    const reassign = await failure(owner.run((tx) => updateActivity(tx, owner.actor, { id: mine.id, assigneeId: outsider.owner.id })));
    expect((reassign as ValidationFailed).fields).toEqual({ assigneeId: ["Choose a member of this organization."] });
  });

  it("keeps a task a task", async () => {
    const { owner } = await crmTeam();
    const contact = await contactOf(owner);
    const task = await owner.run((tx) => createActivity(tx, owner.actor, { kind: "task", subject: "x", contactId: contact.id }));
    const error = await failure(owner.run((tx) => updateActivity(tx, owner.actor, { id: task.id, kind: "note" })));
    expect(Object.keys((error as ValidationFailed).fields)).toEqual(["kind"]);
    const call = await owner.run((tx) => createActivity(tx, owner.actor, { kind: "note", subject: "x", contactId: contact.id }));
    await expect(owner.run((tx) => updateActivity(tx, owner.actor, { id: call.id, kind: "call" }))).resolves.toMatchObject({ kind: "call" });
  });

  it("lets the assignee, the creator or an admin complete and reopen a task; another member gets FORBIDDEN", async () => {
    const { org, owner, people } = await crmTeam("member", "member", "member", "admin");
    const [creator, assignee, plain, admin] = people as [TeamMember, TeamMember, TeamMember, TeamMember];
    const contact = await contactOf(owner);
    const task = await creator.run((tx) => createActivity(tx, creator.actor, { kind: "task", subject: "Prepare demo", contactId: contact.id, assigneeId: assignee.id }));
    // A member who neither created it nor is assigned to it:
    expect(await failure(plain.run((tx) => setTaskDone(tx, plain.actor, { id: task.id, done: true })))).toBeInstanceOf(Forbidden);
    expect(await codeOf(callerFor(plain, org.id).crm.activities.setDone({ id: task.id, done: true }))).toBe("FORBIDDEN");

    const done = await assignee.run((tx) => setTaskDone(tx, assignee.actor, { id: task.id, done: true }));
    expect(done.doneAt).toBeInstanceOf(Date);
    // Asking again changes nothing (and audits nothing).
    await assignee.run((tx) => setTaskDone(tx, assignee.actor, { id: task.id, done: true }));
    await creator.run((tx) => setTaskDone(tx, creator.actor, { id: task.id, done: false }));
    await admin.run((tx) => setTaskDone(tx, admin.actor, { id: task.id, done: true }));
    await owner.run((tx) => setTaskDone(tx, owner.actor, { id: task.id, done: false }));
    expect(await activityAudit(owner, task.id)).toEqual(["crm.activity.created", "crm.activity.completed", "crm.activity.reopened", "crm.activity.completed", "crm.activity.reopened"]);
    const after = await owner.run((tx) => getActivity(tx, owner.actor, task.id));
    expect(after.doneAt).toBeNull();
  });

  it("completes only tasks", async () => {
    const { owner } = await crmTeam();
    const contact = await contactOf(owner);
    const note = await owner.run((tx) => createActivity(tx, owner.actor, { kind: "note", subject: "x", contactId: contact.id }));
    expect(await failure(owner.run((tx) => setTaskDone(tx, owner.actor, { id: note.id, done: true })))).toBeInstanceOf(ValidationFailed);
  });
});

describe("changing and deleting activities", () => {
  it("lets a member change and delete what they logged or are assigned to, not others' (FORBIDDEN); admins any", async () => {
    const { owner, people } = await crmTeam("member", "member", "admin");
    const [author, other, admin] = people as [TeamMember, TeamMember, TeamMember];
    const contact = await contactOf(owner);
    const note = await author.run((tx) => createActivity(tx, author.actor, { kind: "note", subject: "Draft", contactId: contact.id }));
    const edited = await author.run((tx) => updateActivity(tx, author.actor, { id: note.id, subject: "Final", body: "Agreed on pricing" }));
    expect(edited).toMatchObject({ subject: "Final", body: "Agreed on pricing", canEdit: true });
    expect(await failure(other.run((tx) => updateActivity(tx, other.actor, { id: note.id, subject: "Mine now" })))).toBeInstanceOf(Forbidden);
    expect(await failure(other.run((tx) => deleteActivity(tx, other.actor, note.id)))).toBeInstanceOf(Forbidden);
    expect((await other.run((tx) => getActivity(tx, other.actor, note.id))).canEdit).toBe(false);

    const task = await owner.run((tx) => createActivity(tx, owner.actor, { kind: "task", subject: "Chase invoice", contactId: contact.id, assigneeId: other.id }));
    await expect(other.run((tx) => updateActivity(tx, other.actor, { id: task.id, dueAt: new Date("2030-01-01T09:00:00Z") }))).resolves.toMatchObject({
      dueAt: new Date("2030-01-01T09:00:00Z"),
    });
    await admin.run((tx) => updateActivity(tx, admin.actor, { id: note.id, subject: "Edited by admin" }));
    await other.run((tx) => deleteActivity(tx, other.actor, task.id));
    await admin.run((tx) => deleteActivity(tx, admin.actor, note.id));
    expect(await failure(owner.run((tx) => getActivity(tx, owner.actor, note.id)))).toBeInstanceOf(NotFound);
    expect(await activityAudit(owner, note.id)).toEqual(["crm.activity.created", "crm.activity.updated", "crm.activity.updated", "crm.activity.deleted"]);
    const audit = await owner.run((tx) => listAuditEntries(tx, { entityType: "crm.activity", entityId: note.id, action: "crm.activity.updated" }, { withSnapshots: true }));
    expect(audit.items.at(-1)).toMatchObject({ actorUserId: author.id, before: expect.objectContaining({ subject: "Draft" }), after: expect.objectContaining({ subject: "Final" }) });
  });

  it("moves an activity only to records the caller can see, and never leaves it without one", async () => {
    const { owner } = await crmTeam();
    const other = await crmTeam();
    const contact = await contactOf(owner);
    const company = await owner.run((tx) => createCompany(tx, owner.actor, { name: "Acme" }));
    const foreign = await contactOf(other.owner);
    const note = await owner.run((tx) => createActivity(tx, owner.actor, { kind: "note", subject: "x", contactId: contact.id }));
    expect(await failure(owner.run((tx) => updateActivity(tx, owner.actor, { id: note.id, contactId: foreign.id })))).toBeInstanceOf(NotFound);
    const none = await failure(owner.run((tx) => updateActivity(tx, owner.actor, { id: note.id, contactId: null })));
    expect(Object.keys((none as ValidationFailed).fields)).toEqual(["_form"]);
    const moved = await owner.run((tx) => updateActivity(tx, owner.actor, { id: note.id, contactId: null, companyId: company.id }));
    expect(moved?.targets).toEqual([{ entityType: "company", id: company.id, name: "Acme" }]);
  });

  it("answers NOT_FOUND for another tenant's activity, whatever the procedure", async () => {
    const a = await crmTeam();
    const b = await crmTeam();
    const contact = await contactOf(b.owner);
    const task = await b.owner.run((tx) => createActivity(tx, b.owner.actor, { kind: "task", subject: "Secret", contactId: contact.id }));
    const api = callerFor(a.owner, a.org.id);
    expect(await codeOf(api.crm.activities.get({ id: task.id }))).toBe("NOT_FOUND");
    expect(await codeOf(api.crm.activities.update({ id: task.id, subject: "Mine" }))).toBe("NOT_FOUND");
    expect(await codeOf(api.crm.activities.setDone({ id: task.id, done: true }))).toBe("NOT_FOUND");
    expect(await codeOf(api.crm.activities.delete({ id: task.id }))).toBe("NOT_FOUND");
    await expect(b.owner.run((tx) => getActivity(tx, b.owner.actor, task.id))).resolves.toMatchObject({ subject: "Secret", doneAt: null });
  });
});

describe("activity visibility", () => {
  it("follows the records: hidden with them, unless the caller created it or is its assignee (then without the record's name)", async () => {
    const { owner, people } = await crmTeam("member", "member");
    const [assignee, stranger] = people as [TeamMember, TeamMember];
    await owner.run((tx) => updateVisibilitySettings(tx, owner.actor, { memberVisibility: "own_or_followed", viewerVisibility: "all" }));
    const contact = await contactOf(owner, "Hidden");
    const task = await owner.run((tx) => createActivity(tx, owner.actor, { kind: "task", subject: "Call Hidden", contactId: contact.id, assigneeId: assignee.id }));
    const seen = await assignee.run((tx) => getActivity(tx, assignee.actor, task.id));
    expect(seen).toMatchObject({ subject: "Call Hidden", targets: [], canEdit: true });
    expect(await failure(stranger.run((tx) => getActivity(tx, stranger.actor, task.id)))).toBeInstanceOf(NotFound);
    expect(await failure(stranger.run((tx) => deleteActivity(tx, stranger.actor, task.id)))).toBeInstanceOf(NotFound);
    // The assignee can complete it, though the contact stays out of reach.
    await expect(assignee.run((tx) => setTaskDone(tx, assignee.actor, { id: task.id, done: true }))).resolves.toMatchObject({ targets: [] });
  });
});

describe("my tasks", () => {
  const now = new Date("2026-03-10T06:00:00Z");

  async function tasksAt(timeZone: string) {
    const { org, owner, people } = await crmTeam("member");
    await owner.run((tx) => tx.update(tenants).set({ timeZone }).where(eq(tenants.id, org.id)));
    const contact = await contactOf(owner);
    const task = (subject: string, dueAt: Date | null, assigneeId = owner.id) =>
      owner.run((tx) => createActivity(tx, owner.actor, { kind: "task", subject, dueAt, assigneeId, contactId: contact.id }));
    await task("overdue", new Date("2026-03-10T05:00:00Z"));
    await task("later tonight", new Date("2026-03-10T06:30:00Z"));
    await task("after midnight in Los Angeles", new Date("2026-03-10T08:00:00Z"));
    await task("next week", new Date("2026-03-17T08:00:00Z"));
    await task("someday", null);
    await task("someone else's", new Date("2026-03-10T05:00:00Z"), people[0]!.id);
    await owner.run((tx) => createActivity(tx, owner.actor, { kind: "note", subject: "not a task", contactId: contact.id }));
    return { owner, org, contact };
  }

  const subjects = (list: { subject: string }[]) => list.map((t) => t.subject);

  it("groups open tasks as overdue, today, upcoming and undated, with today in the organization's time zone", async () => {
    const la = await tasksAt("America/Los_Angeles");
    const inLosAngeles = await la.owner.run((tx) => listMyTasks(tx, la.owner.actor, {}, now));
    expect(inLosAngeles.today).toBe("2026-03-09"); // 23:00 on the 9th there
    expect(inLosAngeles.timeZone).toBe("America/Los_Angeles");
    expect({ overdue: subjects(inLosAngeles.groups.overdue), today: subjects(inLosAngeles.groups.today), upcoming: subjects(inLosAngeles.groups.upcoming), noDate: subjects(inLosAngeles.groups.noDate) }).toEqual({
      overdue: ["overdue"],
      today: ["later tonight"],
      upcoming: ["after midnight in Los Angeles", "next week"],
      noDate: ["someday"],
    });
    expect(inLosAngeles.counts).toEqual({ overdue: 1, today: 1, upcoming: 2, noDate: 1 });
    expect(inLosAngeles.groups.today[0]!.targets).toEqual([expect.objectContaining({ entityType: "contact", id: la.contact.id, name: "Ann Lee" })]);

    const nz = await tasksAt("Pacific/Auckland");
    const inAuckland = await nz.owner.run((tx) => listMyTasks(tx, nz.owner.actor, {}, now));
    expect(inAuckland.today).toBe("2026-03-10"); // 19:00 on the 10th there
    expect(subjects(inAuckland.groups.today)).toEqual(["later tonight", "after midnight in Los Angeles"]);
    expect(subjects(inAuckland.groups.upcoming)).toEqual(["next week"]);
  });

  it("caps each group but counts them all, and adds the tasks done in the last 7 days when asked", async () => {
    const { owner } = await tasksAt("UTC");
    const capped = await owner.run((tx) => listMyTasks(tx, owner.actor, { limit: 1 }, now));
    expect(subjects(capped.groups.upcoming)).toEqual(["next week"]);
    expect(capped.counts.upcoming).toBe(1); // in UTC, 08:00 on the 10th is today
    expect(subjects(capped.groups.today)).toEqual(["later tonight"]);
    expect(capped.counts.today).toBe(2);
    expect(capped.done).toEqual([]);

    const all = await owner.run((tx) => listMyTasks(tx, owner.actor, {}, now));
    const [recent, old] = [all.groups.today[0]!, all.groups.upcoming[0]!];
    await owner.run(async (tx) => {
      await setTaskDone(tx, owner.actor, { id: recent.id, done: true });
      await setTaskDone(tx, owner.actor, { id: old.id, done: true });
      await tx.execute(sql`update crm_activities set done_at = ${"2026-03-09T12:00:00Z"}::timestamptz where id = ${recent.id}`);
      await tx.execute(sql`update crm_activities set done_at = ${"2026-03-02T12:00:00Z"}::timestamptz where id = ${old.id}`);
    });
    const withDone = await owner.run((tx) => listMyTasks(tx, owner.actor, { includeDone: true }, now));
    expect(subjects(withDone.done)).toEqual([recent.subject]);
    expect(withDone.counts.today).toBe(1);
  });
});
