import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { crmTeam, type TeamMember } from "../../../../test/crm/team";
import type { TenantJob } from "../../../jobs/define";
import { drainOutbox } from "../../../jobs/worker";
import { ValidationFailed } from "../../../platform/errors";
import { readHead } from "../../../records/import/parse";
import { normalizePhone } from "../contacts/contacts";
import { createCustomField } from "../custom-fields";
import { crmImportJob } from "../jobs";
import { memberGateForJobs } from "../../orgs/service";
import { createImport, getImport, listImportErrors, previewImport, startImport } from "./imports";
import { readPhone } from "./phones";

/*
 * Files in the shapes real exporters write (./fixtures), imported with the suggested
 * mapping and with the corrections a user makes in the wizard. Each test names its exporter.
 * `intactShare` measures the rows imported with every mapped value intact.
 */

const fixture = (name: string) => new Uint8Array(readFileSync(join(__dirname, "fixtures", name)));
const withOwner = (bytes: Uint8Array, owner: TeamMember) => new TextEncoder().encode(new TextDecoder().decode(bytes).replaceAll("OWNER_NAME", owner.name ?? owner.email));

async function work() {
  await drainOutbox({ workerId: `test-${crypto.randomUUID()}`, leaseSeconds: 60, backoffBaseMs: 5, backoffMaxMs: 20, batchSize: 10, pollMs: 10, jobs: [crmImportJob as TenantJob<never>], memberGate: memberGateForJobs });
}

type Options = { onDuplicate?: "update" | "skip"; valueMapping?: Record<string, Record<string, string>>; dateOrder?: "dmy" | "mdy" };

async function importFile(member: TeamMember, bytes: Uint8Array, corrections: Record<string, string> = {}, options: Options = {}) {
  const draft = await member.run((tx) => createImport(tx, member.actor, { entityType: "contact", fileName: "export.csv" }, bytes));
  const mapping = { ...draft.suggestedMapping, ...corrections };
  const input = { id: draft.id, mapping, onDuplicate: options.onDuplicate ?? "skip", valueMapping: options.valueMapping, dateOrder: options.dateOrder };
  const preview = await member.run((tx) => previewImport(tx, member.actor, input));
  await member.run((tx) => startImport(tx, member.actor, input));
  await work();
  const done = await member.run((tx) => getImport(tx, member.actor, draft.id));
  const errors = (await member.run((tx) => listImportErrors(tx, { id: draft.id }))).items;
  return { draft, mapping, preview, done, errors };
}

type Stored = { first_name: string; last_name: string; title: string | null; company: string | null; tags: string[]; lifecycle_stage: string; owner: string | null; notes: string | null; custom: Record<string, unknown>; emails: string[]; phones: string[] };

async function storedContacts(member: TeamMember): Promise<Stored[]> {
  return member.run((tx) =>
    tx.execute<Stored>(sql`
      select c.first_name, c.last_name, c.title, co.name as company, c.tags, c.lifecycle_stage::text, lower(u.email) as owner, c.notes, c.custom,
             coalesce((select array_agg(ch.normalized order by ch.position) from crm_contact_channels ch where ch.contact_id = c.id and ch.kind = 'email'), '{}') as emails,
             coalesce((select array_agg(ch.value order by ch.position) from crm_contact_channels ch where ch.contact_id = c.id and ch.kind = 'phone'), '{}') as phones
        from crm_contacts c left join crm_companies co on co.id = c.company_id left join user_profiles u on u.id = c.owner_id`),
  );
}

const splitList = (cell: string, separator: RegExp) => cell.split(separator).map((p) => p.trim()).filter(Boolean);
const digits = (phone: string) => normalizePhone(phone).replace(/^\+/, "");

