import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { crmTeam, type TeamMember } from "../../../test/crm/team";
import { callerFor, inTenant } from "../../../test/fixtures";
import { runtimeDb } from "../../db/client";
import type { TenantTx } from "../../db/tenant";
import { Conflict, LimitReached, NotFound } from "../../platform/errors";
import { listAuditEntries } from "../audit/service";
import { tenants } from "../orgs/schema";
import { createActivity } from "./activities/activities";
import { listMyTasks } from "./activities/my-tasks";
import { getTimeline } from "./activities/timeline";
import { createCompany, deleteCompany, getCompany, listCompanies } from "./companies/companies";
import { createContact, deleteContact, getContact, listContacts } from "./contacts/contacts";
import { createDeal, deleteDeal, getDeal } from "./deals/deals";
import { getBoard, listDeals, listDealsFor } from "./deals/deals-list";
import { createCsvExport } from "./export";
import { draftDuplicates } from "./merge/draft-duplicates";
import { contactDuplicates, listDuplicates } from "./merge/duplicates";
import { mergeRecords, undoMerge } from "./merge/merge";
import { globalSearch } from "./search";
import { updateVisibilitySettings } from "./settings";
import { crmTrash, crmTrashPurgeJob } from "./trash";

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

/** Every row a contact or company touches, as stored (the trash columns left out: they are what changes). */
async function state(tx: TenantTx, ids: string[]) {
  const list = sql`${sql.param(ids)}::uuid[]`;
  return {
    contacts: await tx.execute(sql`
      select id, first_name, last_name, title, company_id, owner_id, tags, lifecycle_stage, source, notes, custom, primary_email, primary_phone, merged_into_id, updated_at
        from crm_contacts where id = any(${list}) or company_id = any(${list}) order by id`),
    companies: await tx.execute(sql`select id, name, domain, owner_id, tags, custom, merged_into_id, updated_at from crm_companies where id = any(${list}) order by id`),
    deals: await tx.execute(sql`select id, title, company_id, stage_id, status, updated_at from crm_deals where id = any(${list}) or company_id = any(${list}) order by id`),
    channels: await tx.execute(sql`select id, contact_id, kind, value, normalized, is_primary, position from crm_contact_channels where contact_id = any(${list}) order by id`),
    dealLinks: await tx.execute(sql`select deal_id, contact_id from crm_deal_contacts where contact_id = any(${list}) or deal_id = any(${list}) order by deal_id, contact_id`),
    activities: await tx.execute(sql`
      select id, contact_id, company_id, deal_id, subject, due_at, done_at, updated_at from crm_activities
       where contact_id = any(${list}) or company_id = any(${list}) or deal_id = any(${list}) order by id`),
    followers: await tx.execute(sql`select entity_type, entity_id, user_id, created_at from crm_followers where entity_id = any(${list}) order by entity_id, user_id`),
  };
}

/** A company with a contact, a deal (linked to both), a note on each and a task for the owner on the contact only. */
async function acme(owner: TeamMember) {
  return owner.run(async (tx) => {
    const company = await createCompany(tx, owner.actor, { name: "Acme Trash", domain: "acme-trash.example" });
    const contact = await createContact(tx, owner.actor, { firstName: "Tina", lastName: "Trash", companyId: company.id, emails: [{ value: "tina@acme-trash.example" }], phones: [{ value: "+49 30 5550199" }] });
    const deal = await createDeal(tx, owner.actor, { title: "Acme trash renewal", amountMinor: 100_000n, currency: "EUR", companyId: company.id, contactIds: [contact.id] });
    await createActivity(tx, owner.actor, { kind: "note", subject: "Met Tina", contactId: contact.id });
    await createActivity(tx, owner.actor, { kind: "note", subject: "Acme call", companyId: company.id });
    await createActivity(tx, owner.actor, { kind: "note", subject: "Renewal notes", dealId: deal.id, contactId: contact.id });
    const task = await createActivity(tx, owner.actor, { kind: "task", subject: "Call Tina back", contactId: contact.id, assigneeId: owner.id, dueAt: new Date(Date.now() - 86_400_000) });
    return { company, contact, deal, task };
  });
}

