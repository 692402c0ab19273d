import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as uploadRoute } from "../../../../app/api/crm/imports/route";
import { crmTeam, type TeamMember } from "../../../../test/crm/team";
import { callerFor, codeOf } from "../../../../test/fixtures";
import { sessionCookie } from "../../../../test/http";
import type { TenantJob } from "../../../jobs/define";
import { drainOutbox } from "../../../jobs/worker";
import { ValidationFailed } from "../../../platform/errors";
import { createCompany } from "../companies/companies";
import { createContact, getContact } from "../contacts/contacts";
import { createCustomField } from "../custom-fields";
import { cancelImport, createImport, getImport, listImportErrors, listImports, previewImport, runImport, startImport } from "./imports";
import { IMPORT_MAX_BYTES } from "../../../records/import/parse";
import { crmImportJob } from "../jobs";
import { memberGateForJobs } from "../../orgs/service";
import { updateVisibilitySettings } from "../settings";
import { memberRunner } from "../../../jobs/runner";

const encode = (text: string) => new TextEncoder().encode(text);
const lines = (...rows: string[]) => `${rows.join("\r\n")}\r\n`;

async function upload(member: TeamMember, csv: string, entityType: "contact" | "company" = "contact") {
  return member.run((tx) => createImport(tx, member.actor, { entityType, fileName: "people.csv" }, encode(csv)));
}

async function start(member: TeamMember, id: string, mapping: Record<string, string>, onDuplicate: "update" | "skip" = "skip") {
  return member.run((tx) => startImport(tx, member.actor, { id, mapping, onDuplicate }));
}

/** Runs due events through the real job, as the embedded worker does. */
async function work() {
  await drainOutbox({ workerId: `test-${crypto.randomUUID()}`, leaseSeconds: 60, backoffBaseMs: 5, backoffMaxMs: 20, batchSize: 10, pollMs: 10, jobs: [crmImportJob as TenantJob<never>], memberGate: memberGateForJobs });
}

async function importCsv(member: TeamMember, csv: string, mapping: Record<string, string>, onDuplicate: "update" | "skip" = "skip", entityType: "contact" | "company" = "contact") {
  const draft = await upload(member, csv, entityType);
  await start(member, draft.id, mapping, onDuplicate);
  await work();
  const done = await member.run((tx) => getImport(tx, member.actor, draft.id));
  const errors = await member.run((tx) => listImportErrors(tx, { id: draft.id }));
  return { ...done, errors: errors.items };
}

async function contactsByEmail(member: TeamMember) {
  const rows = await member.run((tx) =>
    tx.execute<{ email: string; first_name: string; last_name: string; title: string | null; tags: string[]; owner_id: string | null; company: string | null; custom: Record<string, unknown>; lifecycle_stage: string }>(sql`
      select ch.normalized as email, c.first_name, c.last_name, c.title, c.tags, c.owner_id, co.name as company, c.custom, c.lifecycle_stage
        from crm_contact_channels ch join crm_contacts c on c.id = ch.contact_id
        left join crm_companies co on co.id = c.company_id
       where ch.kind = 'email' order by ch.normalized`),
  );
  return new Map(rows.map((r) => [r.email, r]));
}

const PEOPLE = ["First name", "Last name", "Email", "Phone", "Company", "Owner", "Tags", "Stage", "Budget"];

