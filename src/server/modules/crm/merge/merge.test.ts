// Over 400 lines: one story per describe (contacts, then companies) over shared fixtures (Ann and Anne, addDeal, the state snapshots); a split would copy them.
import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { callerFor } from "../../../../test/fixtures";
import { crmTeam, type TeamMember } from "../../../../test/crm/team";
import type { TenantTx } from "../../../db/tenant";
import { Conflict, NotFound, ValidationFailed } from "../../../platform/errors";
import { listAuditEntries } from "../../audit/service";
import { createCompany, deleteCompany } from "../companies/companies";
import { createContact, deleteContact, getContact, listContacts, updateContact } from "../contacts/contacts";
import { createCustomField } from "../custom-fields";
import { followRecord } from "../followers";
import { listMergesForRecord, mergeRecords, previewMerge, undoMerge } from "./merge";
import { crmActivities, crmDealContacts, crmDeals, crmMerges } from "../schema";
import { updateVisibilitySettings } from "../settings";
import { crmTrash } from "../trash";

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

/** Deals and activities straight into their tables: this file tests the merge, not their services. */
async function addDeal(tx: TenantTx, title: string, links: { contactIds?: string[]; companyId?: string } = {}) {
  const [stage] = await tx.execute<{ id: string; pipeline_id: string }>(sql`
    select s.id, s.pipeline_id from crm_stages s join crm_pipelines p on p.id = s.pipeline_id where p.is_default order by s.position limit 1`);
  const [deal] = await tx.insert(crmDeals).values({ title, currency: "EUR", pipelineId: stage!.pipeline_id, stageId: stage!.id, companyId: links.companyId ?? null }).returning();
  for (const contactId of links.contactIds ?? []) await tx.insert(crmDealContacts).values({ dealId: deal!.id, contactId });
  return deal!;
}

async function addNote(tx: TenantTx, subject: string, on: { contactId?: string; companyId?: string }) {
  const [activity] = await tx.insert(crmActivities).values({ kind: "note", subject, ...on }).returning();
  return activity!;
}

/** Every row a contact merge touches, as the database holds it (updated_at and the search vector left out). */
async function contactState(tx: TenantTx, contactIds: string[]) {
  const list = sql`${sql.param(contactIds)}::uuid[]`;
  return {
    contacts: await tx.execute(sql`
      select id, first_name, last_name, title, company_id, owner_id, tags, lifecycle_stage, source, notes, custom, primary_email, primary_phone, merged_into_id
        from crm_contacts where id = any(${list}) order by id`),
    channels: await tx.execute(sql`select id, contact_id, kind, value, normalized, is_primary, position from crm_contact_channels where contact_id = any(${list}) order by id`),
    dealLinks: await tx.execute(sql`select deal_id, contact_id from crm_deal_contacts where contact_id = any(${list}) order by deal_id, contact_id`),
    activities: await tx.execute(sql`select id, contact_id, company_id, deal_id, subject, updated_at from crm_activities where contact_id = any(${list}) order by id`),
    followers: await tx.execute(sql`select entity_id, user_id, created_at from crm_followers where entity_type = 'contact' and entity_id = any(${list}) order by entity_id, user_id`),
  };
}

async function companyState(tx: TenantTx, companyIds: string[]) {
  const list = sql`${sql.param(companyIds)}::uuid[]`;
  return {
    companies: await tx.execute(sql`
      select id, name, domain, industry, size, address_line, city, region, postal_code, country, owner_id, tags, notes, custom, merged_into_id
        from crm_companies where id = any(${list}) order by id`),
    contacts: await tx.execute(sql`select id, company_id, updated_at from crm_contacts where company_id = any(${list}) order by id`),
    deals: await tx.execute(sql`select id, company_id, updated_at from crm_deals where company_id = any(${list}) order by id`),
    activities: await tx.execute(sql`select id, company_id, contact_id from crm_activities where company_id = any(${list}) order by id`),
    followers: await tx.execute(sql`select entity_id, user_id, created_at from crm_followers where entity_type = 'company' and entity_id = any(${list}) order by entity_id, user_id`),
  };
}