describe("deleting moves a record to the trash", () => {
  it("hides a trashed contact from the list, search, its page, its timeline, my tasks and the deal; restore brings every row back exactly", async () => {
    const { owner } = await crmTeam();
    const { contact, deal, task, company } = await acme(owner);
    const ids = [contact.id, deal.id, company.id];
    const before = await owner.run((tx) => state(tx, ids));

    await owner.run((tx) => deleteContact(tx, owner.actor, contact.id));

    await owner.run(async (tx) => {
      expect((await listContacts(tx, {})).items.map((c) => c.id)).not.toContain(contact.id);
      expect(await globalSearch(tx, { q: "Tina" })).toEqual([]);
      expect(await globalSearch(tx, { q: "5550199" })).toEqual([]);
      expect((await getDeal(tx, deal.id)).contacts).toEqual([]);
      expect((await getCompany(tx, company.id)).contactCount).toBe(0);
      const tasks = await listMyTasks(tx, owner.actor, {});
      expect(tasks.groups.overdue.map((t) => t.id)).not.toContain(task.id);
      // The note on the live deal stays on the deal's timeline; the contact's own note does not reach it.
      const dealTimeline = await getTimeline(tx, owner.actor, { entityType: "deal", id: deal.id, kinds: ["note"] });
      expect(dealTimeline.items.map((i) => (i.type === "activity" ? i.activity.subject : null))).toEqual(["Renewal notes"]);
    });
    const gone = await failure(owner.run((tx) => getContact(tx, contact.id)));
    expect(gone).toBeInstanceOf(NotFound);
    expect(gone.message).toMatch(/in the trash/);
    await expect(owner.run((tx) => getTimeline(tx, owner.actor, { entityType: "contact", id: contact.id }))).rejects.toBeInstanceOf(NotFound);
    // Its rows are untouched while it is in the trash.
    expect(await owner.run((tx) => state(tx, ids))).toEqual(before);

    const trash = await owner.run((tx) => crmTrash.listTrash(tx, {}));
    expect(trash.items).toEqual([
      expect.objectContaining({ kind: "contact", id: contact.id, title: "Tina Trash", subtitle: "tina@acme-trash.example", deletedBy: { id: owner.id, name: owner.name }, daysLeft: 30 }),
    ]);

    await owner.run((tx) => crmTrash.restoreRecord(tx, owner.actor, { kind: "contact", id: contact.id }));
    expect(await owner.run((tx) => state(tx, ids))).toEqual(before);
    await owner.run(async (tx) => {
      expect((await listContacts(tx, {})).items.map((c) => c.id)).toContain(contact.id);
      expect((await getDeal(tx, deal.id)).contacts.map((c) => c.id)).toEqual([contact.id]);
      expect((await listMyTasks(tx, owner.actor, {})).groups.overdue.map((t) => t.id)).toContain(task.id);
      expect((await crmTrash.listTrash(tx, {})).items).toEqual([]);
    });
    const audit = await owner.run((tx) => listAuditEntries(tx, { entityId: contact.id }));
    expect(audit.items.map((e) => e.action).slice(0, 2)).toEqual(["crm.contact.restored", "crm.contact.deleted"]);
  });

  it("keeps a trashed company's contacts and deals live, without the company, and restores the links exactly", async () => {
    const { owner } = await crmTeam();
    const { company, contact, deal } = await acme(owner);
    const before = await owner.run((tx) => state(tx, [company.id, contact.id, deal.id]));
    await owner.run((tx) => deleteCompany(tx, owner.actor, company.id));
    await owner.run(async (tx) => {
      expect((await listCompanies(tx, {})).items.map((c) => c.id)).not.toContain(company.id);
      const listed = (await listContacts(tx, {})).items.find((c) => c.id === contact.id);
      expect(listed).toMatchObject({ companyId: company.id, companyName: null });
      expect((await getContact(tx, contact.id)).company).toEqual({ id: company.id, name: null });
      expect((await getDeal(tx, deal.id)).company).toEqual({ id: company.id, name: null });
      expect((await listDealsFor(tx, { companyId: company.id })).items.map((d) => d.id)).toEqual([deal.id]);
    });
    expect(await owner.run((tx) => state(tx, [company.id, contact.id, deal.id]))).toEqual(before);
    await owner.run((tx) => crmTrash.restoreRecord(tx, owner.actor, { kind: "company", id: company.id }));
    expect(await owner.run((tx) => state(tx, [company.id, contact.id, deal.id]))).toEqual(before);
    expect((await owner.run((tx) => getContact(tx, contact.id))).company).toEqual({ id: company.id, name: "Acme Trash" });
  });

  it("hides a trashed deal from the list and the board, and refuses to change it", async () => {
    const { owner } = await crmTeam();
    const { deal, contact } = await acme(owner);
    await owner.run((tx) => deleteDeal(tx, owner.actor, deal.id));
    await owner.run(async (tx) => {
      expect((await listDeals(tx, {})).items.map((d) => d.id)).not.toContain(deal.id);
      const board = await getBoard(tx, {});
      expect(board.stages.flatMap((s) => s.deals.map((d) => d.id))).not.toContain(deal.id);
      expect((await listDealsFor(tx, { contactId: contact.id })).items).toEqual([]);
      expect(await globalSearch(tx, { q: "renewal" })).toEqual([]);
    });
    await expect(owner.run((tx) => deleteDeal(tx, owner.actor, deal.id))).rejects.toThrow(/already in the trash/);
    await owner.run((tx) => crmTrash.restoreRecord(tx, owner.actor, { kind: "deal", id: deal.id }));
    expect((await owner.run((tx) => getDeal(tx, deal.id))).contacts.map((c) => c.id)).toEqual([contact.id]);
  });

  it("refuses a new contact with the email of a trashed one, naming the trash", async () => {
    const { owner } = await crmTeam();
    const { contact } = await acme(owner);
    await owner.run((tx) => deleteContact(tx, owner.actor, contact.id));
    const error = await failure(owner.run((tx) => createContact(tx, owner.actor, { firstName: "Tina", emails: [{ value: "TINA@acme-trash.example" }] })));
    expect(error).toBeInstanceOf(Conflict);
    expect(error.message).toMatch(/in the trash \(Tina Trash\)/);
  });
});