/** Whether the contact holds a mapped cell's value as the file means it. */
function holds(contact: Stored, key: string, cell: string, expected: (key: string, cell: string) => unknown): boolean {
  const wanted = expected(key, cell);
  if (wanted !== undefined) return key.startsWith("custom.") ? contact.custom[key.slice(7)] === wanted : contact[key === "lifecycleStage" ? "lifecycle_stage" : (key as keyof Stored)] === wanted;
  switch (key) {
    case "firstName":
      return contact.first_name === cell;
    case "lastName":
      return contact.last_name === cell;
    case "fullName":
      return `${contact.first_name} ${contact.last_name}` === cell;
    case "title":
      return contact.title === cell;
    case "company":
      return contact.company === cell;
    case "notes":
      return contact.notes === cell;
    case "emails":
      return splitList(cell, /[;,\s]+|:::/).every((email) => contact.emails.includes(email.toLowerCase()));
    case "phones":
      // The number in international form with its extension: its digits end with the cell's national digits.
      return splitList(cell, /[;|]|:::/).every((phone) => {
        const read = readPhone(phone, "US");
        return contact.phones.some((stored) => stored === read.value && digits(stored).endsWith(digits(phone).replace(/^0/, "").slice(-7)));
      });
    case "tags":
      return splitList(cell, /\s*(?::::|[;,|])\s*/)
        .filter((tag) => !tag.startsWith("*"))
        .every((tag) => contact.tags.includes(tag.toLowerCase()));
    default:
      return false;
  }
}

/** Rows imported with every mapped, non-empty value intact, out of the file's rows. */
function intactShare(bytes: Uint8Array, mapping: Record<string, string>, contacts: Stored[], expected: (key: string, cell: string) => unknown = () => undefined) {
  const head = readHead(bytes, true, 10_000);
  let intact = 0;
  for (const row of head.rows) {
    const cellOf = (header: string) => (row[head.headers.indexOf(header)] ?? "").trim();
    const emailHeader = Object.keys(mapping).find((h) => mapping[h] === "emails" && cellOf(h));
    const contact = emailHeader
      ? contacts.find((c) => c.emails.includes(splitList(cellOf(emailHeader), /[;,\s]+|:::/)[0]!.toLowerCase()))
      : contacts.find((c) => Object.keys(mapping).some((h) => (mapping[h] === "fullName" || mapping[h] === "firstName") && cellOf(h).startsWith(c.first_name)));
    if (!contact) continue;
    const lost = Object.entries(mapping).filter(([header, key]) => key !== "" && cellOf(header) !== "" && !holds(contact, key, cellOf(header), expected));
    if (process.env.IMPORT_DEBUG && lost.length) console.info(lost, contact);
    const ok = lost.length === 0;
    if (ok) intact++;
  }
  return { rows: head.rows.length, intact, share: intact / head.rows.length };
}

const report: string[] = [];
const record = (exporter: string, stage: string, result: { rows: number; intact: number }) => {
  report.push(`${exporter} — ${stage}: ${result.intact}/${result.rows} rows intact`);
};

