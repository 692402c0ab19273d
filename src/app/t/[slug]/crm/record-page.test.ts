import { describe, expect, it } from "vitest";
import { callerFor, createTenant } from "@/test/fixtures";
import { recordTitle } from "./record-page";

describe("record pages: the title is the record's name, and a missing record is a 404", () => {
  it("names each kind of record, and answers null for a missing, malformed or deleted one", async () => {
    const { org, owner } = await createTenant();
    const api = callerFor(owner, org.id);
    const company = await api.crm.companies.create({ name: "Müller Bau GmbH" });
    const contact = await api.crm.contacts.create({ firstName: "Ada", lastName: "Lovelace" });
    const deal = await api.crm.deals.create({ title: "Acme renewal", amountMinor: 120000, currency: "EUR" });
    expect(await recordTitle(api, "company", company.id)).toBe("Müller Bau GmbH");
    expect(await recordTitle(api, "contact", contact.id)).toBe("Ada Lovelace");
    expect(await recordTitle(api, "deal", deal.id)).toBe("Acme renewal");

    expect(await recordTitle(api, "contact", "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await recordTitle(api, "deal", "not-a-uuid")).toBeNull();
    await api.crm.companies.delete({ id: company.id });
    expect(await recordTitle(api, "company", company.id)).toBeNull();
  });

  it("a record of another organization is a 404 too", async () => {
    const theirs = await createTenant();
    const ours = await createTenant();
    const contact = await callerFor(theirs.owner, theirs.org.id).crm.contacts.create({ firstName: "Hidden" });
    expect(await recordTitle(callerFor(ours.owner, ours.org.id), "contact", contact.id)).toBeNull();
  });
});