/** Two people who are one: Ann (the keeper) and Anne, sharing a phone and a deal, each with their own activity and deal. */
async function annAndAnne(owner: TeamMember, follower?: TeamMember) {
  return owner.run(async (tx) => {
    const company = await createCompany(tx, owner.actor, { name: "Lee Trading" });
    const ann = await createContact(tx, owner.actor, {
      firstName: "Ann",
      lastName: "Lee",
      companyId: company.id,
      tags: ["vip"],
      emails: [{ value: "ann@lee.example" }],
      phones: [{ value: "+49 30 111111" }],
    });
    const anne = await createContact(tx, owner.actor, {
      firstName: "Anne",
      lastName: "Lee",
      title: "CTO",
      companyId: company.id,
      tags: ["berlin", "vip"],
      source: "fair",
      emails: [{ value: "anne@lee.example" }, { value: "anne.lee@home.example", isPrimary: true }],
      phones: [{ value: "+49 (30) 111111" }, { value: "+49 30 222222" }],
    });
    if (follower) await followRecord(tx, owner.actor, "contact", anne.id, follower.id);
    const shared = await addDeal(tx, "Shared deal", { contactIds: [ann.id, anne.id] });
    const annsDeal = await addDeal(tx, "Ann's deal", { contactIds: [ann.id] });
    const annesDeal = await addDeal(tx, "Anne's deal", { contactIds: [anne.id] });
    const annsNote = await addNote(tx, "Met Ann", { contactId: ann.id });
    const annesNote = await addNote(tx, "Called Anne", { contactId: anne.id });
    return { company, ann, anne, shared, annsDeal, annesDeal, annsNote, annesNote };
  });
}

const merge = (member: TeamMember, winnerId: string, loserId: string, choices: Record<string, "winner" | "loser"> = {}) =>
  member.run((tx) => mergeRecords(tx, member.actor, { entityType: "contact", winnerId, loserId, choices }));