describe("contact import", () => {
  it("imports the valid rows and reports every bad row with its CSV row number and reason", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    await team.owner.run((tx) => createCustomField(tx, team.owner.actor, { entityType: "contact", label: "Budget", type: "number" }));
    const csv = lines(
      PEOPLE.join(","),
      `Ann,Smith,ann@example.com,+49 30 1234567,Acme,${member.email},vip; Partner,customer,"1,200"`,
      ",NoFirst,nofirst@example.com,,,,,,",
      "Bob,Bad,not-an-email,,,,,,",
      "Cara,Stage,cara@example.com,,,,,friend,",
      "Dan,Owner,dan@example.com,,,stranger@example.com,,,",
      "",
      "Eve,Budget,eve@example.com,,acme,,,,lots",
      "Finn,Ok,finn@example.com; FINN2@example.com,,ACME,,,,",
    );
    const draft = await upload(member, csv);
    expect(draft.state).toBe("draft");
    expect(draft.headers).toEqual(PEOPLE);
    expect(draft.suggestedMapping).toEqual({
      "First name": "firstName",
      "Last name": "lastName",
      Email: "emails",
      Phone: "phones",
      Company: "company",
      Owner: "owner",
      Tags: "tags",
      Stage: "lifecycleStage",
      Budget: "custom.budget",
    });
    await start(member, draft.id, draft.suggestedMapping);
    await work();

    const done = await member.run((tx) => getImport(tx, member.actor, draft.id));
    expect(done).toMatchObject({ state: "done", processedRows: 8, createdCount: 2, updatedCount: 0, skippedCount: 0, errorCount: 5, processedBytes: done.totalBytes });
    const errors = await member.run((tx) => listImportErrors(tx, { id: draft.id }));
    expect(errors.items).toEqual([
      { rowNumber: 3, reason: "First name: Enter a first name." },
      { rowNumber: 4, reason: 'Email "not-an-email": Enter a valid email address, like ann@example.com.' },
      { rowNumber: 5, reason: "Stage: use one of lead, prospect, customer, churned." },
      { rowNumber: 6, reason: 'Owner: no member of this organization has the email "stranger@example.com".' },
      { rowNumber: 8, reason: "Budget: Enter a number." },
    ]);

    const contacts = await contactsByEmail(team.owner);
    expect([...contacts.keys()]).toEqual(["ann@example.com", "finn2@example.com", "finn@example.com"]);
    expect(contacts.get("ann@example.com")).toMatchObject({ first_name: "Ann", last_name: "Smith", tags: ["vip", "partner"], owner_id: member.id, company: "Acme", lifecycle_stage: "customer", custom: { budget: 1200 } });
    // Owner defaults to the importer; "ACME" found the company the import created for Ann (one company, not two).
    expect(contacts.get("finn@example.com")).toMatchObject({ owner_id: member.id, company: "Acme" });
    const [companies] = await team.owner.run((tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from crm_companies`));
    expect(companies!.n).toBe(1);
    const ann = await member.run(async (tx) => getContact(tx, await contactId(tx, "ann@example.com"), member.id));
    expect(ann.phones).toEqual([expect.objectContaining({ value: "+49 30 1234567", isPrimary: true })]);
    expect(ann.following).toBe(true);

    // One audit entry per import (started, finished), none per row; the actor is the importer.
    const audit = await team.owner.run((tx) =>
      tx.execute<{ action: string; actor_user_id: string }>(sql`select action, actor_user_id from audit_log where action like 'crm.%' order by id`),
    );
    expect(audit.map((a) => a.action)).toEqual(["crm.custom_field.created", "crm.import.started", "crm.import.finished"]);
    expect(audit.slice(1).every((a) => a.actor_user_id === member.id)).toBe(true);
  });

  it("updates or skips contacts whose email already exists, as the import says", async () => {
    for (const onDuplicate of ["skip", "update"] as const) {
      const { owner } = await crmTeam();
      await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Ann", title: "Old", tags: ["keep"], emails: [{ value: "ann@example.com" }] }));
      const csv = lines("First name,Email,Title,Phone,Tags", "Ann,ANN@example.com,CEO,+1 555 0100,new", "Zed,zed@example.com,Dev,,", "Zed,zed@example.com,Lead,,again");
      const result = await importCsv(owner, csv, { "First name": "firstName", Email: "emails", Title: "title", Phone: "phones", Tags: "tags" }, onDuplicate);
      const contacts = await contactsByEmail(owner);
      expect(contacts.size).toBe(2);
      if (onDuplicate === "skip") {
        expect(result).toMatchObject({ createdCount: 1, updatedCount: 0, skippedCount: 2, errorCount: 0 });
        expect(contacts.get("ann@example.com")).toMatchObject({ title: "Old", tags: ["keep"] });
        expect(contacts.get("zed@example.com")).toMatchObject({ title: "Dev", tags: [] });
      } else {
        expect(result).toMatchObject({ createdCount: 1, updatedCount: 2, skippedCount: 0, errorCount: 0 });
        expect(contacts.get("ann@example.com")).toMatchObject({ first_name: "Ann", title: "CEO", tags: ["keep", "new"] });
        // The second Zed row (a duplicate within the file) updated the contact the first one created.
        expect(contacts.get("zed@example.com")).toMatchObject({ title: "Lead", tags: ["again"] });
        const ann = await owner.run(async (tx) => getContact(tx, await contactId(tx, "ann@example.com")));
        expect(ann.phones.map((p) => p.value)).toEqual(["+1 555 0100"]);
        expect(ann.emails.map((e) => e.value)).toEqual(["ann@example.com"]);
      }
    }
  });

  it("refuses a mapping that names missing columns, unknown fields, one field twice or no name", async () => {
    const { org, owner } = await crmTeam();
    await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "contact", label: "Region", type: "text", required: true }));
    const draft = await upload(owner, lines("First name,Given,Email", "Ann,A,ann@example.com"));
    const failure = await start(owner, draft.id, { Nope: "firstName", Email: "shoeSize", Given: "lastName" }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ValidationFailed);
    expect((failure as ValidationFailed).fields.mapping).toEqual([
      'The file has no column "Nope".',
      '"shoeSize" (for column "Email") is not a field you can import into.',
      "Choose the column with the first name (or the full name).",
      '"Region" is required for every new contact: choose the column that holds it.',
    ]);
    const twice = await start(owner, draft.id, { "First name": "firstName", Given: "firstName", Email: "custom.region" }).catch((e: unknown) => e);
    expect((twice as ValidationFailed).fields.mapping).toEqual(['Only one column can go into "First name"; you chose "First name" and "Given".']);
    expect(await codeOf(callerFor(owner, org.id).crm.imports.start({ id: draft.id, mapping: { Nope: "firstName" } }))).toBe("BAD_REQUEST");
    expect((await owner.run((tx) => getImport(tx, owner.actor, draft.id))).state).toBe("draft");
  });

  it("answers NOT_FOUND for another tenant's import", async () => {
    const a = await crmTeam();
    const b = await crmTeam();
    const foreign = await upload(b.owner, lines("First name", "Bea"));
    const api = callerFor(a.owner, a.org.id);
    const mapping = { "First name": "firstName" };
    expect(await codeOf(api.crm.imports.get({ id: foreign.id }))).toBe("NOT_FOUND");
    expect(await codeOf(api.crm.imports.errors({ id: foreign.id }))).toBe("NOT_FOUND");
    expect(await codeOf(api.crm.imports.preview({ id: foreign.id, mapping }))).toBe("NOT_FOUND");
    expect(await codeOf(api.crm.imports.start({ id: foreign.id, mapping }))).toBe("NOT_FOUND");
    expect(await codeOf(api.crm.imports.cancel({ id: foreign.id }))).toBe("NOT_FOUND");
    expect((await api.crm.imports.list({})).items).toEqual([]);
    expect((await b.owner.run((tx) => getImport(tx, b.owner.actor, foreign.id))).state).toBe("draft");
  });

  it("resumes after a crash mid-file without importing any row twice", async () => {
    const { org, owner } = await crmTeam();
    const rows = Array.from({ length: 10 }, (_, i) => `Person ${i},p${i}@example.com`);
    const draft = await upload(owner, lines("First name,Email", ...rows.slice(0, 4), "Broken,not-an-email", ...rows.slice(4)));
    await start(owner, draft.id, { "First name": "firstName", Email: "emails" });
    const job = { tenantId: org.id, importId: draft.id, userId: owner.id, asMember: memberRunner(org.id, memberGateForJobs) };
    const crash = runImport(job, {
      batchRows: 3,
      afterBatch: (committed) => {
        if (committed === 6) throw new Error("worker killed");
      },
    });
    await expect(crash).rejects.toThrow("worker killed");
    const halfway = await owner.run((tx) => getImport(tx, owner.actor, draft.id));
    expect(halfway).toMatchObject({ state: "running", processedRows: 6, createdCount: 5, errorCount: 1 });

    expect(await runImport(job, { batchRows: 3 })).toEqual({ state: "done", processedRows: 11 });
    const done = await owner.run((tx) => getImport(tx, owner.actor, draft.id));
    expect(done).toMatchObject({ state: "done", processedRows: 11, createdCount: 10, errorCount: 1 });
    expect((await contactsByEmail(owner)).size).toBe(10);
    const [count] = await owner.run((tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from crm_contacts`));
    expect(count!.n).toBe(10);
    // Running it once more (a redelivered event) changes nothing.
    expect(await runImport(job)).toEqual({ state: "done", processedRows: 11 });
    expect((await owner.run((tx) => listImportErrors(tx, { id: draft.id }))).items).toEqual([{ rowNumber: 6, reason: expect.stringContaining("not-an-email") }]);
  });

  it("stops creating contacts at the plan limit and reports the rows over it, keeping the earlier ones", async () => {
    const { org, owner } = await crmTeam();
    await owner.run((tx) => tx.execute(sql`insert into crm_contacts (first_name) select 'Bulk ' || n from generate_series(1, 995) n`));
    await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Existing", emails: [{ value: "existing@example.com" }] }));
    const rows = Array.from({ length: 8 }, (_, i) => `New ${i},new${i}@example.com`);
    const draft = await upload(owner, lines("First name,Email", ...rows.slice(0, 5), "Existing again,existing@example.com", ...rows.slice(5)));
    await start(owner, draft.id, { "First name": "firstName", Email: "emails" }, "update");
    await runImport({ tenantId: org.id, importId: draft.id, userId: owner.id, asMember: memberRunner(org.id, memberGateForJobs) }, { batchRows: 3 });
    const done = await owner.run((tx) => getImport(tx, owner.actor, draft.id));
    // 996 contacts + 4 = the Free plan's 1,000; the update of an existing contact needs no room.
    expect(done).toMatchObject({ state: "done", createdCount: 4, updatedCount: 1, errorCount: 4 });
    const errors = await owner.run((tx) => listImportErrors(tx, { id: draft.id }));
    expect(errors.items.map((e) => e.rowNumber)).toEqual([6, 8, 9, 10]);
    expect(errors.items[0]!.reason).toBe(
      "Not imported: your Free plan allows 1,000 contacts and that limit is reached. Upgrade the plan or delete contacts you no longer need, then import the remaining rows again.",
    );
    const imported = await contactsByEmail(owner);
    expect(["new0", "new1", "new2", "new3"].every((n) => imported.has(`${n}@example.com`))).toBe(true);
    expect(imported.get("existing@example.com")!.first_name).toBe("Existing again");
  });

  it("acts as the importing member: visibility applies, and hidden duplicates are reported, not touched", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    await team.owner.run((tx) => createContact(tx, team.owner.actor, { firstName: "Olive", emails: [{ value: "olive@example.com" }] }));
    await team.owner.run((tx) => updateVisibilitySettings(tx, team.owner.actor, { memberVisibility: "own_or_followed", viewerVisibility: "own_or_followed" }));
    const result = await importCsv(member, lines("First name,Email", "Olive,olive@example.com", "Nina,nina@example.com"), { "First name": "firstName", Email: "emails" }, "update");
    expect(result).toMatchObject({ createdCount: 1, updatedCount: 0, errorCount: 1 });
    expect(result.errors[0]!.reason).toMatch(/^Another contact you may not have access to already has the email olive@example\.com\./);
    expect((await contactsByEmail(team.owner)).get("olive@example.com")!.first_name).toBe("Olive");
    expect([...(await contactsByEmail(member)).keys()]).toEqual(["nina@example.com"]);
  });

  it("previews the first rows with the mapping without writing anything", async () => {
    const { owner } = await crmTeam();
    await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Ann", emails: [{ value: "ann@example.com" }] }));
    const body = Array.from({ length: 30 }, (_, i) => `P${i},p${i}@example.com`);
    const draft = await upload(owner, lines("Name,Email", "Ann Lee,ann@example.com", "Bad,nope", ...body));
    const preview = await owner.run((tx) => previewImport(tx, owner.actor, { id: draft.id, mapping: { Name: "fullName", Email: "emails" }, onDuplicate: "update" }));
    expect(preview.rows).toHaveLength(20);
    expect(preview.rows.slice(0, 3)).toEqual([
      { rowNumber: 2, action: "update", reason: null, cells: { Name: "Ann Lee", Email: "ann@example.com" } },
      { rowNumber: 3, action: "error", reason: 'Email "nope": Enter a valid email address, like ann@example.com.', cells: { Name: "Bad", Email: "nope" } },
      { rowNumber: 4, action: "create", reason: null, cells: { Name: "P0", Email: "p0@example.com" } },
    ]);
    expect((await contactsByEmail(owner)).size).toBe(1);
    expect((await contactsByEmail(owner)).get("ann@example.com")!.last_name).toBe("");
  });

  it("streams the file in small pieces without breaking characters, quoted cells or the BOM", async () => {
    const { org, owner } = await crmTeam();
    const csv = `\uFEFF${lines("First name;Last name;Notes;Email", "Zoë;Müller;\"Line one\r\nline two; with 🎉\";zoe@example.com", "Jürgen;Groß;;j@example.com")}`;
    const draft = await upload(owner, csv);
    expect(draft.headers).toEqual(["First name", "Last name", "Notes", "Email"]);
    await start(owner, draft.id, draft.suggestedMapping);
    // 5-byte reads cut "ë", "ü", "ß" and the emoji in half.
    expect(await runImport({ tenantId: org.id, importId: draft.id, userId: owner.id, asMember: memberRunner(org.id, memberGateForJobs) }, { chunkBytes: 5 })).toEqual({ state: "done", processedRows: 2 });
    const contacts = await contactsByEmail(owner);
    expect(contacts.get("zoe@example.com")).toMatchObject({ first_name: "Zoë", last_name: "Müller" });
    expect(contacts.get("j@example.com")).toMatchObject({ first_name: "Jürgen", last_name: "Groß" });
    const [notes] = await owner.run((tx) => tx.execute<{ notes: string }>(sql`select notes from crm_contacts where first_name = 'Zoë'`));
    expect(notes!.notes).toBe("Line one\r\nline two; with 🎉");
  });

  it("stops a cancelled import; rows imported before stay", async () => {
    const { org, owner } = await crmTeam();
    const draft = await upload(owner, lines("First name", "A", "B", "C", "D"));
    await start(owner, draft.id, { "First name": "firstName" });
    const job = { tenantId: org.id, importId: draft.id, userId: owner.id, asMember: memberRunner(org.id, memberGateForJobs) };
    const result = await runImport(job, { batchRows: 2, afterBatch: () => owner.run((tx) => cancelImport(tx, owner.actor, draft.id)).then(() => undefined) });
    expect(result.state).toBe("stopped");
    const after = await owner.run((tx) => getImport(tx, owner.actor, draft.id));
    expect(after).toMatchObject({ state: "failed", createdCount: 2, failure: expect.stringMatching(/^Cancelled by /) });
    const [count] = await owner.run((tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from crm_contacts`));
    expect(count!.n).toBe(2);
    await expect(owner.run((tx) => cancelImport(tx, owner.actor, draft.id))).rejects.toThrow("already finished");
  });

  it("lists imports newest first, page by page", async () => {
    const { owner } = await crmTeam();
    for (const name of ["one", "two", "three"]) await upload(owner, lines("First name", name));
    const first = await owner.run((tx) => listImports(tx, { limit: 2 }));
    const second = await owner.run((tx) => listImports(tx, { limit: 2, cursor: first.nextCursor }));
    expect([...first.items, ...second.items]).toHaveLength(3);
    expect(second.nextCursor).toBeNull();
  });
});

describe("company import", () => {
  it("matches companies by domain, maps employee counts to sizes and reports bad rows", async () => {
    const { owner } = await crmTeam();
    await owner.run((tx) => createCompany(tx, owner.actor, { name: "Acme Old", domain: "acme.example", tags: ["old"] }));
    const csv = lines(
      "Name,Website,Employees,Country,Tags",
      "Acme,https://www.acme.example/about,25,de,a;b",
      "Beta,beta.example,5000+,,",
      "Acme again,ACME.example,3,,c",
      "NoCountry,,,Germany,",
      ",x.example,,,",
      "Gamma,not a domain,,,",
    );
    const result = await importCsv(owner, csv, { Name: "name", Website: "domain", Employees: "size", Country: "country", Tags: "tags" }, "update", "company");
    expect(result).toMatchObject({ state: "done", createdCount: 1, updatedCount: 2, errorCount: 3 });
    expect(result.errors).toEqual([
      { rowNumber: 5, reason: "Country: Use a two-letter country code, like DE or US." },
      { rowNumber: 6, reason: "Name: Enter the company's name." },
      { rowNumber: 7, reason: "Website: Enter a domain like acme.com." },
    ]);
    const companies = await owner.run((tx) => tx.execute<{ name: string; domain: string; size: string; country: string | null; tags: string[] }>(sql`select name, domain, size, country, tags from crm_companies order by domain`));
    expect(companies).toEqual([
      { name: "Acme again", domain: "acme.example", size: "1-10", country: "DE", tags: ["old", "a", "b", "c"] },
      { name: "Beta", domain: "beta.example", size: "5000+", country: null, tags: [] },
    ]);
  });
});

describe("the upload", () => {
  const post = async (tenantId: string, cookie: string, body: BodyInit, query = "") =>
    uploadRoute(new Request(`http://localhost/api/crm/imports${query}`, { method: "POST", headers: { cookie, "x-tenant-id": tenantId }, body }));

  it("lets a member import and refuses a viewer", async () => {
    const team = await crmTeam("member", "viewer");
    const [member, viewer] = team.people as [TeamMember, TeamMember];
    const form = () => {
      const data = new FormData();
      data.set("entityType", "contact");
      data.set("file", new File([lines("First name,Email", "Ann,ann@example.com")], "people.csv", { type: "text/csv" }));
      return data;
    };
    const refused = await post(team.org.id, await sessionCookie(viewer), form());
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toBe("Viewers cannot import. Ask an admin for the member role.");

    const response = await post(team.org.id, await sessionCookie(member), form());
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; headers: string[]; sampleRows: string[][]; fileName: string };
    expect(created).toMatchObject({ headers: ["First name", "Email"], sampleRows: [["Ann", "ann@example.com"]], fileName: "people.csv" });

    const mapping = { "First name": "firstName", Email: "emails" };
    expect(await codeOf(callerFor(viewer, team.org.id).crm.imports.start({ id: created.id, mapping }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(member, team.org.id).crm.imports.start({ id: created.id, mapping }))).toBe("OK");
    await work();
    expect((await contactsByEmail(team.owner)).get("ann@example.com")!.owner_id).toBe(member.id);
  });

  it("takes a raw CSV body, and refuses files over 50 MB with 413", async () => {
    const { org, owner } = await crmTeam();
    const cookie = await sessionCookie(owner);
    const raw = await post(org.id, cookie, lines("Name,Domain", "Acme,acme.example"), "?entity=company&fileName=companies.csv");
    expect(raw.status).toBe(201);
    expect(await raw.json()).toMatchObject({ entityType: "company", fileName: "companies.csv", suggestedMapping: { Name: "name", Domain: "domain" } });
    const huge = await post(org.id, cookie, new Uint8Array(IMPORT_MAX_BYTES + 1), "?entity=contact");
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: string }).error).toMatch(/^The file is too large: an import can be at most 50 MB/);
    const bad = await post(org.id, cookie, new Uint8Array([0xff, 0xfe, 0x41, 0x00]), "?entity=contact");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/not UTF-8/);
  });
});

async function contactId(tx: Parameters<Parameters<TeamMember["run"]>[0]>[0], email: string): Promise<string> {
  const [row] = await tx.execute<{ id: string }>(sql`select contact_id as id from crm_contact_channels where normalized = ${email}`);
  return row!.id;
}
