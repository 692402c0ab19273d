import { describe, expect, it } from "vitest";
import { crmTeam } from "../../../../test/crm/team";
import { createCompany } from "../companies/companies";
import { createContact } from "../contacts/contacts";
import { updateVisibilitySettings } from "../settings";
import { draftDuplicates } from "./draft-duplicates";

/** Issue 10, bug 5: creating a record that matches an existing one warns, with the record to link to. */
describe("duplicates of a record being created", () => {
  it("finds companies by domain, name key and very similar name", async () => {
    const { owner } = await crmTeam();
    const acme = await owner.run((tx) => createCompany(tx, owner.actor, { name: "Acme Robotics GmbH", domain: "acme-robotics.example" }));
    await owner.run((tx) => createCompany(tx, owner.actor, { name: "Unrelated Bakery" }));
    const check = (input: { name?: string; domain?: string }) =>
      owner.run(async (tx) => (await draftDuplicates(tx, { entityType: "company", ...input })).matches.map((m) => [m.record.name, m.reasons]));
    expect(await check({ name: "Other", domain: "https://www.acme-robotics.example/" })).toEqual([["Acme Robotics GmbH", ["Same domain (acme-robotics.example)"]]]);
    expect(await check({ name: "ACME Robotics, Inc." })).toEqual([["Acme Robotics GmbH", ["Same name apart from case, punctuation or legal form"]]]);
    expect(await check({ name: "Acme Robotic GmbH" })).toEqual([["Acme Robotics GmbH", ["Very similar name"]]]);
    expect(await check({ name: "Zenith", domain: "zenith.example" })).toEqual([]);
    expect(acme.id).toBeTruthy();
  });

  it("finds contacts by phone in any formatting and by a similar name at the same company", async () => {
    const { owner } = await crmTeam();
    const company = await owner.run((tx) => createCompany(tx, owner.actor, { name: "Initech" }));
    await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Peter", lastName: "Gibbons", companyId: company.id, phones: [{ value: "+1 555 010 0200" }] }));
    const check = (input: { firstName?: string; lastName?: string; companyId?: string; phones?: string[] }) =>
      owner.run(async (tx) => (await draftDuplicates(tx, { entityType: "contact", ...input })).matches.map((m) => [m.record.name, m.reasons]));
    expect(await check({ firstName: "P.", lastName: "G", phones: ["+1 (555) 010-0200"] })).toEqual([["Peter Gibbons", ["Same phone number (+1 555 010 0200)"]]]);
    expect(await check({ firstName: "Peter", lastName: "Gibbon", companyId: company.id })).toEqual([["Peter Gibbons", ["Similar name at the same company"]]]);
    expect(await check({ firstName: "Peter", lastName: "Gibbons" })).toEqual([]);
  });

  it("does not show records the caller cannot see", async () => {
    const { owner, people } = await crmTeam("member");
    const member = people[0]!;
    await owner.run((tx) => updateVisibilitySettings(tx, owner.actor, { memberVisibility: "own_or_followed", viewerVisibility: "all" }));
    await owner.run((tx) => createCompany(tx, owner.actor, { name: "Secret Labs", domain: "secret-labs.example", ownerId: owner.actor.userId }));
    expect((await member.run((tx) => draftDuplicates(tx, { entityType: "company", domain: "secret-labs.example" }))).matches).toEqual([]);
  });
});
