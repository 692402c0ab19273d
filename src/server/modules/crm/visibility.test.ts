import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { callerFor } from "../../../test/fixtures";
import { crmTeam } from "../../../test/crm/team";
import { runtimeDb } from "../../db/client";
import { APP_ROLE } from "../../db/roles";
import { NotFound } from "../../platform/errors";
import { createCompany, listCompanies } from "./companies/companies";
import { createContact, getContact, listContacts } from "./contacts/contacts";
import { followRecord } from "./followers";
import { globalSearch } from "./search";
import { updateVisibilitySettings } from "./settings";

/** A tenant where the owner and a member each own one contact, and the member's view is restricted or not. */
async function restrictedTenant(memberVisibility: "all" | "own_or_followed") {
  const team = await crmTeam("member", "viewer");
  const [member, viewer] = team.people as [(typeof team.people)[0], (typeof team.people)[0]];
  const ownersContact = await team.owner.run((tx) => createContact(tx, team.owner.actor, { firstName: "Olive", lastName: "Owner" }));
  const membersContact = await member.run((tx) => createContact(tx, member.actor, { firstName: "Mona", lastName: "Member" }));
  await team.owner.run((tx) => updateVisibilitySettings(tx, team.owner.actor, { memberVisibility, viewerVisibility: "own_or_followed" }));
  return { ...team, member, viewer, ownersContact, membersContact };
}

const names = (page: { items: { firstName: string }[] }) => page.items.map((c) => c.firstName).sort();

describe("record visibility", () => {
  it("shows everyone every record by default", async () => {
    const t = await restrictedTenant("all");
    expect(names(await t.member.run((tx) => listContacts(tx, {})))).toEqual(["Mona", "Olive"]);
  });

  it("limits a member to records they own or follow when the tenant says so", async () => {
    const t = await restrictedTenant("own_or_followed");
    expect(names(await t.member.run((tx) => listContacts(tx, {})))).toEqual(["Mona"]);
    await expect(t.member.run((tx) => getContact(tx, t.ownersContact.id))).rejects.toBeInstanceOf(NotFound);
    expect(await t.member.run((tx) => globalSearch(tx, { q: "olive" }))).toEqual([]);
    // Owners and admins always see everything.
    expect(names(await t.owner.run((tx) => listContacts(tx, {})))).toEqual(["Mona", "Olive"]);
  });

  it("lets a follower see a record they do not own", async () => {
    const t = await restrictedTenant("own_or_followed");
    await t.owner.run((tx) => followRecord(tx, t.owner.actor, "contact", t.ownersContact.id, t.member.id));
    expect(names(await t.member.run((tx) => listContacts(tx, {})))).toEqual(["Mona", "Olive"]);
  });

  it("applies to viewers separately (and viewers own nothing)", async () => {
    const t = await restrictedTenant("all");
    expect(names(await t.viewer.run((tx) => listContacts(tx, {})))).toEqual([]);
  });

  it("hides other records from an update or delete too, not only from reads", async () => {
    const t = await restrictedTenant("own_or_followed");
    const touched = await t.member.run((tx) => tx.execute(sql`update crm_contacts set title = 'x' where id = ${t.ownersContact.id} returning id`));
    const removed = await t.member.run((tx) => tx.execute(sql`delete from crm_contacts where id = ${t.ownersContact.id} returning id`));
    expect([touched.length, removed.length]).toEqual([0, 0]);
  });

  it("holds for raw SQL as the app role: the database enforces it, not the services", async () => {
    const t = await restrictedTenant("own_or_followed");
    const rows = await runtimeDb().transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', ${APP_ROLE}, true), set_config('app.tenant_id', ${t.org.id}, true),
                                  set_config('app.user_id', ${t.member.id}, true), set_config('app.role', 'member', true)`);
      return tx.execute<{ first_name: string }>(sql`select first_name from crm_contacts`);
    });
    expect(rows.map((r) => r.first_name)).toEqual(["Mona"]);
    // No role in the transaction at all: only own/followed records (fails closed).
    const noRole = await runtimeDb().transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', ${APP_ROLE}, true), set_config('app.tenant_id', ${t.org.id}, true), set_config('app.user_id', ${t.member.id}, true)`);
      return tx.execute<{ first_name: string }>(sql`select first_name from crm_contacts`);
    });
    expect(noRole.map((r) => r.first_name)).toEqual(["Mona"]);
  });

  it("is applied through tRPC from the member's own membership role", async () => {
    const t = await restrictedTenant("own_or_followed");
    const api = callerFor(t.member, t.org.id);
    expect(names(await api.crm.contacts.list({}))).toEqual(["Mona"]);
    await expect(api.crm.contacts.get({ id: t.ownersContact.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(api.crm.followers.follow({ entityType: "contact", id: t.ownersContact.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(names(await callerFor(t.owner, t.org.id).crm.contacts.list({}))).toEqual(["Mona", "Olive"]);
  });

  it("covers companies as well", async () => {
    const t = await restrictedTenant("own_or_followed");
    await t.owner.run((tx) => createCompany(tx, t.owner.actor, { name: "Owner Co" }));
    await t.member.run((tx) => createCompany(tx, t.member.actor, { name: "Member Co" }));
    const visible = await t.member.run((tx) => listCompanies(tx, {}));
    expect(visible.items.map((c) => c.name)).toEqual(["Member Co"]);
  });
});