describe("merging two contacts", () => {
  it("keeps the activities and deals of both, unions tags, emails and phones, and hides the loser", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    const { ann, anne, shared, annsDeal, annesDeal, annsNote, annesNote } = await annAndAnne(team.owner, member);
    const result = await merge(team.owner, ann.id, anne.id);
    expect(result.moved).toMatchObject({ channels: 3, dealLinks: 1, droppedDealLinks: 1, activities: 1, followers: 1 });

    const kept = await team.owner.run((tx) => getContact(tx, ann.id));
    expect(kept).toMatchObject({ firstName: "Ann", title: "CTO", source: "fair", tags: ["vip", "berlin"] });
    expect(kept.emails.map((e) => [e.value, e.isPrimary])).toEqual([
      ["ann@lee.example", true],
      ["anne@lee.example", false],
      ["anne.lee@home.example", false],
    ]);
    // The shared phone is not doubled.
    expect(kept.phones.map((p) => p.value)).toEqual(["+49 30 111111", "+49 30 222222"]);
    expect(kept.followers.map((f) => f.id)).toContain(member.id);

    const state = await team.owner.run(async (tx) => ({
      deals: await tx.execute<{ deal_id: string }>(sql`select deal_id from crm_deal_contacts where contact_id = ${ann.id} order by deal_id`),
      notes: await tx.execute<{ id: string }>(sql`select id from crm_activities where contact_id = ${ann.id} order by id`),
      loser: await tx.execute<{ merged_into_id: string }>(sql`select merged_into_id from crm_contacts where id = ${anne.id}`),
      list: await listContacts(tx, {}),
    }));
    expect(state.deals.map((d) => d.deal_id)).toEqual([shared.id, annsDeal.id, annesDeal.id].sort());
    expect(state.notes.map((n) => n.id)).toEqual([annsNote.id, annesNote.id].sort());
    expect(state.loser[0]!.merged_into_id).toBe(ann.id);
    expect(state.list.items.map((c) => c.id)).toEqual([ann.id]);
  });

  it("can be undone, restoring both contacts exactly, row by row", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    const { ann, anne } = await annAndAnne(team.owner, member);
    const before = await team.owner.run((tx) => contactState(tx, [ann.id, anne.id]));
    const { mergeId } = await merge(team.owner, ann.id, anne.id);
    expect(await team.owner.run((tx) => contactState(tx, [ann.id, anne.id]))).not.toEqual(before);

    const undone = await team.owner.run((tx) => undoMerge(tx, team.owner.actor, { mergeId }));
    expect(undone.keptFields).toEqual([]);
    expect(undone.notRestoredEmails).toEqual([]);
    expect(await team.owner.run((tx) => contactState(tx, [ann.id, anne.id]))).toEqual(before);
    const list = await team.owner.run((tx) => listContacts(tx, {}));
    expect(list.items.map((c) => c.id).sort()).toEqual([ann.id, anne.id].sort());
  });

  it("lets the caller choose per field which side wins, custom fields included", async () => {
    const { owner } = await crmTeam();
    await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "contact", label: "Budget", type: "number" }));
    await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "contact", label: "Region", type: "text" }));
    const [winner, loser] = await owner.run(async (tx) => [
      await createContact(tx, owner.actor, { firstName: "Bob", lastName: "Stone", title: "CEO", custom: { budget: 10 } }),
      await createContact(tx, owner.actor, { firstName: "Robert", lastName: "Stone", title: "Founder", custom: { budget: 20, region: "North" } }),
    ]);
    const unknownField = await failure(owner.run((tx) => previewMerge(tx, { entityType: "contact", winnerId: winner!.id, loserId: loser!.id, choices: { nickname: "loser" } })));
    expect(unknownField).toBeInstanceOf(ValidationFailed);
    expect((unknownField as ValidationFailed).fields).toHaveProperty(["choices.nickname"]);
    const preview = await owner.run((tx) => previewMerge(tx, { entityType: "contact", winnerId: winner!.id, loserId: loser!.id, choices: { firstName: "loser" } }));
    expect(preview.fields.find((f) => f.key === "firstName")).toMatchObject({ winnerValue: "Bob", loserValue: "Robert", defaultSide: "winner", side: "loser", value: "Robert" });
    expect(preview.fields.find((f) => f.key === "custom.region")).toMatchObject({ label: "Region", defaultSide: "loser", value: "North" });

    await merge(owner, winner!.id, loser!.id, { firstName: "loser", "custom.budget": "loser" });
    const kept = await owner.run((tx) => getContact(tx, winner!.id));
    expect(kept).toMatchObject({ firstName: "Robert", title: "CEO", custom: { budget: 20, region: "North" } });
  });

  it("keeps later edits on the winner through undo, and reports which fields it kept", async () => {
    const { owner } = await crmTeam();
    const { ann, anne, annesNote } = await annAndAnne(owner);
    const { mergeId } = await merge(owner, ann.id, anne.id);
    const later = await owner.run(async (tx) => {
      // As the edit form sends it: every field, one of them changed.
      await updateContact(tx, owner.actor, { id: ann.id, title: "CTO", source: "referral", notes: null, tags: ["vip", "berlin", "golf"] });
      const note = await addNote(tx, "Lunch after the merge", { contactId: ann.id });
      const deal = await addDeal(tx, "Deal after the merge", { contactIds: [ann.id] });
      return { note, deal };
    });
    const undone = await owner.run((tx) => undoMerge(tx, owner.actor, { mergeId }));
    expect(undone.keptFields).toEqual(["source"]);

    const [annNow, anneNow] = await owner.run(async (tx) => [await getContact(tx, ann.id), await getContact(tx, anne.id)]);
    // title came from Anne and nobody touched it: back to Ann's empty title. source was edited: kept.
    expect(annNow).toMatchObject({ title: null, source: "referral", tags: ["vip", "golf"] });
    expect(anneNow).toMatchObject({ title: "CTO", source: "fair", tags: ["berlin", "vip"], mergedIntoId: null });
    const rows = await owner.run(async (tx) => ({
      annsNotes: await tx.execute<{ id: string }>(sql`select id from crm_activities where contact_id = ${ann.id}`),
      annesNotes: await tx.execute<{ id: string }>(sql`select id from crm_activities where contact_id = ${anne.id}`),
      annsDeals: await tx.execute<{ deal_id: string }>(sql`select deal_id from crm_deal_contacts where contact_id = ${ann.id}`),
    }));
    expect(rows.annsNotes.map((r) => r.id)).toContain(later.note.id);
    expect(rows.annesNotes.map((r) => r.id)).toEqual([annesNote.id]);
    expect(rows.annsDeals.map((r) => r.deal_id)).toContain(later.deal.id);
  });

  it("gives the loser its emails back even after the winner's email list was re-entered", async () => {
    const { owner } = await crmTeam();
    const { ann, anne } = await annAndAnne(owner);
    const { mergeId } = await merge(owner, ann.id, anne.id);
    // The form replaces the whole list (new rows): one of Anne's emails kept, one dropped.
    await owner.run((tx) =>
      updateContact(tx, owner.actor, { id: ann.id, emails: [{ value: "ann@lee.example", isPrimary: true }, { value: "anne@lee.example" }, { value: "ann@new.example" }] }),
    );
    const undone = await owner.run((tx) => undoMerge(tx, owner.actor, { mergeId }));
    expect(undone.notRestoredEmails).toEqual([]);
    const [annNow, anneNow] = await owner.run(async (tx) => [await getContact(tx, ann.id), await getContact(tx, anne.id)]);
    expect(annNow.emails.map((e) => e.value)).toEqual(["ann@lee.example", "ann@new.example"]);
    expect(anneNow.emails.map((e) => [e.value, e.isPrimary])).toEqual([
      ["anne@lee.example", false],
      ["anne.lee@home.example", true],
    ]);
    const [row] = await owner.run((tx) => tx.execute<{ primary_email: string }>(sql`select primary_email from crm_contacts where id = ${anne.id}`));
    expect(row!.primary_email).toBe("anne.lee@home.example");
  });

  it("reports an email it cannot give back because another contact has it now", async () => {
    const { owner } = await crmTeam();
    const { ann, anne } = await annAndAnne(owner);
    const { mergeId } = await merge(owner, ann.id, anne.id);
    await owner.run(async (tx) => {
      await updateContact(tx, owner.actor, { id: ann.id, emails: [{ value: "ann@lee.example" }, { value: "anne.lee@home.example" }] });
      await createContact(tx, owner.actor, { firstName: "Newcomer", emails: [{ value: "anne@lee.example" }] });
    });
    const undone = await owner.run((tx) => undoMerge(tx, owner.actor, { mergeId }));
    expect(undone.notRestoredEmails).toEqual(["anne@lee.example"]);
    const anneNow = await owner.run((tx) => getContact(tx, anne.id));
    expect(anneNow.emails.map((e) => e.value)).toEqual(["anne.lee@home.example"]);
  });

  it("refuses undo after 30 days, a second time, and once the winner was deleted", async () => {
    const { owner } = await crmTeam();
    const old = await annAndAnne(owner);
    const { mergeId: oldMerge } = await merge(owner, old.ann.id, old.anne.id);
    await owner.run((tx) => tx.update(crmMerges).set({ mergedAt: sql`now() - interval '31 days'` }).where(eq(crmMerges.id, oldMerge)));
    const expired = await failure(owner.run((tx) => undoMerge(tx, owner.actor, { mergeId: oldMerge })));
    expect(expired).toBeInstanceOf(Conflict);
    expect(expired.message).toMatch(/30 days/);

    const [bo, bob] = await owner.run(async (tx) => [
      await createContact(tx, owner.actor, { firstName: "Bo", lastName: "Berg" }),
      await createContact(tx, owner.actor, { firstName: "Bob", lastName: "Berg" }),
    ]);
    const { mergeId } = await merge(owner, bo!.id, bob!.id);
    await owner.run((tx) => undoMerge(tx, owner.actor, { mergeId }));
    const twice = await failure(owner.run((tx) => undoMerge(tx, owner.actor, { mergeId })));
    expect(twice).toBeInstanceOf(Conflict);
    expect(twice.message).toMatch(/already undone/);

    const { mergeId: again } = await merge(owner, bo!.id, bob!.id);
    await owner.run((tx) => deleteContact(tx, owner.actor, bo!.id));
    const trashed = await failure(owner.run((tx) => undoMerge(tx, owner.actor, { mergeId: again })));
    expect(trashed).toBeInstanceOf(Conflict);
    expect(trashed.message).toMatch(/"Bo Berg" is in the trash. Restore it/);
    // Deleted forever (with Bob, merged into it), the merge can no longer be undone.
    await owner.run((tx) => crmTrash.purgeRecord(tx, owner.actor, { kind: "contact", id: bo!.id }));
    const deleted = await failure(owner.run((tx) => undoMerge(tx, owner.actor, { mergeId: again })));
    expect(deleted).toBeInstanceOf(Conflict);
    expect(deleted.message).toMatch(/"Bo Berg" was deleted after the merge/);
  });

  it("restores a contact whose pre-merge company was deleted since, without the company", async () => {
    const { owner } = await crmTeam();
    const [oldCo, newCo] = await owner.run(async (tx) => [await createCompany(tx, owner.actor, { name: "Old Co" }), await createCompany(tx, owner.actor, { name: "New Co" })]);
    const [dana, dane] = await owner.run(async (tx) => [
      await createContact(tx, owner.actor, { firstName: "Dana", lastName: "Dee", companyId: oldCo!.id }),
      await createContact(tx, owner.actor, { firstName: "Dane", lastName: "Dee", companyId: newCo!.id }),
    ]);
    const { mergeId } = await merge(owner, dana!.id, dane!.id, { companyId: "loser" });
    await owner.run((tx) => deleteCompany(tx, owner.actor, oldCo!.id));
    await owner.run((tx) => crmTrash.purgeRecord(tx, owner.actor, { kind: "company", id: oldCo!.id }));
    await owner.run((tx) => undoMerge(tx, owner.actor, { mergeId }));
    const [danaNow, daneNow] = await owner.run(async (tx) => [await getContact(tx, dana!.id), await getContact(tx, dane!.id)]);
    expect([danaNow.company, daneNow.company?.id]).toEqual([null, newCo!.id]);
  });

  it("refuses to undo a merge whose winner was merged into a third contact, until that merge is undone", async () => {
    const { owner } = await crmTeam();
    const [a, b, c] = await owner.run(async (tx) => [
      await createContact(tx, owner.actor, { firstName: "Cy", lastName: "One", emails: [{ value: "cy1@example.test" }] }),
      await createContact(tx, owner.actor, { firstName: "Cy", lastName: "Two", emails: [{ value: "cy2@example.test" }] }),
      await createContact(tx, owner.actor, { firstName: "Cy", lastName: "Three", emails: [{ value: "cy3@example.test" }] }),
    ]);
    const before = await owner.run((tx) => contactState(tx, [a!.id, b!.id, c!.id]));
    const first = await merge(owner, b!.id, a!.id);
    const second = await merge(owner, c!.id, b!.id);
    const refused = await failure(owner.run((tx) => undoMerge(tx, owner.actor, { mergeId: first.mergeId })));
    expect(refused).toBeInstanceOf(Conflict);
    expect(refused.message).toMatch(/"Cy Two" was itself merged into another contact.*Undo that later merge first/);
    const listed = await owner.run((tx) => listMergesForRecord(tx, { entityType: "contact", id: b!.id }));
    expect(listed.map((m) => [m.id, m.canUndo])).toEqual([
      [second.mergeId, true],
      [first.mergeId, false],
    ]);

    await owner.run((tx) => undoMerge(tx, owner.actor, { mergeId: second.mergeId }));
    await owner.run((tx) => undoMerge(tx, owner.actor, { mergeId: first.mergeId }));
    expect(await owner.run((tx) => contactState(tx, [a!.id, b!.id, c!.id]))).toEqual(before);
  });

  it("refuses a record merged with itself, an already merged record, and a company passed as a contact", async () => {
    const { owner } = await crmTeam();
    const { ann, anne, company } = await annAndAnne(owner);
    expect(await failure(merge(owner, ann.id, ann.id))).toBeInstanceOf(ValidationFailed);
    await merge(owner, ann.id, anne.id);
    const again = await failure(merge(owner, ann.id, anne.id));
    expect(again).toBeInstanceOf(Conflict);
    expect(again.message).toMatch(/"Anne Lee" was already merged/);
    expect(await failure(merge(owner, ann.id, company.id))).toBeInstanceOf(NotFound);
  });

  it("lets only one of two simultaneous merges of the same pair through", async () => {
    const { owner } = await crmTeam();
    const { ann, anne } = await annAndAnne(owner);
    const results = await Promise.allSettled([merge(owner, ann.id, anne.id), merge(owner, anne.id, ann.id)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(Conflict);
    const live = await owner.run((tx) => listContacts(tx, {}));
    expect(live.items).toHaveLength(1);
  });

  it("needs both records visible to the caller: an own-only member gets NOT_FOUND", async () => {
    const team = await crmTeam("member", "member");
    const [member, stranger] = team.people as [TeamMember, TeamMember];
    const mine = await member.run((tx) => createContact(tx, member.actor, { firstName: "Mia", lastName: "Moss" }));
    const theirs = await team.owner.run((tx) => createContact(tx, team.owner.actor, { firstName: "Mia", lastName: "Mos" }));
    await team.owner.run((tx) => updateVisibilitySettings(tx, team.owner.actor, { memberVisibility: "own_or_followed", viewerVisibility: "own_or_followed" }));
    expect(await failure(merge(member, mine.id, theirs.id))).toBeInstanceOf(NotFound);
    expect(await failure(member.run((tx) => previewMerge(tx, { entityType: "contact", winnerId: theirs.id, loserId: mine.id })))).toBeInstanceOf(NotFound);

    const api = callerFor(member, team.org.id);
    const viaApi = await failure(api.crm.duplicates.merge({ entityType: "contact", winnerId: mine.id, loserId: theirs.id }));
    expect(viaApi).toBeInstanceOf(TRPCError);
    expect((viaApi as TRPCError).code).toBe("NOT_FOUND");

    // The owner merges. The member followed the merged-away contact, so now follows the kept one;
    // another member, who sees neither, cannot undo it.
    const { mergeId } = await merge(team.owner, theirs.id, mine.id);
    expect((await member.run((tx) => getContact(tx, theirs.id, member.id))).following).toBe(true);
    expect(await failure(stranger.run((tx) => undoMerge(tx, stranger.actor, { mergeId })))).toBeInstanceOf(NotFound);
    await member.run((tx) => undoMerge(tx, member.actor, { mergeId }));
    await expect(member.run((tx) => getContact(tx, theirs.id))).rejects.toBeInstanceOf(NotFound);
  });

  it("is audited on both records, and so is its undo", async () => {
    const { owner } = await crmTeam();
    const { ann, anne } = await annAndAnne(owner);
    const { mergeId } = await merge(owner, ann.id, anne.id);
    await owner.run((tx) => undoMerge(tx, owner.actor, { mergeId }));
    const actions = async (entityId: string) =>
      (await owner.run((tx) => listAuditEntries(tx, { entityType: "crm.contact", entityId, limit: 50 }))).items.map((e) => e.action).filter((a) => a.includes("merge"));
    expect(await actions(ann.id)).toEqual(["crm.contact.merge_undone", "crm.contact.merged"]);
    expect(await actions(anne.id)).toEqual(["crm.contact.merge_undone", "crm.contact.merged"]);
    const merged = await owner.run((tx) => listAuditEntries(tx, { action: "crm.contact.merged", entityId: ann.id, limit: 1 }, { withSnapshots: true }));
    expect(merged.items[0]).toMatchObject({ actorUserId: owner.id, after: { mergeId, absorbed: anne.id } });
  });
});