describe("imports of real exporters' files", () => {
  it("Outlook CSV: business, home and mobile phones and three email columns go into the contact's channels, extensions kept", async () => {
    const { owner } = await crmTeam();
    const bytes = fixture("outlook-contacts.csv");
    const draft = await owner.run((tx) => createImport(tx, owner.actor, { entityType: "contact" }, bytes));
    expect(draft.suggestedMapping).toMatchObject({
      "Business Phone": "phones",
      "Business Phone 2": "phones",
      "Home Phone": "phones",
      "Mobile Phone": "phones",
      "E-mail Address": "emails",
      "E-mail 2 Address": "emails",
      "E-mail 3 Address": "emails",
      Categories: "tags",
    });
    expect(draft.suggestedMapping["E-mail Display Name"]).toBeUndefined();
    const suggested = await importFile(owner, bytes);
    expect(suggested.done).toMatchObject({ createdCount: 4, errorCount: 0 });
    const contacts = await storedContacts(owner);
    const ann = contacts.find((c) => c.first_name === "Ann")!;
    expect(ann.emails).toEqual(["ann.smith@acme.example", "ann@home.example"]);
    expect(ann.phones).toEqual(["+1 415-555-0132 ext. 12", "+1 415-555-0199", "+1 415-555-0177"]);
    expect(contacts.find((c) => c.first_name === "Bob")!.phones).toEqual(["+1 415-555-0100 ext. 890"]);
    expect(ann.tags).toEqual(["vip", "partner"]);
    record("Outlook CSV", "suggested mapping", intactShare(bytes, suggested.mapping, contacts));

    // Outlook's "Title" is the honorific (empty here); the user maps "Job Title" instead.
    const corrected = await crmTeam();
    const fixed = await importFile(corrected.owner, bytes, { Title: "", "Job Title": "title" });
    expect(fixed.done).toMatchObject({ createdCount: 4, errorCount: 0 });
    const share = intactShare(bytes, fixed.mapping, await storedContacts(corrected.owner));
    record("Outlook CSV", "with corrections", share);
    expect(share.share).toBe(1);
  });

  it("Google Contacts CSV: ' ::: ' lists, numbered E-mail/Phone value columns (not their label columns), labels as tags, birthdays into a new date field", async () => {
    const { owner } = await crmTeam();
    const bytes = fixture("google-contacts.csv");
    const suggested = await importFile(owner, bytes);
    expect(suggested.mapping).toMatchObject({ "E-mail 1 - Value": "emails", "E-mail 2 - Value": "emails", "Phone 1 - Value": "phones", "Phone 2 - Value": "phones", Labels: "tags", "Organization Name": "company", "Organization Title": "title" });
    expect(suggested.mapping["E-mail 1 - Label"]).toBeUndefined();
    expect(suggested.done).toMatchObject({ createdCount: 3, errorCount: 0 });
    const contacts = await storedContacts(owner);
    const eve = contacts.find((c) => c.first_name === "Eve")!;
    expect(eve.tags).toEqual(["vip", "football-fan"]);
    expect(eve.phones).toEqual(["+1 415-555-0142", "+1 415-555-0143 ext. 7"]);
    expect(contacts.find((c) => c.first_name === "Finn")!.emails).toEqual(["finn@home.example", "finn@other.example"]);
    record("Google Contacts CSV", "suggested mapping", intactShare(bytes, suggested.mapping, contacts));

    // The user creates a "Birthday" date field from the wizard and maps the column to it.
    const corrected = await crmTeam();
    await corrected.owner.run((tx) => createCustomField(tx, corrected.owner.actor, { entityType: "contact", label: "Birthday", type: "date" }));
    const fixed = await importFile(corrected.owner, bytes, { Birthday: "custom.birthday", Notes: "notes" });
    const stored = await storedContacts(corrected.owner);
    expect(stored.find((c) => c.first_name === "Eve")!.custom).toEqual({ birthday: "1990-05-17" });
    const share = intactShare(bytes, fixed.mapping, stored, (key, cell) => (key === "custom.birthday" ? cell : undefined));
    record("Google Contacts CSV", "with corrections", share);
    expect(share.share).toBe(1);
  });

  it("HubSpot contacts export: owners named by name and HubSpot's lifecycle stages map to members and stages", async () => {
    const { owner } = await crmTeam();
    const bytes = withOwner(fixture("hubspot-contacts.csv"), owner);
    const draft = await owner.run((tx) => createImport(tx, owner.actor, { entityType: "contact" }, bytes));
    expect(draft.suggestedMapping).toMatchObject({ "Phone Number": "phones", "Mobile Phone Number": "phones", "Lifecycle Stage": "lifecycleStage", "Contact owner": "owner", "Company Name": "company" });
    const preview = await owner.run((tx) => previewImport(tx, owner.actor, { id: draft.id, mapping: draft.suggestedMapping }));
    expect(preview.values.find((v) => v.header === "Lifecycle Stage")!.values).toEqual([
      { value: "Customer", rows: 1, recognised: "customer", mappedTo: "customer" },
      { value: "Evangelist", rows: 1, recognised: "customer", mappedTo: "customer" },
      { value: "Marketing Qualified Lead", rows: 1, recognised: "lead", mappedTo: "lead" },
      { value: "Opportunity", rows: 1, recognised: "prospect", mappedTo: "prospect" },
    ]);
    expect(preview.values.find((v) => v.header === "Contact owner")!.values[0]).toMatchObject({ rows: 2, mappedTo: owner.email.toLowerCase() });
    const suggested = await importFile(owner, bytes);
    expect(suggested.done).toMatchObject({ createdCount: 4, errorCount: 0 });
    const contacts = await storedContacts(owner);
    expect(contacts.find((c) => c.first_name === "Hana")).toMatchObject({ lifecycle_stage: "customer", owner: owner.email.toLowerCase(), company: "Wayne" });
    expect(contacts.find((c) => c.first_name === "Jo")!.phones).toEqual(["+1 617-555-0109"]);
    const stages: Record<string, string> = { Customer: "customer", Evangelist: "customer", "Marketing Qualified Lead": "lead", Opportunity: "prospect" };
    const share = intactShare(bytes, suggested.mapping, contacts, (key, cell) =>
      key === "lifecycleStage" ? stages[cell] : key === "owner" ? (cell ? owner.email.toLowerCase() : undefined) : undefined,
    );
    record("HubSpot contacts export", "suggested mapping", share);
    expect(share.share).toBe(1);
  });

  it("Pipedrive persons export: a status column of other values gets a value mapping; comma-separated labels become tags", async () => {
    const { owner } = await crmTeam();
    const bytes = withOwner(fixture("pipedrive-persons.csv"), owner);
    const draft = await owner.run((tx) => createImport(tx, owner.actor, { entityType: "contact" }, bytes));
    expect(draft.suggestedMapping).toMatchObject({
      "Person - Name": "fullName",
      "Person - Organization": "company",
      "Person - Email - Work": "emails",
      "Person - Email - Home": "emails",
      "Person - Phone - Work": "phones",
      "Person - Phone - Mobile": "phones",
      "Person - Labels": "tags",
      "Person - Status": "lifecycleStage",
      "Person - Owner": "owner",
    });
    // Without a value mapping, every row with a status fails: the gap the value-mapping step closes.
    const before = await owner.run((tx) => previewImport(tx, owner.actor, { id: draft.id, mapping: draft.suggestedMapping }));
    expect(before.rows.map((r) => r.action)).toEqual(["error", "error", "error", "error"]);
    expect(before.values.find((v) => v.header === "Person - Status")!.values.map((v) => [v.value, v.rows, v.mappedTo])).toEqual([
      ["cold", 1, null],
      ["hot", 1, null],
      ["in-contract", 1, null],
      ["warm", 1, null],
    ]);
    const suggested = await importFile(owner, bytes);
    expect(suggested.done).toMatchObject({ createdCount: 0, errorCount: 4 });
    record("Pipedrive persons export", "suggested mapping", intactShare(bytes, suggested.mapping, await storedContacts(owner)));

    const corrected = await crmTeam();
    const refused = await corrected.owner
      .run((tx) => startImport(tx, corrected.owner.actor, { id: draft.id, mapping: draft.suggestedMapping, valueMapping: { "Person - Status": { hot: "burning" } } }))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    const valueMapping = { "Person - Status": { hot: "prospect", warm: "lead", cold: "", "in-contract": "customer" } };
    const fixed = await importFile(corrected.owner, withOwner(fixture("pipedrive-persons.csv"), corrected.owner), {}, { valueMapping });
    expect(fixed.done).toMatchObject({ createdCount: 4, errorCount: 0 });
    const contacts = await storedContacts(corrected.owner);
    expect(contacts.find((c) => c.first_name === "Lena")).toMatchObject({ tags: ["vip", "football-fan"], lifecycle_stage: "prospect", emails: ["lena@soylent.example", "lena@home.example"] });
    expect(contacts.find((c) => c.first_name === "Nia")!.lifecycle_stage).toBe("lead");
    expect(contacts.find((c) => c.first_name === "Omar")!.phones).toEqual(["+1 312-555-0113 ext. 44"]);
    const share = intactShare(bytes, fixed.mapping, contacts, (key, cell) =>
      key === "lifecycleStage" ? ({ hot: "prospect", warm: "lead", cold: "lead", "in-contract": "customer" } as Record<string, string>)[cell] : key === "owner" ? corrected.owner.email.toLowerCase() : undefined,
    );
    record("Pipedrive persons export", "with corrections", share);
    expect(share.share).toBe(1);
  });

  it('German Excel "CSV (Trennzeichen-getrennt)": semicolons, Windows-1252, dd.mm.yyyy dates and ja/nein into custom fields', async () => {
    const { owner } = await crmTeam();
    await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "contact", label: "Geburtstag", type: "date" }));
    await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "contact", label: "Newsletter", type: "checkbox" }));
    const bytes = fixture("excel-de.csv");
    const result = await importFile(owner, bytes);
    expect(result.draft.headers).toEqual(["Vorname", "Nachname", "Firma", "E-Mail-Adresse", "Telefon geschäftlich", "Mobiltelefon", "Kategorien", "Geburtstag", "Newsletter"]);
    expect(result.mapping).toMatchObject({ Vorname: "firstName", Nachname: "lastName", Firma: "company", "E-Mail-Adresse": "emails", "Telefon geschäftlich": "phones", Mobiltelefon: "phones", Kategorien: "tags", Geburtstag: "custom.geburtstag", Newsletter: "custom.newsletter" });
    expect(result.preview).toMatchObject({ encoding: "windows-1252", delimiter: ";" });
    expect(result.done).toMatchObject({ createdCount: 3, errorCount: 0 });
    const contacts = await storedContacts(owner);
    expect(contacts.find((c) => c.first_name === "Jürgen")).toMatchObject({ last_name: "Groß", company: "Müller & Söhne GmbH", tags: ["kunde", "messe"], custom: { geburtstag: "1970-12-31", newsletter: true } });
    expect(contacts.find((c) => c.first_name === "Renée")!.custom).toEqual({ newsletter: true });
    const share = intactShare(bytes, result.mapping, contacts, (key, cell) =>
      key === "custom.geburtstag" ? cell.split(".").reverse().join("-") : key === "custom.newsletter" ? cell === "ja" || cell === "1" : undefined,
    );
    record('German Excel "CSV (Trennzeichen-getrennt)"', "suggested mapping", share);
    expect(share.share).toBe(1);
  });

  it("Apple Contacts (vCard) spreadsheet saved as UTF-16 text: tabs, labelled channel columns, and mm/dd/yyyy birthdays the user confirms", async () => {
    const { owner } = await crmTeam();
    await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "contact", label: "Birthday", type: "date" }));
    const bytes = fixture("apple-vcard-utf16.txt");
    const draft = await owner.run((tx) => createImport(tx, owner.actor, { entityType: "contact" }, bytes));
    expect(draft.suggestedMapping).toMatchObject({ Name: "fullName", "Email (work)": "emails", "Email (home)": "emails", "Phone (mobile)": "phones", "Phone (work)": "phones", Birthday: "custom.birthday", Note: "notes" });
    // 03/04/1980 reads both ways, but 12/25/1979 settles the column: month first.
    const preview = await owner.run((tx) => previewImport(tx, owner.actor, { id: draft.id, mapping: draft.suggestedMapping }));
    expect(preview).toMatchObject({ encoding: "utf-16le", delimiter: "\t", dates: { headers: ["Birthday"], ambiguous: [] } });
    const result = await importFile(owner, bytes, {}, { dateOrder: "mdy" });
    expect(result.done).toMatchObject({ createdCount: 3, errorCount: 0 });
    const contacts = await storedContacts(owner);
    expect(contacts.find((c) => c.first_name === "Paul")!.custom).toEqual({ birthday: "1980-03-04" });
    expect(contacts.find((c) => c.first_name === "Quinn")!.phones).toEqual(["+81 3-1234-5678"]);
    const share = intactShare(bytes, result.mapping, contacts, (key, cell) => (key === "custom.birthday" ? (([m, d, y]) => `${y}-${m}-${d}`)(cell.split("/")) : undefined));
    record("Apple Contacts spreadsheet (UTF-16)", "suggested mapping + date order", share);
    expect(share.share).toBe(1);
    console.info(`Import figures:\n${report.join("\n")}`);
  });
});