describe("other read paths", () => {
  it("leave trashed records out of duplicates, the duplicate warning and CSV exports", async () => {
    const { org, owner } = await crmTeam();
    const [keep, twin] = await owner.run(async (tx) => [
      await createContact(tx, owner.actor, { firstName: "Dup", lastName: "Keep", phones: [{ value: "+49 30 7770001" }] }),
      await createContact(tx, owner.actor, { firstName: "Dup", lastName: "Twin", phones: [{ value: "+49 30 7770001" }] }),
    ]);
    expect((await owner.run((tx) => listDuplicates(tx, { entityType: "contact" }))).items).toHaveLength(1);
    await owner.run((tx) => deleteContact(tx, owner.actor, twin!.id));
    await owner.run(async (tx) => {
      expect((await listDuplicates(tx, { entityType: "contact" })).items).toEqual([]);
      expect(await contactDuplicates(tx, keep!.id)).toEqual([]);
      const draft = await draftDuplicates(tx, { entityType: "contact", firstName: "Dup", lastName: "New", phones: ["+49 30 7770001"] });
      expect(draft.matches.map((m) => m.record.id)).toEqual([keep!.id]);
    });
    const { stream } = await createCsvExport({ tenantId: org.id, userId: owner.id, role: "owner" }, "contact", {});
    const csv = await new Response(stream).text();
    expect(csv).toContain("Keep");
    expect(csv).not.toContain("Twin");
  });
});

