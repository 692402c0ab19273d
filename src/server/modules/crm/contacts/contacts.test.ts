import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runtimeDb } from "../../../db/client";
import { crmTeam } from "../../../../test/crm/team";
import { callerFor } from "../../../../test/fixtures";
import { updateVisibilitySettings } from "../settings";
import { Conflict, LimitReached, NotFound, ValidationFailed } from "../../../platform/errors";
import { listAuditEntries } from "../../audit/service";
import { tenants } from "../../orgs/schema";
import { createCompany } from "../companies/companies";
import { createContact, deleteContact, getContact, listContacts, normalizePhone, updateContact } from "./contacts";
import { createCustomField } from "../custom-fields";

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

describe("contact emails", () => {
  it("are unique per tenant, compared case-insensitively", async () => {
    const { owner } = await crmTeam();
    await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Ann", emails: [{ value: "Ann@Example.com" }] }));
    const error = await failure(owner.run((tx) => createContact(tx, owner.actor, { firstName: "Other", emails: [{ value: "ann@example.COM" }] })));
    expect(error).toBeInstanceOf(Conflict);
    expect(error.message).toMatch(/Ann.*already has the email ann@example\.com/);
  });

  it("may repeat across tenants", async () => {
    const a = await crmTeam();
    const b = await crmTeam();
    await a.owner.run((tx) => createContact(tx, a.owner.actor, { firstName: "Ann", emails: [{ value: "same@example.com" }] }));
    await expect(b.owner.run((tx) => createContact(tx, b.owner.actor, { firstName: "Ann", emails: [{ value: "same@example.com" }] }))).resolves.toBeTruthy();
  });

  it("stay unique when two requests create the same email at the same moment", async () => {
    const { owner } = await crmTeam();
    const attempts = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => owner.run((tx) => createContact(tx, owner.actor, { firstName: `Racer ${i}`, emails: [{ value: "race@example.com" }] }))),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    for (const attempt of attempts.filter((a) => a.status === "rejected")) expect((attempt as PromiseRejectedResult).reason).toBeInstanceOf(Conflict);
    const [row] = await owner.run((tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from crm_contact_channels where normalized = 'race@example.com'`));
    expect(row!.n).toBe(1);
  });

  it("keeps one primary email and phone, copied onto the contact for lists", async () => {
    const { owner } = await crmTeam();
    const created = await owner.run((tx) =>
      createContact(tx, owner.actor, {
        firstName: "Bo",
        emails: [{ value: "bo@work.example" }, { value: "bo@home.example", isPrimary: true }],
        phones: [{ value: "+49 (30) 1234-567" }],
      }),
    );
    expect(created.primaryEmail).toBe("bo@home.example");
    expect(created.primaryPhone).toBe("+49 (30) 1234-567");
    const detail = await owner.run((tx) => getContact(tx, created.id));
    expect(detail.emails).toEqual([expect.objectContaining({ value: "bo@work.example", isPrimary: false }), expect.objectContaining({ value: "bo@home.example", isPrimary: true })]);
    expect(normalizePhone("+49 (30) 1234-567")).toBe("+49301234567");
    const updated = await owner.run((tx) => updateContact(tx, owner.actor, { id: created.id, emails: [{ value: "bo@new.example" }] }));
    expect(updated.emails.map((e) => [e.value, e.isPrimary])).toEqual([["bo@new.example", true]]);
    expect(updated.phones).toHaveLength(1); // phones untouched when not given
  });

  it("accepts phone extensions as the import reads them, keeps them written one way, and keeps each channel's label", async () => {
    const { owner } = await crmTeam();
    const created = await owner.run((tx) =>
      createContact(tx, owner.actor, {
        firstName: "Cal",
        emails: [{ value: "cal@work.example", label: "Work" }],
        phones: [
          { value: "+1 555 123 4567 ext. 12", label: "work" },
          { value: "(415) 555-0100 x890", label: "" },
          { value: "030 1234567 #7", label: "mobile" },
        ],
      }),
    );
    const detail = await owner.run((tx) => getContact(tx, created.id));
    expect(detail.phones.map((p) => [p.value, p.label])).toEqual([
      ["+1 555 123 4567 ext. 12", "work"],
      ["(415) 555-0100 ext. 890", null],
      ["030 1234567 ext. 7", "mobile"],
    ]);
    expect(detail.emails.map((e) => [e.value, e.label])).toEqual([["cal@work.example", "work"]]);
    const [row] = await owner.run((tx) => tx.execute<{ normalized: string }>(sql`select normalized from crm_contact_channels where contact_id = ${created.id} and position = 1 and kind = 'phone'`));
    expect(row!.normalized).toBe("4155550100x890");
    // The label is edited with the form (the whole list is sent again).
    const updated = await owner.run((tx) => updateContact(tx, owner.actor, { id: created.id, phones: [{ value: "+1 555 123 4567 ext. 12", label: "home", isPrimary: true }] }));
    expect(updated.phones.map((p) => [p.value, p.label, p.isPrimary])).toEqual([["+1 555 123 4567 ext. 12", "home", true]]);
    const bad = await failure(owner.run((tx) => updateContact(tx, owner.actor, { id: created.id, phones: [{ value: "12 ext. 5" }, { value: "+1 555 0100 ext. abc" }] })));
    expect(Object.keys((bad as ValidationFailed).fields).sort()).toEqual(["phones.0.value", "phones.1.value"]);
    const tooLong = await failure(owner.run((tx) => updateContact(tx, owner.actor, { id: created.id, emails: [{ value: "cal@work.example", label: "x".repeat(31) }] })));
    expect(Object.keys((tooLong as ValidationFailed).fields)).toEqual(["emails.0.label"]);
  });

  it("refuses bad input with field errors and changes nothing", async () => {
    const { owner } = await crmTeam();
    const error = await failure(
      owner.run((tx) => createContact(tx, owner.actor, { firstName: " ", emails: [{ value: "not-an-email" }, { value: "x@y.example", isPrimary: true }], phones: [{ value: "12" }] })),
    );
    expect(error).toBeInstanceOf(ValidationFailed);
    expect(Object.keys((error as ValidationFailed).fields).sort()).toEqual(["emails.0.value", "firstName", "phones.0.value"]);
    const page = await owner.run((tx) => listContacts(tx, {}));
    expect(page.items).toEqual([]);
  });

  it("refuses an owner who is not a member and a company of another tenant", async () => {
    const { owner } = await crmTeam();
    const other = await crmTeam();
    const foreignCompany = await other.owner.run((tx) => createCompany(tx, other.owner.actor, { name: "Elsewhere" }));
    const outsider = await failure(owner.run((tx) => createContact(tx, owner.actor, { firstName: "X", ownerId: other.owner.id })));
    expect((outsider as ValidationFailed).fields).toEqual({ ownerId: ["Choose a member of this organization."] });
    const company = await failure(owner.run((tx) => createContact(tx, owner.actor, { firstName: "X", companyId: foreignCompany.id })));
    expect((company as ValidationFailed).fields).toEqual({ companyId: ["Choose an existing company."] });
  });
});

describe("contact custom fields", () => {
  it("validates values by type on the server and requires required fields", async () => {
    const { owner, people } = await crmTeam("member");
    await owner.run(async (tx) => {
      await createCustomField(tx, owner.actor, { entityType: "contact", label: "Budget", type: "money", required: true });
      await createCustomField(tx, owner.actor, { entityType: "contact", label: "Segment", type: "single_select", options: ["SMB", "Enterprise"] });
      await createCustomField(tx, owner.actor, { entityType: "contact", label: "Account manager", type: "member" });
      await createCustomField(tx, owner.actor, { entityType: "contact", label: "Renewal", type: "date" });
    });
    const missing = await failure(owner.run((tx) => createContact(tx, owner.actor, { firstName: "A" })));
    expect((missing as ValidationFailed).fields).toEqual({ "custom.budget": ["Budget is required."] });
    const wrong = await failure(
      owner.run((tx) =>
        createContact(tx, owner.actor, {
          firstName: "A",
          custom: { budget: { amountMinor: 100, currency: "EUR" }, segment: "Huge", account_manager: crypto.randomUUID(), renewal: "2026-02-30", nope: 1 },
        }),
      ),
    );
    expect((wrong as ValidationFailed).fields).toEqual({
      "custom.segment": ["Choose one of: SMB, Enterprise."],
      "custom.renewal": ["Enter a date as YYYY-MM-DD."],
      "custom.nope": ["This field does not exist (or was archived)."],
      "custom.account_manager": ["Choose a member of this organization."],
    });
    const ok = await owner.run((tx) =>
      createContact(tx, owner.actor, {
        firstName: "A",
        custom: { budget: { amountMinor: 500000, currency: "EUR" }, segment: "SMB", account_manager: people[0]!.id, renewal: "2027-01-31" },
      }),
    );
    expect(ok.custom).toEqual({ budget: { amountMinor: 500000, currency: "EUR" }, segment: "SMB", account_manager: people[0]!.id, renewal: "2027-01-31" });
    const cleared = await failure(owner.run((tx) => updateContact(tx, owner.actor, { id: ok.id, custom: { budget: null } })));
    expect((cleared as ValidationFailed).fields).toEqual({ "custom.budget": ["Budget is required."] });
    const filtered = await owner.run((tx) => listContacts(tx, { filters: { custom: { segment: "SMB" } } }));
    expect(filtered.items.map((c) => c.id)).toEqual([ok.id]);
  });
});

describe("the contact plan limit", () => {
  it("stops the Free plan at 1,000 contacts with a message naming the limit", async () => {
    const { org, owner } = await crmTeam();
    await owner.run((tx) => tx.execute(sql`insert into crm_contacts (first_name) select 'Bulk ' || n from generate_series(1, 999) n`));
    await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Number 1000" }));
    const error = await failure(owner.run((tx) => createContact(tx, owner.actor, { firstName: "Number 1001" })));
    expect(error).toBeInstanceOf(LimitReached);
    expect(error.message).toBe("Your Free plan allows 1,000 contacts; you have 1,000. Upgrade the plan or delete contacts you no longer need.");
    expect((error as LimitReached).limit).toBe("crm.contacts");
    await runtimeDb().update(tenants).set({ plan: "business" }).where(sql`id = ${org.id}`);
    await expect(owner.run((tx) => createContact(tx, owner.actor, { firstName: "Number 1001" }))).resolves.toBeTruthy();
  });
});

describe("contact lists", () => {
  it("pages through every contact once, even when many share the sort value", async () => {
    const { owner } = await crmTeam();
    await owner.run((tx) =>
      tx.execute(sql`insert into crm_contacts (first_name, last_name, updated_at)
        select 'P' || n, 'Same', timestamptz '2026-01-01 10:00:00.123456+00' from generate_series(1, 23) n`),
    );
    for (const sort of [{ field: "updatedAt", direction: "desc" }, { field: "name", direction: "asc" }, { field: "createdAt", direction: "asc" }] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof listContacts>> = await owner.run((tx) => listContacts(tx, { sort, limit: 5, cursor }));
        seen.push(...page.items.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(23);
      expect(new Set(seen).size).toBe(23);
    }
  });

  it("sorts and filters on the server", async () => {
    const { owner, people } = await crmTeam("member");
    const member = people[0]!;
    await owner.run(async (tx) => {
      await createContact(tx, owner.actor, { firstName: "Zed", lastName: "Alpha", lifecycleStage: "customer", tags: ["VIP"] });
      await createContact(tx, owner.actor, { firstName: "Amy", lastName: "Beta", lifecycleStage: "lead", ownerId: member.id });
      await createContact(tx, owner.actor, { firstName: "Cy", lastName: "Gamma", lifecycleStage: "customer" });
    });
    const byName = await owner.run((tx) => listContacts(tx, { sort: { field: "name", direction: "asc" } }));
    expect(byName.items.map((c) => c.lastName)).toEqual(["Alpha", "Beta", "Gamma"]);
    const customers = await owner.run((tx) => listContacts(tx, { filters: { lifecycleStages: ["customer"], tags: ["vip"] } }));
    expect(customers.items.map((c) => c.firstName)).toEqual(["Zed"]);
    const members = await owner.run((tx) => listContacts(tx, { filters: { ownerIds: [member.id] } }));
    expect(members.items.map((c) => c.firstName)).toEqual(["Amy"]);
    const searched = await owner.run((tx) => listContacts(tx, { filters: { q: "gam" } }));
    expect(searched.items.map((c) => c.lastName)).toEqual(["Gamma"]);
    const today = new Date().toISOString().slice(0, 10);
    const future = await owner.run((tx) => listContacts(tx, { filters: { createdFrom: "2999-01-01" } }));
    expect(future.items).toEqual([]);
    const upToToday = await owner.run((tx) => listContacts(tx, { filters: { updatedTo: today } }));
    expect(upToToday.items).toHaveLength(3);
  });

  it("refuses a forged cursor with a clear error", async () => {
    const { owner } = await crmTeam();
    const error = await failure(owner.run((tx) => listContacts(tx, { cursor: "bm90LWpzb24" })));
    expect((error as ValidationFailed).fields.cursor).toEqual(["This page link is no longer valid. Start from the first page."]);
  });
});

describe("contact changes", () => {
  it("are audited with before and after", async () => {
    const { owner } = await crmTeam();
    const contact = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Audit", emails: [{ value: "audit@example.com" }] }));
    await owner.run((tx) => updateContact(tx, owner.actor, { id: contact.id, lifecycleStage: "customer" }));
    await owner.run((tx) => deleteContact(tx, owner.actor, contact.id));
    const entries = await owner.run((tx) => listAuditEntries(tx, { limit: 10, entityType: "crm.contact" }));
    expect(entries.items.map((e) => e.action)).toEqual(["crm.contact.deleted", "crm.contact.updated", "crm.contact.created"]);
    await expect(owner.run((tx) => getContact(tx, contact.id))).rejects.toBeInstanceOf(NotFound);
  });
});

describe("partial contact updates through the API", () => {
  it("leave the fields they do not name alone, and clear the ones sent empty", async () => {
    const { org, owner } = await crmTeam();
    const api = callerFor(owner, org.id);
    const contact = await api.crm.contacts.create({ firstName: "Pat", title: "CFO", notes: "Met at a fair", source: "Fair" });
    await api.crm.contacts.update({ id: contact.id, firstName: "Patricia" });
    const kept = await api.crm.contacts.get({ id: contact.id });
    expect([kept.firstName, kept.title, kept.notes, kept.source]).toEqual(["Patricia", "CFO", "Met at a fair", "Fair"]);
    await api.crm.contacts.update({ id: contact.id, title: "" });
    expect((await api.crm.contacts.get({ id: contact.id })).title).toBeNull();
  });

  it("let a member restricted to their own records hand one to a colleague", async () => {
    const { org, owner, people } = await crmTeam("member");
    const member = people[0]!;
    await owner.run((tx) => updateVisibilitySettings(tx, owner.actor, { memberVisibility: "own_or_followed", viewerVisibility: "all" }));
    const api = callerFor(member, org.id);
    const contact = await api.crm.contacts.create({ firstName: "Handed" });
    const updated = await api.crm.contacts.update({ id: contact.id, ownerId: owner.id });
    expect(updated.owner?.id).toBe(owner.id);
  });
});

describe("a contact's primary email or phone alone (a list cell's edit)", () => {
  it("replaces the primary and keeps the other channels, through the record form's procedure", async () => {
    const { org, owner } = await crmTeam();
    const contact = await owner.run((tx) =>
      createContact(tx, owner.actor, { firstName: "Ann", emails: [{ value: "old@example.com", isPrimary: true }, { value: "home@example.com" }], phones: [{ value: "+1 415 555 0100" }] }),
    );
    const api = callerFor(owner, org.id).crm.contacts;
    const after = await api.update({ id: contact.id, primaryEmail: "New@Example.com", primaryPhone: "+49 30 1234567" });
    expect(after.emails).toEqual([expect.objectContaining({ value: "New@Example.com", isPrimary: true }), expect.objectContaining({ value: "home@example.com", isPrimary: false })]);
    expect(after.phones).toEqual([expect.objectContaining({ value: "+49 30 1234567", isPrimary: true })]);
    const [row] = (await api.list({ filters: {} })).items;
    expect(row).toMatchObject({ primaryEmail: "new@example.com", primaryPhone: "+49 30 1234567" });
  });

  it("adds one as primary when there is none, and null removes the primary", async () => {
    const { owner } = await crmTeam();
    const contact = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Bo" }));
    const added = await owner.run((tx) => updateContact(tx, owner.actor, { id: contact.id, primaryEmail: "bo@example.com" }));
    expect(added.emails.map((e) => [e.value, e.isPrimary])).toEqual([["bo@example.com", true]]);
    const removed = await owner.run((tx) => updateContact(tx, owner.actor, { id: contact.id, primaryEmail: null }));
    expect(removed.emails).toEqual([]);
  });

  it("refuses a malformed or taken email and changes nothing", async () => {
    const { owner } = await crmTeam();
    await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Taken", emails: [{ value: "taken@example.com" }] }));
    const contact = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Cy", emails: [{ value: "cy@example.com" }] }));
    const bad = await failure(owner.run((tx) => updateContact(tx, owner.actor, { id: contact.id, firstName: "Changed", primaryEmail: "not an email" })));
    expect(bad).toBeInstanceOf(ValidationFailed);
    expect((bad as ValidationFailed).fields.primaryEmail).toEqual(["Enter a valid email address, like ann@example.com."]);
    await expect(owner.run((tx) => updateContact(tx, owner.actor, { id: contact.id, primaryEmail: "TAKEN@example.com" }))).rejects.toBeInstanceOf(Conflict);
    await expect(owner.run((tx) => updateContact(tx, owner.actor, { id: contact.id, primaryEmail: "x@example.com", emails: [] }))).rejects.toBeInstanceOf(ValidationFailed);
    const now = await owner.run((tx) => getContact(tx, contact.id));
    expect([now.firstName, now.emails.map((e) => e.value)]).toEqual(["Cy", ["cy@example.com"]]);
    const audit = await owner.run((tx) => listAuditEntries(tx, { entityType: "crm.contact", entityId: contact.id }));
    expect(audit.items.map((e) => e.action)).toEqual(["crm.contact.created"]);
  });
});