/** Each contact's channels as "kind value (label)", by first name. */
async function labelledChannels(member: TeamMember): Promise<Record<string, string[]>> {
  const rows = await member.run((tx) =>
    tx.execute<{ first_name: string; channels: string[] }>(sql`
      select c.first_name, array_agg(ch.kind || ' ' || ch.value || ' (' || coalesce(ch.label, '-') || ')' order by ch.kind, ch.position) as channels
        from crm_contacts c join crm_contact_channels ch on ch.contact_id = c.id group by c.first_name`),
  );
  return Object.fromEntries(rows.map((r) => [r.first_name, r.channels]));
}

describe("channel labels", () => {
  it("keeps each email's and phone's label from its header (Outlook, Pipedrive, Apple) or from the label column beside it (Google)", async () => {
    const outlook = await crmTeam();
    await importFile(outlook.owner, fixture("outlook-contacts.csv"));
    expect((await labelledChannels(outlook.owner)).Ann).toEqual([
      "email ann.smith@acme.example (-)",
      "email ann@home.example (-)",
      "phone +1 415-555-0132 ext. 12 (work)",
      "phone +1 415-555-0199 (home)",
      "phone +1 415-555-0177 (mobile)",
    ]);

    const google = await crmTeam();
    await importFile(google.owner, fixture("google-contacts.csv"));
    const byName = await labelledChannels(google.owner);
    expect(byName.Eve).toEqual(["email eve@work.example (work)", "email eve@home.example (home)", "phone +1 415-555-0142 (mobile)", "phone +1 415-555-0143 ext. 7 (work)"]);
    expect(byName.Finn).toEqual(["email finn@home.example (home)", "email finn@other.example (home)", "phone +49 30 1234567 (mobile)"]);

    const pipedrive = await crmTeam();
    const valueMapping = { "Person - Status": { hot: "prospect", warm: "lead", cold: "", "in-contract": "customer" } };
    await importFile(pipedrive.owner, withOwner(fixture("pipedrive-persons.csv"), pipedrive.owner), {}, { valueMapping });
    expect((await labelledChannels(pipedrive.owner)).Lena).toEqual([
      "email lena@soylent.example (work)",
      "email lena@home.example (home)",
      "phone +1 312-555-0110 (work)",
      "phone +1 312-555-0111 (mobile)",
    ]);

    const apple = await crmTeam();
    await apple.owner.run((tx) => createCustomField(tx, apple.owner.actor, { entityType: "contact", label: "Birthday", type: "date" }));
    await importFile(apple.owner, fixture("apple-vcard-utf16.txt"), {}, { dateOrder: "mdy" });
    expect((await labelledChannels(apple.owner)).Paul).toEqual([
      "email paul@roy.example (work)",
      "email paul.roy@home.example (home)",
      "phone +1 408-555-0120 (mobile)",
      "phone +1 408-555-0121 (work)",
    ]);
  });

  it("reads fax and other labels, and labels a header without one as nothing", async () => {
    const { owner } = await crmTeam();
    const csv = "Name,Email,Other Email,Business Fax,Phone\r\nRia Sol,ria@sol.example,ria@other.example,+1 415 555 0190,+1 415 555 0191 x5\r\n";
    await importFile(owner, new TextEncoder().encode(csv), { "Business Fax": "phones" });
    expect((await labelledChannels(owner)).Ria).toEqual([
      "email ria@sol.example (-)",
      "email ria@other.example (other)",
      "phone +1 415-555-0190 (fax)",
      "phone +1 415-555-0191 ext. 5 (-)",
    ]);
  });
});

