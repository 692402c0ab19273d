import { describe, expect, it } from "vitest";
import { crmTeam, type TeamMember } from "../../../../test/crm/team";
import type { TenantTx } from "../../../db/tenant";
import { NotFound } from "../../../platform/errors";
import { createCompany } from "../companies/companies";
import { createContact, type CreateContactInput } from "../contacts/contacts";
import { companyDuplicates, contactDuplicates, listDuplicates, SHARED_PHONE_LIMIT } from "./duplicates";
import { mergeRecords } from "./merge";
import { updateVisibilitySettings } from "../settings";

const add = (member: TeamMember, input: CreateContactInput) => member.run((tx) => createContact(tx, member.actor, input));
const company = (member: TeamMember, name: string, domain?: string) => member.run((tx) => createCompany(tx, member.actor, { name, domain }));
const suggestedFor = async (member: TeamMember, id: string) =>
  (await member.run((tx) => contactDuplicates(tx, id))).map((s) => ({ name: s.record.name, reasons: s.reasons.map((r) => r.kind), score: s.score }));

/** Every page of the tenant-wide list, as "a + b" name pairs. */
async function allPairs(member: TeamMember, entityType: "contact" | "company", limit: number) {
  const pairs: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Awaited<ReturnType<typeof listDuplicates>> = await member.run((tx: TenantTx) => listDuplicates(tx, { entityType, cursor, limit }));
    pairs.push(...page.items.map((p) => [p.a.name, p.b.name].sort().join(" + ")));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return { pairs: pairs.sort(), pages };
}

describe("duplicate contacts", () => {
  it("share a phone number, however it is written, in any company", async () => {
    const { owner } = await crmTeam();
    const [acme, globex] = [await company(owner, "Acme"), await company(owner, "Globex")];
    const ann = await add(owner, { firstName: "Ann", lastName: "Lee", companyId: acme.id, phones: [{ value: "+49 30 1234567" }] });
    await add(owner, { firstName: "Zed", lastName: "Zorn", companyId: globex.id, phones: [{ value: "+49 (30) 123-4567" }] });
    await add(owner, { firstName: "Other", phones: [{ value: "+49 30 7654321" }] });
    expect(await suggestedFor(owner, ann.id)).toEqual([{ name: "Zed Zorn", reasons: ["same_phone"], score: 0.8 }]);
  });

  it("have similar names at the same company, not across companies", async () => {
    const { owner } = await crmTeam();
    const [acme, globex] = [await company(owner, "Acme"), await company(owner, "Globex")];
    const jonathan = await add(owner, { firstName: "Jonathan", lastName: "Smith", companyId: acme.id });
    await add(owner, { firstName: "Jonathon", lastName: "Smith", companyId: acme.id });
    await add(owner, { firstName: "Mary", lastName: "Jones", companyId: acme.id });
    await add(owner, { firstName: "Jonathan", lastName: "Smith", companyId: globex.id });
    await add(owner, { firstName: "Jonathan", lastName: "Smith" });
    const found = await owner.run((tx) => contactDuplicates(tx, jonathan.id));
    expect(found.map((s) => [s.record.name, s.record.company?.name])).toEqual([["Jonathon Smith", "Acme"]]);
    expect(found[0]!.reasons[0]).toMatchObject({ kind: "similar_name", text: expect.stringMatching(/^Similar name at the same company \(\d+ %\)$/) });
    expect((found[0]!.reasons[0] as { similarity: number }).similarity).toBeGreaterThanOrEqual(0.6);
  });

  it("with several reasons are one suggestion, scored higher than any reason alone", async () => {
    const { owner } = await crmTeam();
    const acme = await company(owner, "Acme");
    const ann = await add(owner, { firstName: "Ann", lastName: "Lee", companyId: acme.id, phones: [{ value: "+1 555 0101" }] });
    await add(owner, { firstName: "Anne", lastName: "Lee", companyId: acme.id, phones: [{ value: "+1 555 0101" }] });
    await add(owner, { firstName: "Bob", lastName: "Stone", phones: [{ value: "+1 555 0101" }] });
    const found = await suggestedFor(owner, ann.id);
    expect(found.map((s) => s.name)).toEqual(["Anne Lee", "Bob Stone"]);
    expect(found[0]!.reasons.sort()).toEqual(["same_phone", "similar_name"]);
    expect(found[0]!.score).toBeGreaterThan(found[1]!.score);
  });

  it("are not suggested by a switchboard number many contacts share", async () => {
    const { owner } = await crmTeam();
    const people = [];
    for (let i = 0; i <= SHARED_PHONE_LIMIT; i++) people.push(await add(owner, { firstName: `Caller${i}`, lastName: `X${i}`, phones: [{ value: "+1 800 000000" }] }));
    expect(await suggestedFor(owner, people[0]!.id)).toEqual([]);
  });

  it("are only live records the caller can see", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    const mine = await add(member, { firstName: "Mia", lastName: "Moss", phones: [{ value: "+1 555 0199" }] });
    const theirs = await add(team.owner, { firstName: "Mia", lastName: "Mos", phones: [{ value: "+1 555 0199" }] });
    const merged = await add(team.owner, { firstName: "Mia", lastName: "Merged", phones: [{ value: "+1 555 0199" }] });
    await team.owner.run((tx) => mergeRecords(tx, team.owner.actor, { entityType: "contact", winnerId: theirs.id, loserId: merged.id }));
    expect((await suggestedFor(team.owner, mine.id)).map((s) => s.name)).toEqual(["Mia Mos"]);
    expect(await suggestedFor(team.owner, merged.id)).toEqual([]);

    await team.owner.run((tx) => updateVisibilitySettings(tx, team.owner.actor, { memberVisibility: "own_or_followed", viewerVisibility: "own_or_followed" }));
    expect(await suggestedFor(member, mine.id)).toEqual([]);
    await expect(member.run((tx) => contactDuplicates(tx, theirs.id))).rejects.toBeInstanceOf(NotFound);
    expect((await member.run((tx) => listDuplicates(tx, { entityType: "contact" }))).items).toEqual([]);
  });
});