describe("merging two companies", () => {
  it("moves contacts, deals, activities and followers (also those the caller cannot see), and undo moves back exactly those", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    const [acme, acmeInc] = await member.run(async (tx) => [
      await createCompany(tx, member.actor, { name: "Acme", domain: "acme.example", city: "Berlin", tags: ["partner"] }),
      await createCompany(tx, member.actor, { name: "ACME Inc", domain: "acme.example", industry: "Tools", tags: ["tools"] }),
    ]);
    const seeded = await team.owner.run(async (tx) => {
      const hidden = await createContact(tx, team.owner.actor, { firstName: "Hidden", lastName: "Worker", companyId: acmeInc!.id });
      const deal = await addDeal(tx, "Anvils", { companyId: acmeInc!.id });
      const note = await addNote(tx, "Visited ACME", { companyId: acmeInc!.id });
      return { hidden, deal, note };
    });
    await team.owner.run((tx) => updateVisibilitySettings(tx, team.owner.actor, { memberVisibility: "own_or_followed", viewerVisibility: "own_or_followed" }));
    const before = await team.owner.run((tx) => companyState(tx, [acme!.id, acmeInc!.id]));

    const preview = await member.run((tx) => previewMerge(tx, { entityType: "company", winnerId: acme!.id, loserId: acmeInc!.id }));
    expect(preview.fields.find((f) => f.key === "industry")).toMatchObject({ defaultSide: "loser", value: "Tools" });
    expect(preview.tags.merged).toEqual(["partner", "tools"]);
    expect(preview.moves).toMatchObject({ contacts: 0, deals: 0, activities: 1 }); // the hidden contact and deal are not revealed

    const result = await member.run((tx) => mergeRecords(tx, member.actor, { entityType: "company", winnerId: acme!.id, loserId: acmeInc!.id }));
    expect(result.moved).toMatchObject({ contacts: 1, deals: 1, activities: 1 });
    const later = await team.owner.run(async (tx) => {
      const [hidden] = await tx.execute<{ company_id: string }>(sql`select company_id from crm_contacts where id = ${seeded.hidden.id}`);
      expect(hidden!.company_id).toBe(acme!.id);
      return createContact(tx, team.owner.actor, { firstName: "Joined", lastName: "Later", companyId: acme!.id });
    });

    await member.run((tx) => undoMerge(tx, member.actor, { mergeId: result.mergeId }));
    const after = await team.owner.run((tx) => companyState(tx, [acme!.id, acmeInc!.id]));
    // Everything as before, plus the contact that joined the kept company after the merge.
    expect({ ...after, contacts: after.contacts.filter((c) => c.id !== later.id) }).toEqual(before);
    expect(after.contacts.find((c) => c.id === later.id)).toMatchObject({ company_id: acme!.id });
    const audit = await team.owner.run((tx) => listAuditEntries(tx, { entityType: "crm.company", entityId: acmeInc!.id, limit: 10 }));
    expect(audit.items.map((e) => e.action).slice(0, 2)).toEqual(["crm.company.merge_undone", "crm.company.merged"]);
  });

  it("lists a record's merges for the undo button, with who merged and until when", async () => {
    const { owner } = await crmTeam();
    const [a, b] = await owner.run(async (tx) => [
      await createCompany(tx, owner.actor, { name: "Globex" }),
      await createCompany(tx, owner.actor, { name: "Globex Corp" }),
    ]);
    const { mergeId, mergedAt } = await owner.run((tx) => mergeRecords(tx, owner.actor, { entityType: "company", winnerId: a!.id, loserId: b!.id }));
    const [listed] = await owner.run((tx) => listMergesForRecord(tx, { entityType: "company", id: a!.id }));
    expect(listed).toMatchObject({ id: mergeId, winner: { id: a!.id, name: "Globex" }, loser: { id: b!.id, name: "Globex Corp" }, mergedBy: { id: owner.id }, canUndo: true });
    expect(listed!.undoUntil.getTime() - mergedAt.getTime()).toBe(30 * 24 * 3600 * 1000);
    // The merged-away record lists it too.
    expect((await owner.run((tx) => listMergesForRecord(tx, { entityType: "company", id: b!.id }))).map((m) => m.id)).toEqual([mergeId]);
  });
});