describe("a column that matches no field, imported into a new field", () => {
  it("guesses each new field's type and options from the values; created with those, every row keeps its value", async () => {
    const { owner } = await crmTeam();
    const csv = [
      "Name,Email,Tier,Interests,Score,Member since,Newsletter,Favourite quote",
      "Ada Lee,ada@lee.example,Gold,golf; opera,12,2021-03-04,yes,To be or not to be",
      "Bo Chan,bo@chan.example,Silver,opera,7.5,2019-11-30,no,Carpe diem",
      "Cy Dorn,cy@dorn.example,Gold,,1200,,yes,",
      "Di Erl,di@erl.example,Bronze,golf | chess,,2020-01-15,,Less is more",
    ].join("\r\n");
    const bytes = new TextEncoder().encode(csv);
    const draft = await owner.run((tx) => createImport(tx, owner.actor, { entityType: "contact" }, bytes));
    const unmapped = draft.headers.filter((h) => !draft.suggestedMapping[h]);
    expect(unmapped).toEqual(["Tier", "Interests", "Score", "Member since", "Newsletter", "Favourite quote"]);
    expect(draft.newFieldGuesses).toMatchObject({
      Tier: { type: "single_select", options: ["Bronze", "Gold", "Silver"] },
      Interests: { type: "multi_select", options: ["chess", "golf", "opera"] },
      Score: { type: "number", options: [] },
      "Member since": { type: "date", options: [] },
      Newsletter: { type: "checkbox", options: [] },
      "Favourite quote": { type: "text", options: [] },
    });
    // What the wizard does: create each field with the guessed type (through the custom-field service), then map the column to it.
    const corrections: Record<string, string> = {};
    for (const header of unmapped) {
      const guess = draft.newFieldGuesses[header]!;
      const field = await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "contact", label: header, type: guess.type, options: guess.options }));
      corrections[header] = `custom.${field.key}`;
    }
    const again = await owner.run((tx) => getImport(tx, owner.actor, draft.id));
    expect(again.draft!.targets.map((t) => t.key)).toEqual(expect.arrayContaining(Object.values(corrections)));
    const mapping = { ...draft.suggestedMapping, ...corrections };
    await owner.run((tx) => startImport(tx, owner.actor, { id: draft.id, mapping }));
    await work();
    const done = await owner.run((tx) => getImport(tx, owner.actor, draft.id));
    expect(done).toMatchObject({ createdCount: 4, errorCount: 0 });
    const custom = Object.fromEntries((await storedContacts(owner)).map((c) => [c.first_name, c.custom]));
    expect(custom).toEqual({
      Ada: { tier: "Gold", interests: ["golf", "opera"], score: 12, member_since: "2021-03-04", newsletter: true, favourite_quote: "To be or not to be" },
      Bo: { tier: "Silver", interests: ["opera"], score: 7.5, member_since: "2019-11-30", newsletter: false, favourite_quote: "Carpe diem" },
      Cy: { tier: "Gold", score: 1200, newsletter: true },
      Di: { tier: "Bronze", interests: ["golf", "chess"], member_since: "2020-01-15", favourite_quote: "Less is more" },
    });
  });
});

