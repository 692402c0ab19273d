import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { crmTeam } from "../../../../test/crm/team";
import { callerFor } from "../../../../test/fixtures";
import { ValidationFailed } from "../../../platform/errors";
import { createCompany, deleteCompany, getCompany, listCompanies, normalizeDomain, updateCompany } from "./companies";
import { createContact, getContact } from "../contacts/contacts";
import { updateVisibilitySettings } from "../settings";
import { crmTrash } from "../trash";

describe("companies", () => {
  it("store a normalized domain and refuse one that is not a host name", async () => {
    expect(normalizeDomain("https://www.Acme.com/about?x=1")).toBe("acme.com");
    expect(normalizeDomain("sub.acme.co.uk")).toBe("sub.acme.co.uk");
    expect(normalizeDomain("not a domain")).toBeNull();
    const { owner } = await crmTeam();
    const company = await owner.run((tx) => createCompany(tx, owner.actor, { name: "Acme", domain: "HTTP://WWW.ACME.COM/" }));
    expect(company.domain).toBe("acme.com");
    await expect(owner.run((tx) => createCompany(tx, owner.actor, { name: "Bad", domain: "acme" }))).rejects.toMatchObject({
      fields: { domain: ["Enter a domain like acme.com."] },
    });
  });

  it("take only assigned ISO 3166-1 country codes (issue 10, bug 6: XX was accepted)", async () => {
    const { owner } = await crmTeam();
    expect((await owner.run((tx) => createCompany(tx, owner.actor, { name: "Lyon SA", country: "fr" }))).country).toBe("FR");
    for (const country of ["XX", "ZZ", "UK", "EU"]) {
      await expect(owner.run((tx) => createCompany(tx, owner.actor, { name: `Bad ${country}`, country }))).rejects.toMatchObject({
        fields: { country: ["Use a two-letter country code, like DE or US."] },
      });
    }
  });

  it("change only the fields an update names", async () => {
    const { owner } = await crmTeam();
    const company = await owner.run((tx) => createCompany(tx, owner.actor, { name: "Acme", industry: "Robotics", tags: ["a"] }));
    const updated = await owner.run((tx) => updateCompany(tx, owner.actor, { id: company.id, city: "Berlin" }));
    expect({ name: updated.name, industry: updated.industry, tags: updated.tags, city: updated.city }).toEqual({ name: "Acme", industry: "Robotics", tags: ["a"], city: "Berlin" });
    await expect(owner.run((tx) => updateCompany(tx, owner.actor, { id: company.id, name: "" }))).rejects.toBeInstanceOf(ValidationFailed);
  });

  it("keep their contacts when deleted: hidden from them while in the trash, lost only when purged", async () => {
    const { owner } = await crmTeam();
    const company = await owner.run((tx) => createCompany(tx, owner.actor, { name: "Gone Co" }));
    const contact = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Stays", companyId: company.id }));
    expect((await owner.run((tx) => getCompany(tx, company.id))).contactCount).toBe(1);
    await owner.run((tx) => deleteCompany(tx, owner.actor, company.id));
    expect((await owner.run((tx) => getContact(tx, contact.id))).company).toEqual({ id: company.id, name: null });
    await owner.run((tx) => crmTrash.purgeRecord(tx, owner.actor, { kind: "company", id: company.id }));
    expect((await owner.run((tx) => getContact(tx, contact.id))).company).toBeNull();
  });

  it("can be deleted by a member while records hidden from them point at it: those keep the link for a restore", async () => {
    const { owner, people } = await crmTeam("member");
    const member = people[0]!;
    await owner.run((tx) => updateVisibilitySettings(tx, owner.actor, { memberVisibility: "own_or_followed", viewerVisibility: "all" }));
    const company = await member.run((tx) => createCompany(tx, member.actor, { name: "Shared Co" }));
    const hidden = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Hidden", companyId: company.id }));
    await member.run((tx) => deleteCompany(tx, member.actor, company.id));
    const [row] = await owner.run((tx) => tx.execute<{ company_id: string | null }>(sql`select company_id from crm_contacts where id = ${hidden.id}`));
    expect(row!.company_id).toBe(company.id);
    await member.run((tx) => crmTrash.restoreRecord(tx, member.actor, { kind: "company", id: company.id }));
    expect((await owner.run((tx) => getContact(tx, hidden.id))).company).toEqual({ id: company.id, name: "Shared Co" });
  });

  it("list with name sort, tag filter and pages", async () => {
    const { owner } = await crmTeam();
    await owner.run(async (tx) => {
      for (const name of ["delta", "Alpha", "charlie", "Bravo"]) await createCompany(tx, owner.actor, { name, tags: name === "Bravo" ? ["Partner"] : [] });
    });
    const first = await owner.run((tx) => listCompanies(tx, { sort: { field: "name", direction: "asc" }, limit: 2 }));
    const second = await owner.run((tx) => listCompanies(tx, { sort: { field: "name", direction: "asc" }, limit: 2, cursor: first.nextCursor }));
    expect([...first.items, ...second.items].map((c) => c.name)).toEqual(["Alpha", "Bravo", "charlie", "delta"]);
    expect(second.nextCursor).toBeNull();
    const partners = await owner.run((tx) => listCompanies(tx, { filters: { tags: ["partner"] } }));
    expect(partners.items.map((c) => c.name)).toEqual(["Bravo"]);
  });
});

describe("partial company updates through the API", () => {
  it("leave the fields they do not name alone", async () => {
    const { org, owner, people } = await crmTeam("member");
    const api = callerFor(owner, org.id);
    const company = await api.crm.companies.create({ name: "Keep Co", domain: "keep.example", industry: "Retail", city: "Oslo", notes: "n" });
    await api.crm.companies.update({ id: company.id, name: "Kept Co" });
    const kept = await api.crm.companies.get({ id: company.id });
    expect([kept.name, kept.domain, kept.industry, kept.city, kept.notes]).toEqual(["Kept Co", "keep.example", "Retail", "Oslo", "n"]);
    await owner.run((tx) => updateVisibilitySettings(tx, owner.actor, { memberVisibility: "own_or_followed", viewerVisibility: "all" }));
    const memberApi = callerFor(people[0]!, org.id);
    const own = await memberApi.crm.companies.create({ name: "Member Co" });
    await expect(memberApi.crm.companies.update({ id: own.id, ownerId: owner.id })).resolves.toMatchObject({ ownerId: owner.id });
  });
});
