import { sql } from "drizzle-orm";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { GET as exportRoute, POST as exportPost } from "../../../app/api/crm/export/route";
import { crmTeam, type TeamMember } from "../../../test/crm/team";
import { createUser } from "../../../test/fixtures";
import { sessionCookie } from "../../../test/http";
import { ValidationFailed } from "../../platform/errors";
import { createCompany } from "./companies/companies";
import { createContact } from "./contacts/contacts";
import { createCustomField } from "./custom-fields";
import { createDeal } from "./deals/deals";
import { createCsvExport, EXPORT_PAGE } from "./export";
import { createImport, getImport, runImport, startImport } from "./imports/imports";
import { updateVisibilitySettings } from "./settings";
import { memberRunner } from "../../jobs/runner";
import { memberGateForJobs } from "../orgs/service";

async function exportAs(member: TeamMember, tenantId: string, entity: string, query: { filters?: unknown; sort?: unknown } = {}) {
  const { stream, fileName } = await createCsvExport({ tenantId, userId: member.id, role: member.role }, entity, query);
  // ignoreBOM keeps the BOM in the text (Response.text() would drop it).
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
  return { text, fileName, rows: Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data };
}

/** The export's rows as objects keyed by column name. */
const records = (rows: string[][]) => rows.slice(1).map((row) => Object.fromEntries(rows[0]!.map((column, i) => [column, row[i]])));