describe("dates and booleans", () => {
  it("asks for the date order when every date reads both ways, and reads ISO, dd/mm/yyyy and mm/dd/yyyy", async () => {
    const { owner } = await crmTeam();
    await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "contact", label: "Since", type: "date" }));
    await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "contact", label: "Active", type: "checkbox" }));
    const csv = "First name,Since,Active\r\nA,03/04/2024,yes\r\nB,2024-04-05,0\r\nC,05/06/2024 10:00,TRUE\r\n";
    const draft = await owner.run((tx) => createImport(tx, owner.actor, { entityType: "contact" }, new TextEncoder().encode(csv)));
    const mapping = draft.suggestedMapping;
    const preview = await owner.run((tx) => previewImport(tx, owner.actor, { id: draft.id, mapping }));
    expect(preview.dates).toEqual({ headers: ["Since"], ambiguous: ["Since"], example: "03/04/2024" });
    const refused = (await owner.run((tx) => startImport(tx, owner.actor, { id: draft.id, mapping })).catch((e: unknown) => e)) as ValidationFailed;
    expect(refused.fields.dateOrder).toEqual(['Say how to read dates like 03/04/2024 in "Since": day first or month first.']);
    await owner.run((tx) => startImport(tx, owner.actor, { id: draft.id, mapping, dateOrder: "dmy" }));
    await work();
    const stored = await storedContacts(owner);
    expect(Object.fromEntries(stored.map((c) => [c.first_name, c.custom]))).toEqual({
      A: { since: "2024-04-03", active: true },
      B: { since: "2024-04-05", active: false },
      C: { since: "2024-06-05", active: true },
    });
  });
});