describe("duplicate companies", () => {
  it("share a domain, the name apart from case, punctuation and legal form, or a very similar name", async () => {
    const { owner } = await crmTeam();
    const initech = await company(owner, "Initech Systems", "initech.example");
    await company(owner, "Initech Systems Ltd");
    await company(owner, "INITECH (old record)", "https://www.initech.example/about");
    await company(owner, "Initrode");
    await company(owner, "initech systems, LLC");
    const found = await owner.run((tx) => companyDuplicates(tx, initech.id));
    expect(found.map((s) => [s.record.name, s.reasons.map((r) => r.kind).sort()])).toEqual([
      ["Initech Systems Ltd", ["same_name", "similar_name"]],
      ["initech systems, LLC", ["same_name", "similar_name"]],
      ["INITECH (old record)", ["same_domain"]],
    ]);
  });
});

describe("the tenant-wide duplicate list", () => {
  it("reports every pair exactly once, page after page", async () => {
    const { owner } = await crmTeam();
    const acme = await company(owner, "Acme");
    const phone = (value: string) => [{ value }];
    await add(owner, { firstName: "Ann", lastName: "Lee", companyId: acme.id, phones: phone("+1 555 0001") });
    await add(owner, { firstName: "Anne", lastName: "Lee", companyId: acme.id });
    await add(owner, { firstName: "Bob", lastName: "Stone", phones: phone("+1 555 0002") });
    await add(owner, { firstName: "Robert", lastName: "Stein", phones: phone("+1 555 0002") });
    await add(owner, { firstName: "Bobby", lastName: "S", phones: phone("+1 555 0002") });
    await add(owner, { firstName: "Cleo", lastName: "Unique", phones: phone("+1 555 0003") });
    const expected = ["Ann Lee + Anne Lee", "Bob Stone + Robert Stein", "Bob Stone + Bobby S", "Bobby S + Robert Stein"].sort();

    const onePage = await allPairs(owner, "contact", 50);
    expect(onePage).toEqual({ pairs: expected, pages: 1 });
    const small = await allPairs(owner, "contact", 1);
    expect(small.pairs).toEqual(expected);
    expect(small.pages).toBeGreaterThan(1);
  });

  it("lists companies too", async () => {
    const { owner } = await crmTeam();
    await company(owner, "Umbrella Corporation", "umbrella.example");
    await company(owner, "UMBRELLA Ltd.", "umbrella-corp.example");
    await company(owner, "Wayne Enterprises", "wayne.example");
    await company(owner, "Wayne Holdings", "wayne.example");
    expect(await allPairs(owner, "company", 50)).toEqual({ pairs: ["UMBRELLA Ltd. + Umbrella Corporation", "Wayne Enterprises + Wayne Holdings"], pages: 1 });
  });
});