describe("CSV export", () => {
  it("exports the list view's rows with its filters and sort, channels primary first, company, owner and custom fields", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    const { owner } = team;
    await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "contact", label: "Budget", type: "money" }));
    await owner.run((tx) => createCustomField(tx, owner.actor, { entityType: "contact", label: "Account manager", type: "member" }));
    const acme = await owner.run((tx) => createCompany(tx, owner.actor, { name: "Acme" }));
    await owner.run((tx) =>
      createContact(tx, owner.actor, {
        firstName: "Cara",
        lastName: "Zee",
        lifecycleStage: "customer",
        tags: ["vip", "partner"],
        companyId: acme.id,
        ownerId: member.id,
        emails: [{ value: "cara@work.example" }, { value: "cara@home.example", isPrimary: true }],
        phones: [{ value: "030 1234567" }],
        custom: { budget: { amountMinor: 125000, currency: "EUR" }, account_manager: member.id },
      }),
    );
    await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Ann", lastName: "Abel", lifecycleStage: "customer" }));
    await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Bob", lastName: "Lead", lifecycleStage: "lead" }));

    const result = await exportAs(owner, team.org.id, "contact", { filters: { lifecycleStages: ["customer"] }, sort: { field: "name", direction: "asc" } });
    expect(result.fileName).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(result.text.startsWith("\uFEFFFirst name,Last name,Emails,Phones,")).toBe(true);
    const rows = records(result.rows);
    expect(rows.map((r) => r["First name"])).toEqual(["Ann", "Cara"]);
    expect(rows[1]).toMatchObject({
      Emails: "cara@home.example; cara@work.example",
      Phones: "030 1234567",
      Company: "Acme",
      "Owner email": member.email,
      Tags: "vip; partner",
      "Lifecycle stage": "customer",
      Budget: "1250.00 EUR",
      "Account manager": member.email,
    });
  });

  it("applies the member's record visibility: a member restricted to their own records exports only those", async () => {
    const team = await crmTeam("member", "viewer");
    const [member, viewer] = team.people as [TeamMember, TeamMember];
    await team.owner.run((tx) => createContact(tx, team.owner.actor, { firstName: "Olive" }));
    await member.run((tx) => createContact(tx, member.actor, { firstName: "Mona" }));
    await team.owner.run((tx) => updateVisibilitySettings(tx, team.owner.actor, { memberVisibility: "own_or_followed", viewerVisibility: "all" }));

    const get = async (user: { id: string; sessionVersion: number }, query = "entity=contact") =>
      exportRoute(new Request(`http://localhost/api/crm/export?tenant=${team.org.id}&${query}`, { headers: { cookie: await sessionCookie(user) } }));
    const names = async (response: Response) => records(Papa.parse<string[]>((await response.text()).replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data).map((r) => r["First name"]).sort();

    const mine = await get(member);
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(await names(mine)).toEqual(["Mona"]);
    expect(await names(await get(team.owner))).toEqual(["Mona", "Olive"]);
    // Viewers may export (read-only role); they see all here (viewer visibility "all").
    expect(await names(await get(viewer))).toEqual(["Mona", "Olive"]);
    expect((await get(await createUser())).status).toBe(403);
    expect((await get(member, "entity=invoice")).status).toBe(400);
    expect((await get(member, "entity=contact&filters=%7Bnot-json")).status).toBe(400);
  });

  it("puts a quote before cells a spreadsheet would run as formulas, multi-line ones included", async () => {
    const { org, owner } = await crmTeam();
    await owner.run((tx) =>
      createContact(tx, owner.actor, { firstName: '=HYPERLINK("http://evil.example","x")', lastName: "-2+3", title: "@SUM(A1)", notes: "=1+1\nsecond line", phones: [{ value: "+49 30 1234567" }] }),
    );
    const [row] = records((await exportAs(owner, org.id, "contact")).rows);
    expect(row).toMatchObject({ "First name": `'=HYPERLINK("http://evil.example","x")`, "Last name": "'-2+3", Title: "'@SUM(A1)", Notes: "'=1+1\nsecond line", Phones: "'+49 30 1234567" });
  });

  it("pages through more than one batch without repeating or dropping a row", async () => {
    const { org, owner } = await crmTeam();
    await owner.run((tx) =>
      tx.execute(sql`insert into crm_contacts (first_name, updated_at) select 'P' || n, timestamptz '2026-01-01 10:00:00+00' from generate_series(1, ${EXPORT_PAGE + 37}) n`),
    );
    const rows = records((await exportAs(owner, org.id, "contact")).rows);
    expect(rows).toHaveLength(EXPORT_PAGE + 37);
    expect(new Set(rows.map((r) => r["First name"])).size).toBe(EXPORT_PAGE + 37);
  });

  it("refuses unknown filters before sending anything", async () => {
    const { org, owner } = await crmTeam();
    await expect(createCsvExport({ tenantId: org.id, userId: owner.id, role: "owner" }, "contact", { filters: { custom: { nope: "x" } } })).rejects.toBeInstanceOf(ValidationFailed);
    await expect(createCsvExport({ tenantId: org.id, userId: owner.id, role: "owner" }, "contact", { sort: { field: "shoeSize", direction: "asc" } })).rejects.toBeInstanceOf(ValidationFailed);
  });

  it("exports companies and deals with their list filters", async () => {
    const { org, owner } = await crmTeam();
    const acme = await owner.run((tx) => createCompany(tx, owner.actor, { name: "Acme", domain: "acme.example", tags: ["key"] }));
    await owner.run((tx) => createCompany(tx, owner.actor, { name: "Beta" }));
    const ann = await owner.run((tx) => createContact(tx, owner.actor, { firstName: "Ann", lastName: "Lee", emails: [{ value: "ann@example.com" }] }));
    await owner.run((tx) => createDeal(tx, owner.actor, { title: "Big one", amountMinor: 1250050, currency: "EUR", companyId: acme.id, contactIds: [ann.id], tags: ["q3"] }));
    await owner.run((tx) => createDeal(tx, owner.actor, { title: "Small one", amountMinor: 100, currency: "EUR" }));

    const companies = records((await exportAs(owner, org.id, "company", { filters: { tags: ["key"] } })).rows);
    expect(companies).toEqual([expect.objectContaining({ Name: "Acme", Domain: "acme.example", Tags: "key", "Owner email": owner.email })]);
    const deals = records((await exportAs(owner, org.id, "deal", { filters: { tags: ["q3"] }, sort: { field: "amount", direction: "desc" } })).rows);
    expect(deals).toEqual([
      expect.objectContaining({ Title: "Big one", Amount: "12500.50", Currency: "EUR", Company: "Acme", Contacts: "Ann Lee <ann@example.com>", Status: "open", Tags: "q3" }),
    ]);
  });

  it("produces a file the import maps by itself and reads back as it was", async () => {
    const a = await crmTeam();
    const b = await crmTeam();
    for (const team of [a, b]) await team.owner.run((tx) => createCustomField(tx, team.owner.actor, { entityType: "contact", label: "Tier", type: "single_select", options: ["Gold", "Silver"] }));
    await a.owner.run((tx) =>
      createContact(tx, a.owner.actor, { firstName: "=Ann", lastName: "Lee", title: "CTO", tags: ["vip"], lifecycleStage: "prospect", emails: [{ value: "ann@example.com" }], phones: [{ value: "+1 555 0100" }], custom: { tier: "Gold" } }),
    );
    const exported = await exportAs(a.owner, a.org.id, "contact");
    const draft = await b.owner.run((tx) => createImport(tx, b.owner.actor, { entityType: "contact", fileName: "contacts.csv" }, new TextEncoder().encode(exported.text)));
    expect(draft.suggestedMapping).toMatchObject({ "First name": "firstName", Emails: "emails", Phones: "phones", "Owner email": "owner", Tier: "custom.tier" });
    // The owner is a member of A, not B: leave that column out.
    const { "Owner email": _owner, ...mapping } = draft.suggestedMapping;
    await b.owner.run((tx) => startImport(tx, b.owner.actor, { id: draft.id, mapping }));
    await runImport({ tenantId: b.org.id, importId: draft.id, userId: b.owner.id, asMember: memberRunner(b.org.id, memberGateForJobs) });
    expect(await b.owner.run((tx) => getImport(tx, b.owner.actor, draft.id))).toMatchObject({ state: "done", createdCount: 1, errorCount: 0 });
    const back = records((await exportAs(b.owner, b.org.id, "contact")).rows)[0]!;
    const original = records(exported.rows)[0]!;
    for (const column of ["First name", "Last name", "Emails", "Phones", "Title", "Tags", "Lifecycle stage", "Tier"]) expect(back[column]).toBe(original[column]);
  });

  it("exports only a selection: the ids given, or the filter's rows less the ones left out (POST with a form)", async () => {
    const { owner, org } = await crmTeam();
    const [ann, bob, cy] = await owner.run(async (tx) => [
      await createContact(tx, owner.actor, { firstName: "Ann" }),
      await createContact(tx, owner.actor, { firstName: "Bob" }),
      await createContact(tx, owner.actor, { firstName: "Cy" }),
    ]);
    const sort = { field: "name", direction: "asc" };
    const picked = await createCsvExport({ tenantId: org.id, userId: owner.id, role: "owner" }, "contact", { sort }, { ids: [ann!.id, cy!.id, crypto.randomUUID()] });
    expect(records(Papa.parse<string[]>((await new Response(picked.stream).text()).replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data).map((r) => r["First name"])).toEqual(["Ann", "Cy"]);

    const form = new FormData();
    form.set("entity", "contact");
    form.set("sort", JSON.stringify(sort));
    form.set("selection", JSON.stringify({ excludeIds: [bob!.id] }));
    const encoded = new Response(form);
    const response = await exportPost(
      new Request(`http://localhost/api/crm/export?tenant=${org.id}`, {
        method: "POST",
        headers: { cookie: await sessionCookie(owner), "content-type": encoded.headers.get("content-type")! },
        body: await encoded.arrayBuffer(),
      }),
    );
    expect(response.status).toBe(200);
    const rows = records(Papa.parse<string[]>((await response.text()).replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data);
    expect(rows.map((r) => r["First name"])).toEqual(["Ann", "Cy"]);
  });

  it("exports labelled emails and phones in a column per label, which the import reads back with their labels", async () => {
    const a = await crmTeam();
    const b = await crmTeam();
    await a.owner.run((tx) =>
      createContact(tx, a.owner.actor, {
        firstName: "Kim",
        emails: [{ value: "kim@work.example", label: "work" }, { value: "kim@mail.example" }],
        phones: [{ value: "+1 555 0100 ext. 12", label: "work" }, { value: "+1 555 0199", label: "mobile" }, { value: "+1 555 0111", label: "fax" }],
      }),
    );
    const exported = await exportAs(a.owner, a.org.id, "contact");
    // A leading + gets the export's formula quote, which the import takes off again.
    expect(exported.rows[0]!.slice(0, 8)).toEqual(["First name", "Last name", "Emails", "Phones", "Email (work)", "Phone (fax)", "Phone (mobile)", "Phone (work)"]);
    expect(records(exported.rows)[0]).toMatchObject({ Emails: "kim@mail.example", Phones: "", "Email (work)": "kim@work.example", "Phone (work)": "'+1 555 0100 ext. 12", "Phone (mobile)": "'+1 555 0199", "Phone (fax)": "'+1 555 0111" });
    const draft = await b.owner.run((tx) => createImport(tx, b.owner.actor, { entityType: "contact", fileName: "contacts.csv" }, new TextEncoder().encode(exported.text)));
    expect(draft.suggestedMapping).toMatchObject({ Emails: "emails", "Email (work)": "emails", "Phone (work)": "phones", "Phone (mobile)": "phones", "Phone (fax)": "phones" });
    const { "Owner email": _owner, ...mapping } = draft.suggestedMapping;
    await b.owner.run((tx) => startImport(tx, b.owner.actor, { id: draft.id, mapping }));
    await runImport({ tenantId: b.org.id, importId: draft.id, userId: b.owner.id, asMember: memberRunner(b.org.id, memberGateForJobs) });
    const channels = await b.owner.run((tx) => tx.execute<{ kind: string; label: string | null; value: string }>(sql`select kind, label, value from crm_contact_channels order by kind, value`));
    expect(channels.map((c) => `${c.kind} ${c.value} ${c.label ?? "-"}`)).toEqual([
      "email kim@mail.example -",
      "email kim@work.example work",
      "phone +1 555 0100 ext. 12 work",
      "phone +1 555 0111 fax",
      "phone +1 555 0199 mobile",
    ]);
  });
});