describe("re-importing a file", () => {
  it("matches contacts imported without emails by phone, then by name and company, and says which rule matched", async () => {
    const { owner } = await crmTeam();
    const first = "Name,Company,Phone\r\nSam Ward,Acme,+1 415 555 0150\r\nTia Vo,Acme,\r\nUma Xu,,\r\n";
    const firstRun = await importFile(owner, new TextEncoder().encode(first));
    expect(firstRun.done).toMatchObject({ createdCount: 3 });
    const second = "Name,Company,Phone,Email\r\nSam Ward,Acme,(415) 555-0150,sam@acme.example\r\nTia Vo,ACME,,tia@acme.example\r\nVal Yu,Acme,,val@acme.example\r\n";
    const again = await importFile(owner, new TextEncoder().encode(second), {}, { onDuplicate: "update" });
    expect(again.preview.matches).toEqual([
      { rowNumber: 2, matchedBy: "the phone +14155550150" },
      { rowNumber: 3, matchedBy: "the name tia vo at acme" },
    ]);
    expect(again.preview.rows.map((r) => r.action)).toEqual(["update", "update", "create"]);
    expect(again.done).toMatchObject({ createdCount: 1, updatedCount: 2, errorCount: 0 });
    const contacts = await storedContacts(owner);
    expect(contacts).toHaveLength(4);
    expect(contacts.find((c) => c.first_name === "Sam")!.emails).toEqual(["sam@acme.example"]);
    expect(contacts.find((c) => c.first_name === "Tia")!.emails).toEqual(["tia@acme.example"]);
  });

  it("keeps two people who share a switchboard number apart when their emails differ", async () => {
    const { owner } = await crmTeam();
    await importFile(owner, new TextEncoder().encode("Name,Email,Phone\r\nWes Zane,wes@acme.example,+1 415 555 0160\r\n"));
    const other = await importFile(owner, new TextEncoder().encode("Name,Email,Phone\r\nXia Abe,xia@acme.example,+1 415 555 0160\r\n"), {}, { onDuplicate: "update" });
    expect(other.done).toMatchObject({ createdCount: 1, updatedCount: 0 });
  });
});