describe("the trash list", () => {
  it("pages through every kind once, newest first (keyset), and filters by kind", async () => {
    const { owner } = await crmTeam();
    const { company, contact, deal } = await acme(owner);
    const extra = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Extra" }));
    for (const [kind, id] of [["deal", deal.id], ["contact", contact.id], ["company", company.id], ["contact", extra.id]] as const) {
      await owner.run((tx) => crmTrash.trashRecord(tx, owner.actor, kind, id));
    }
    // The same instant for two rows: the id breaks the tie.
    await owner.run((tx) => tx.execute(sql`update crm_contacts set deleted_at = (select deleted_at from crm_companies where id = ${company.id}) where id = ${extra.id}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof crmTrash.listTrash>> = await owner.run((tx) => crmTrash.listTrash(tx, { limit: 2, cursor }));
      seen.push(...page.items.map((i) => `${i.kind}:${i.id}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    expect(seen.at(-1)).toBe(`deal:${deal.id}`);
    expect((await owner.run((tx) => crmTrash.listTrash(tx, { kind: "contact" }))).items.map((i) => i.id).sort()).toEqual([contact.id, extra.id].sort());
    await expect(owner.run((tx) => crmTrash.listTrash(tx, { cursor: "bm90LWEtY3Vyc29y" }))).rejects.toMatchObject({ fields: { cursor: [expect.stringMatching(/no longer valid/)] } });
  });
});

describe("trash and the plan limit", () => {
  it("does not count trashed contacts, and checks the capacity again on restore", async () => {
    const { owner } = await crmTeam();
    await owner.run((tx) => tx.execute(sql`insert into crm_contacts (first_name) select 'Bulk ' || n from generate_series(1, 999) n`));
    const last = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Number 1000" }));
    await owner.run((tx) => deleteContact(tx, owner.actor, last.id));
    await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Room again" }));
    const error = await failure(owner.run((tx) => crmTrash.restoreRecord(tx, owner.actor, { kind: "contact", id: last.id })));
    expect(error).toBeInstanceOf(LimitReached);
    expect(await owner.run((tx) => crmTrash.findTrashed(tx, { kind: "contact", id: last.id }))).not.toBeNull();
  });
});

describe("trash and merges", () => {
  it("refuses to merge a trashed record and to undo a merge whose winner is in the trash; after a restore the undo works", async () => {
    const { owner } = await crmTeam();
    const [ann, anne, other] = await owner.run(async (tx) => [
      await createContact(tx, owner.actor, { firstName: "Ann", lastName: "Lee" }),
      await createContact(tx, owner.actor, { firstName: "Anne", lastName: "Lee" }),
      await createContact(tx, owner.actor, { firstName: "Other", lastName: "Lee" }),
    ]);
    await owner.run((tx) => deleteContact(tx, owner.actor, other!.id));
    await expect(owner.run((tx) => mergeRecords(tx, owner.actor, { entityType: "contact", winnerId: ann!.id, loserId: other!.id }))).rejects.toThrow(/"Other Lee" is in the trash/);

    const merge = await owner.run((tx) => mergeRecords(tx, owner.actor, { entityType: "contact", winnerId: ann!.id, loserId: anne!.id }));
    // The merged-away record is not in the trash and cannot be trashed.
    await expect(owner.run((tx) => deleteContact(tx, owner.actor, anne!.id))).rejects.toBeInstanceOf(NotFound);
    await owner.run((tx) => deleteContact(tx, owner.actor, ann!.id));
    expect((await owner.run((tx) => crmTrash.listTrash(tx, {}))).items.map((i) => i.id).sort()).toEqual([ann!.id, other!.id].sort());
    await expect(owner.run((tx) => undoMerge(tx, owner.actor, { mergeId: merge.mergeId }))).rejects.toThrow(/"Ann Lee" is in the trash. Restore it/);

    await owner.run((tx) => crmTrash.restoreRecord(tx, owner.actor, { kind: "contact", id: ann!.id }));
    await owner.run((tx) => undoMerge(tx, owner.actor, { mergeId: merge.mergeId }));
    expect((await owner.run((tx) => getContact(tx, anne!.id))).mergedIntoId).toBeNull();
  });
});

describe("visibility in the trash", () => {
  it("shows a member only the trashed records they may see, and refuses the others' restore", async () => {
    const { owner, people } = await crmTeam("member");
    const member = people[0]!;
    await owner.run((tx) => updateVisibilitySettings(tx, owner.actor, { memberVisibility: "own_or_followed", viewerVisibility: "all" }));
    const mine = await member.run((tx) => createContact(tx, member.actor, { firstName: "Mine" }));
    const secret = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Secret" }));
    await member.run((tx) => deleteContact(tx, member.actor, mine.id));
    await owner.run((tx) => deleteContact(tx, owner.actor, secret.id));
    expect((await member.run((tx) => crmTrash.listTrash(tx, {}))).items.map((i) => i.id)).toEqual([mine.id]);
    expect((await owner.run((tx) => crmTrash.listTrash(tx, {}))).items.map((i) => i.id).sort()).toEqual([mine.id, secret.id].sort());
    await expect(member.run((tx) => crmTrash.restoreRecord(tx, member.actor, { kind: "contact", id: secret.id }))).rejects.toBeInstanceOf(NotFound);
    expect(await member.run((tx) => crmTrash.findTrashed(tx, { kind: "contact", id: secret.id }))).toBeNull();
  });

  it("through the API: members restore, only admins delete forever, another tenant sees nothing", async () => {
    const { org, owner, people } = await crmTeam("member", "viewer");
    const [member, viewer] = people as [TeamMember, TeamMember];
    const other = await crmTeam();
    const { contact } = await acme(owner);
    await callerFor(member, org.id).crm.contacts.delete({ id: contact.id });
    expect((await callerFor(viewer, org.id).crm.trash.list({})).items.map((i) => i.id)).toEqual([contact.id]);
    await expect(callerFor(viewer, org.id).crm.trash.restore({ kind: "contact", id: contact.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(member, org.id).crm.trash.purge({ kind: "contact", id: contact.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await callerFor(other.owner, other.org.id).crm.trash.list({})).items).toEqual([]);
    await expect(callerFor(other.owner, other.org.id).crm.trash.restore({ kind: "contact", id: contact.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(other.owner, other.org.id).crm.trash.purge({ kind: "contact", id: contact.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await callerFor(member, org.id).crm.trash.restore({ kind: "contact", id: contact.id });
    await expect(callerFor(owner, org.id).crm.trash.purge({ kind: "contact", id: contact.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await callerFor(member, org.id).crm.contacts.delete({ id: contact.id });
    await callerFor(owner, org.id).crm.trash.purge({ kind: "contact", id: contact.id });
    expect(await inTenant(org.id, (tx) => tx.execute(sql`select id from crm_contacts where id = ${contact.id}`))).toEqual([]);
  });
});

describe("purging", () => {
  it("deletes forever: a company's contacts and deals stay without it; activities on another record stay, the rest go", async () => {
    const { org, owner } = await crmTeam();
    const { company, contact, deal } = await acme(owner);
    await owner.run((tx) => deleteCompany(tx, owner.actor, company.id));
    await owner.run((tx) => crmTrash.purgeRecord(tx, owner.actor, { kind: "company", id: company.id }));
    await inTenant(org.id, async (tx) => {
      expect(await tx.execute(sql`select id from crm_companies where id = ${company.id}`)).toEqual([]);
      expect(await tx.execute(sql`select company_id from crm_contacts where id = ${contact.id}`)).toEqual([{ company_id: null }]);
      expect(await tx.execute(sql`select company_id from crm_deals where id = ${deal.id}`)).toEqual([{ company_id: null }]);
      expect(await tx.execute(sql`select subject from crm_activities where subject = 'Acme call'`)).toEqual([]);
      expect(await tx.execute(sql`select 1 from crm_followers where entity_id = ${company.id}`)).toEqual([]);
    });
    // A purged deal: the note also on the contact stays, on the contact.
    await owner.run((tx) => deleteDeal(tx, owner.actor, deal.id));
    await owner.run((tx) => crmTrash.purgeRecord(tx, owner.actor, { kind: "deal", id: deal.id }));
    const notes = await inTenant(org.id, (tx) => tx.execute(sql`select contact_id, deal_id from crm_activities where subject = 'Renewal notes'`));
    expect(notes).toEqual([{ contact_id: contact.id, deal_id: null }]);
    const audit = await owner.run((tx) => listAuditEntries(tx, { entityId: company.id }));
    expect(audit.items[0]).toMatchObject({ action: "crm.company.purged" });
  });

  it("the daily job purges records trashed more than 30 days ago, per tenant in batches, audited; younger ones stay", async () => {
    const { org, owner } = await crmTeam();
    const made = await owner.run(async (tx) => {
      const list = [];
      for (let n = 0; n < 5; n++) list.push(await createContact(tx, owner.actor, { firstName: `Old ${n}` }));
      return list;
    });
    const young = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Young" }));
    for (const c of [...made, young]) await owner.run((tx) => deleteContact(tx, owner.actor, c.id));
    await inTenant(org.id, (tx) => tx.execute(sql`update crm_contacts set deleted_at = now() - interval '31 days' where first_name like 'Old %'`));

    expect(await crmTrash.purgeTenant(org.id, 2)).toBe(5);
    await inTenant(org.id, async (tx) => {
      expect(await tx.execute(sql`select first_name from crm_contacts where deleted_at is not null`)).toEqual([{ first_name: "Young" }]);
      const purged = await tx.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'crm.contact.purged' and after->>'reason' = 'expired'`);
      expect(purged[0]!.n).toBe(5);
    });

    // The scheduled job finds the tenant by itself.
    const again = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Old again" }));
    await owner.run((tx) => deleteContact(tx, owner.actor, again.id));
    await inTenant(org.id, (tx) => tx.execute(sql`update crm_contacts set deleted_at = now() - interval '40 days' where id = ${again.id}`));
    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const result = (await crmTrashPurgeJob.handler({ step: { run: (_id, fn) => fn() }, logger, scheduledAt: new Date() })) as { purged: number };
    expect(result.purged).toBeGreaterThanOrEqual(1);
    expect(await inTenant(org.id, (tx) => tx.execute(sql`select id from crm_contacts where id = ${again.id}`))).toEqual([]);
    await runtimeDb().update(tenants).set({ plan: "business" }).where(sql`id = ${org.id}`);
  });
});

describe("list queries keep their indexes", () => {
  it("serves the contact and company lists and the trash from their partial indexes", async () => {
    const { org } = await crmTeam();
    const plan = async (query: ReturnType<typeof sql>) =>
      inTenant(org.id, async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        const rows = await tx.execute<{ "QUERY PLAN": string }>(sql`explain ${query}`);
        return rows.map((r) => r["QUERY PLAN"]).join("\n");
      });
    expect(await plan(sql`select id from crm_contacts c where c.merged_into_id is null and c.deleted_at is null order by c.updated_at desc, c.id desc limit 51`)).toMatch(/crm_contacts_updated_idx/);
    expect(await plan(sql`select id from crm_companies co where co.merged_into_id is null and co.deleted_at is null order by co.sort_name, co.id limit 51`)).toMatch(/crm_companies_name_idx/);
    expect(await plan(sql`select id from crm_deals d where d.deleted_at is null order by d.updated_at desc, d.id desc limit 51`)).toMatch(/crm_deals_updated_idx/);
    expect(await plan(sql`select id from crm_contacts r where r.deleted_at is not null order by r.deleted_at desc, r.id desc limit 51`)).toMatch(/crm_contacts_trash_idx/);
  });
});
