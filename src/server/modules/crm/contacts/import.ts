import { sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { TenantTx } from "../../../db/tenant";
import { fieldErrorsOf } from "../../../platform/validate";
import type { Fallible, ImportAdapter, ImportedRecord, Parsed } from "../../../records/import/batch";
import { cellOf, columnsOf, describeErrors, givenKeys, json, labelOf, labelledCellsOf, together } from "../../../records/import/cells";
import { contactKeys, describeContactKey, lookupContactKeys, matchRuleOf } from "../imports/match";
import { readPhone } from "../imports/phones";
import type { CsvRecord, ImportField } from "../../../records/import/parse";
import { capacity } from "../../orgs/limits";
import { CONTACTS_LIMIT } from "../limits";
import { createCompanyInput } from "../companies/companies";
import { validateCustomValues } from "../custom-fields";
import { crmImportContext, crmImportFields, customCells, customErrors, followerInsert, mergeTags, ownerCell, tagCells, type CrmImportContext } from "../imports/cells";
import { lifecycleStage, type LifecycleStage } from "../schema";
import { LIFECYCLE_LABEL, createContactInput, normalizeEmail, normalizePhone } from "./contacts";

/*
 * CSV rows → contacts (the import engine's adapter, src/server/records/import): the rules
 * of createContact (its zod input, validateCustomValues, members as owners) written
 * set-based. Duplicates are found by email, then phone, then name and company (../imports/match.ts),
 * in the database and in earlier rows of the batch; a company named in a row is found by name or created.
 */

/* Labels double as the CSV export's column names, so an exported file maps itself on re-import. */
const CONTACT_FIELDS: ImportField[] = [
  { key: "firstName", label: "First name", repeatable: false, synonyms: ["first name", "firstname", "given name", "forename", "first", "vorname"] },
  { key: "lastName", label: "Last name", repeatable: false, synonyms: ["last name", "lastname", "surname", "family name", "last", "nachname"] },
  { key: "fullName", label: "Full name", repeatable: false, synonyms: ["full name", "name", "contact name", "contact", "person", "display name"] },
  {
    key: "emails",
    label: "Emails",
    repeatable: true,
    synonyms: ["emails", "email", "e mail", "email address", "e mail address", "email addresses", "work email", "personal email", "mail", "e mail adresse", "email adresse"],
  },
  {
    key: "phones",
    label: "Phones",
    repeatable: true,
    synonyms: ["phones", "phone", "phone number", "phone numbers", "mobile", "mobile phone", "mobile phone number", "telephone", "tel", "cell", "work phone", "telefon", "mobiltelefon", "handy"],
  },
  { key: "title", label: "Title", repeatable: false, synonyms: ["title", "job title", "position", "role", "organization title", "jobtitle"] },
  {
    key: "company",
    label: "Company",
    repeatable: false,
    synonyms: ["company", "company name", "organization", "organisation", "organization name", "account", "account name", "employer", "firma", "unternehmen"],
  },
  { key: "owner", label: "Owner email", repeatable: false, synonyms: ["owner email", "owner", "contact owner", "account owner", "assigned to"] },
  { key: "tags", label: "Tags", repeatable: true, synonyms: ["tags", "tag", "labels", "categories", "group membership", "kategorien"] },
  {
    key: "lifecycleStage",
    label: "Lifecycle stage",
    repeatable: false,
    synonyms: ["lifecycle stage", "lifecycle", "stage", "status", "lead status"],
    kind: "choice",
    choices: [
      { value: "lead", label: LIFECYCLE_LABEL.lead, synonyms: ["subscriber", "new", "marketing qualified lead", "sales qualified lead", "mql", "sql"] },
      { value: "prospect", label: LIFECYCLE_LABEL.prospect, synonyms: ["opportunity", "qualified", "in progress", "open"] },
      { value: "customer", label: LIFECYCLE_LABEL.customer, synonyms: ["client", "won", "evangelist"] },
      { value: "churned", label: LIFECYCLE_LABEL.churned, synonyms: ["former customer", "lost"] },
    ],
  },
  { key: "source", label: "Source", repeatable: false, synonyms: ["source", "lead source", "original source"] },
  { key: "notes", label: "Notes", repeatable: false, synonyms: ["notes", "note", "comments", "comment", "description", "notizen"] },
];

/* Google Contacts joins several values of one cell with " ::: ". */
const EMAIL_SEPARATOR = /[;,\s]+|:::/;
const PHONE_SEPARATOR = /[;|]|:::/;

type ContactValue = {
  input: z.output<typeof createContactInput>;
  /** Keys of `input` the row gave a value for (others are defaults, left alone on update). */
  given: Set<string>;
  emails: string[];
  /** Each email's channel label ("work", "home"…, from the header), by position. */
  emailLabels: (string | null)[];
  /** Phones as stored (international form, extension kept), with their labels. */
  phones: Labelled[];
  /** Duplicate keys by rule (./match.ts). */
  keys: string[];
  /** Company name: undefined when the row has none. */
  company: string | undefined;
  ownerId: string | undefined;
  custom: Record<string, unknown>;
};

type Labelled = { value: string; label: string | null };
type Channel = { value: string; normalized: string; label: string | null; stored: boolean };

type ContactRecord = ImportedRecord & {
  firstName: string;
  lastName: string;
  title: string | null;
  companyId: string | null;
  /** A company name still to resolve to an id (found or created) when writing. */
  companyName: string | null;
  /** The name of the company an existing contact is at (for matching by name and company). */
  companyKey: string | null;
  ownerId: string | null;
  tags: string[];
  lifecycleStage: LifecycleStage;
  source: string | null;
  notes: string | null;
  custom: Record<string, unknown>;
  primaryEmail: string | null;
  primaryPhone: string | null;
  emails: Channel[];
  phones: Channel[];
};

const CONTACT_FIELD_TARGET: Record<string, string> = { emails: "emails", phones: "phones", tags: "tags", ownerId: "owner", companyId: "company" };

function contactLabel(ctx: CrmImportContext, raw: Record<string, unknown>, path: string): string {
  const [key = path, index] = path.split(".");
  if (key === "firstName" || key === "lastName") return labelOf(ctx, columnsOf(ctx, key).length ? key : "fullName", key === "firstName" ? "First name" : "Last name");
  const label = labelOf(ctx, CONTACT_FIELD_TARGET[key] ?? key, key);
  const list = raw[key];
  if ((key === "emails" || key === "phones") && Array.isArray(list) && index !== undefined) {
    const item = list[Number(index)] as { value?: string } | undefined;
    if (item?.value) return `${label} "${item.value}"`;
  }
  return label;
}

function parseContact(ctx: CrmImportContext, row: CsvRecord): Fallible<ContactValue> {
  // An empty first name stays in (as ""), so the row fails with createContact's own message.
  const raw: Record<string, unknown> = { firstName: "" };
  const problems: string[] = [];
  const text = (key: string, field = key) => {
    const value = cellOf(ctx, row, key);
    if (value) raw[field] = value;
  };
  text("firstName");
  text("lastName");
  const fullName = cellOf(ctx, row, "fullName");
  if (fullName) {
    // "Mary Ann Smith" → first "Mary Ann", last "Smith"; one word is a first name.
    const at = fullName.lastIndexOf(" ");
    raw.firstName = at > 0 ? fullName.slice(0, at).trim() : fullName;
    if (at > 0) raw.lastName = fullName.slice(at + 1);
  }
  text("title");
  text("source");
  text("notes");
  const stage = cellOf(ctx, row, "lifecycleStage").toLowerCase();
  if (stage) {
    if ((lifecycleStage.enumValues as readonly string[]).includes(stage)) raw.lifecycleStage = stage;
    else problems.push(`${labelOf(ctx, "lifecycleStage", "Lifecycle stage")}: use one of ${lifecycleStage.enumValues.join(", ")}.`);
  }
  const tags = tagCells(ctx, row);
  if (tags.length) raw.tags = tags;
  const emails = labelledCellsOf(ctx, row, "emails", EMAIL_SEPARATOR);
  if (emails.length) raw.emails = emails.map(({ value }) => ({ value }));
  const phones = labelledCellsOf(ctx, row, "phones", PHONE_SEPARATOR).map((cell) => ({ ...readPhone(cell.value, ctx.phoneRegion), label: cell.label }));
  // The contact's rules check the number; the extension is kept beside it.
  if (phones.length) raw.phones = phones.map((phone) => ({ value: phone.number }));
  const company = cellOf(ctx, row, "company");
  if (company) {
    const name = createCompanyInput.shape.name.safeParse(company);
    if (!name.success) problems.push(`${labelOf(ctx, "company", "Company")}: ${name.error.issues[0]?.message}`);
  }
  const owner = ownerCell(ctx, row);
  if ("error" in owner) problems.push(owner.error);
  const custom = customCells(ctx, row);
  if ("error" in custom) problems.push(custom.error);
  const parsed = createContactInput.safeParse(raw);
  if (!parsed.success) problems.unshift(describeErrors(fieldErrorsOf(parsed.error), (path) => contactLabel(ctx, raw, path)));
  if (problems.length || !parsed.success || "error" in owner || "error" in custom) return { error: problems.join(" ") };
  const normalized = parsed.data.emails.map((e) => normalizeEmail(e.value));
  if (new Set(normalized).size !== normalized.length) return { error: `${labelOf(ctx, "emails", "Emails")}: the same email is listed twice.` };
  const phoneValues = phones.map(({ value, label }) => ({ value, label }));
  const keys = contactKeys({ emails: normalized, phones: phoneValues.map((p) => normalizePhone(p.value)), firstName: parsed.data.firstName, lastName: parsed.data.lastName, company: company || null });
  const emailLabels = emails.map((e) => e.label);
  return { ok: { input: parsed.data, given: givenKeys(raw), emails: normalized, emailLabels, phones: phoneValues, keys, company: company || undefined, ownerId: owner.ok, custom: custom.ok } };
}

function addChannels(list: Channel[], values: Labelled[], normalize: (v: string) => string): Channel[] {
  const next = [...list];
  for (const { value, label } of values) {
    const normalized = normalize(value);
    if (!next.some((c) => c.normalized === normalized)) next.push({ value, normalized, label, stored: false });
  }
  return next;
}

/** The row's emails as written, each with its label. */
const labelledEmails = (value: ContactValue): Labelled[] => value.input.emails.map((e, i) => ({ value: e.value, label: value.emailLabels[i] ?? null }));

function applyContact(ctx: CrmImportContext, record: ContactRecord, { value }: Parsed<ContactValue>): Fallible<ContactRecord> {
  const { input, given } = value;
  const custom = validateCustomValues(ctx.customFields, value.custom, record.custom);
  if (Object.keys(custom.errors).length) return { error: customErrors(ctx, custom.errors) };
  const tags = mergeTags(record, given.has("tags") ? input.tags : undefined, labelOf(ctx, "tags", "Tags"));
  if ("error" in tags) return tags;
  const emails = addChannels(record.emails, labelledEmails(value), normalizeEmail);
  const phones = addChannels(record.phones, value.phones, normalizePhone);
  if (emails.length > 10) return { error: `${labelOf(ctx, "emails", "Emails")}: a contact can have at most 10 emails.` };
  if (phones.length > 10) return { error: `${labelOf(ctx, "phones", "Phones")}: a contact can have at most 10 phones.` };
  const next: ContactRecord = { ...record, custom: custom.values, tags: tags.ok, emails, phones };
  if (given.has("firstName")) next.firstName = input.firstName;
  if (given.has("lastName")) next.lastName = input.lastName;
  if (given.has("title")) next.title = input.title;
  if (given.has("lifecycleStage")) next.lifecycleStage = input.lifecycleStage;
  if (given.has("source")) next.source = input.source;
  if (given.has("notes")) next.notes = input.notes;
  if (value.ownerId !== undefined) next.ownerId = value.ownerId;
  if (value.company !== undefined) {
    next.companyName = value.company;
    next.companyId = null;
  }
  next.primaryEmail = record.primaryEmail ?? emails[0]?.value.toLowerCase() ?? null;
  next.primaryPhone = record.primaryPhone ?? phones[0]?.value ?? null;
  return { ok: next };
}

function createContactRecord(ctx: CrmImportContext, parsed: Parsed<ContactValue>): Fallible<ContactRecord> {
  const { input } = parsed.value;
  const custom = validateCustomValues(ctx.customFields, parsed.value.custom, null);
  if (Object.keys(custom.errors).length) return { error: customErrors(ctx, custom.errors) };
  const empty: ContactRecord = {
    id: crypto.randomUUID(),
    isNew: true,
    rowNumbers: [],
    firstName: input.firstName,
    lastName: input.lastName,
    title: input.title,
    companyId: null,
    companyName: parsed.value.company ?? null,
    companyKey: null,
    ownerId: parsed.value.ownerId ?? ctx.userId,
    tags: input.tags,
    lifecycleStage: input.lifecycleStage,
    source: input.source,
    notes: input.notes,
    custom: custom.values,
    primaryEmail: null,
    primaryPhone: null,
    emails: [],
    phones: [],
  };
  const emails = addChannels([], labelledEmails(parsed.value), normalizeEmail);
  const phones = addChannels([], parsed.value.phones, normalizePhone);
  return { ok: { ...empty, emails, phones, primaryEmail: emails[0]?.value.toLowerCase() ?? null, primaryPhone: phones[0]?.value ?? null } };
}

/** Company names → ids: visible live companies matched case-insensitively (the oldest wins), the others created. */
async function resolveCompanies(tx: TenantTx, ctx: CrmImportContext, records: ContactRecord[]): Promise<void> {
  const wanted = new Map<string, string>();
  for (const record of records) if (record.companyName) wanted.set(record.companyName.toLowerCase(), wanted.get(record.companyName.toLowerCase()) ?? record.companyName);
  if (!wanted.size) return;
  const found = await tx.execute<{ key: string; id: string }>(sql`
    select distinct on (lower(name)) lower(name) as key, id from crm_companies
     where merged_into_id is null and deleted_at is null and lower(name) = any(${sql.param([...wanted.keys()])}::text[])
     order by lower(name), created_at, id`);
  const ids = new Map(found.map((row) => [row.key, row.id]));
  const missing = [...wanted].filter(([key]) => !ids.has(key)).map(([key, name]) => ({ key, name, id: crypto.randomUUID() }));
  if (missing.length) {
    await together(tx, [
      followerInsert("company", missing.map((c) => c.id), ctx.userId),
      sql`insert into crm_companies (id, name, owner_id)
          select v.id, v.name, ${ctx.userId}::uuid from jsonb_to_recordset(${json(missing)}) as v(id uuid, name text)`,
    ]);
    for (const company of missing) ids.set(company.key, company.id);
  }
  for (const record of records) if (record.companyName) record.companyId = ids.get(record.companyName.toLowerCase()) ?? null;
}

function contactRow(record: ContactRecord) {
  return {
    id: record.id,
    first_name: record.firstName,
    last_name: record.lastName,
    title: record.title,
    company_id: record.companyId,
    owner_id: record.ownerId,
    tags: record.tags,
    lifecycle_stage: record.lifecycleStage,
    source: record.source,
    notes: record.notes,
    custom: record.custom,
    primary_email: record.primaryEmail,
    primary_phone: record.primaryPhone,
  };
}

const CONTACT_COLUMNS = sql`id uuid, first_name text, last_name text, title text, company_id uuid, owner_id uuid, tags text[],
  lifecycle_stage crm_lifecycle_stage, source text, notes text, custom jsonb, primary_email text, primary_phone text`;

function channelRows(record: ContactRecord) {
  return (["email", "phone"] as const).flatMap((kind) => {
    const list = kind === "email" ? record.emails : record.phones;
    const hadAny = list.some((c) => c.stored);
    return list
      .map((c, position) => ({ c, position }))
      .filter(({ c }) => !c.stored)
      .map(({ c, position }, i) => ({ contact_id: record.id, kind, value: c.value, normalized: c.normalized, label: c.label, is_primary: !hadAny && i === 0, position }));
  });
}

export const contactImportAdapter: ImportAdapter<CrmImportContext, ContactValue, ContactRecord> = {
  what: "contact",
  whatPlural: "contacts",
  fields: (tx) => crmImportFields(tx, "contact", CONTACT_FIELDS),
  checkColumns(columns) {
    const problems: string[] = [];
    if (!columns.has("firstName") && !columns.has("fullName")) problems.push("Choose the column with the first name (or the full name).");
    if (columns.has("fullName") && (columns.has("firstName") || columns.has("lastName"))) problems.push("Map either the full name or first and last name, not both.");
    return problems;
  },
  refineSuggestion(mapping) {
    const keys = new Set(Object.values(mapping));
    if (!keys.has("fullName") || !(keys.has("firstName") || keys.has("lastName"))) return mapping;
    return Object.fromEntries(Object.entries(mapping).filter(([, key]) => key !== "fullName"));
  },
  context: (tx, base) => crmImportContext(tx, "contact", base),
  parse: parseContact,
  keys: (value) => value.keys,
  ruleOf: matchRuleOf,
  describeKey: describeContactKey,
  lookup: lookupContactKeys,
  async load(tx, _ctx, ids) {
    if (!ids.length) return new Map();
    const rows = await tx.execute<{
      id: string;
      first_name: string;
      last_name: string;
      title: string | null;
      company_id: string | null;
      owner_id: string | null;
      tags: string[];
      lifecycle_stage: LifecycleStage;
      source: string | null;
      notes: string | null;
      custom: Record<string, unknown>;
      primary_email: string | null;
      primary_phone: string | null;
      company_name: string | null;
    }>(sql`
      select c.id, c.first_name, c.last_name, c.title, c.company_id, c.owner_id, c.tags, c.lifecycle_stage, c.source, c.notes, c.custom, c.primary_email, c.primary_phone,
             (select co.name from crm_companies co where co.id = c.company_id) as company_name
        from crm_contacts c where c.id = any(${sql.param(ids)}::uuid[]) and c.merged_into_id is null and c.deleted_at is null
       for update of c`);
    const channels = await tx.execute<{ contact_id: string; kind: "email" | "phone"; value: string; normalized: string; label: string | null }>(sql`
      select contact_id, kind, value, normalized, label from crm_contact_channels
       where contact_id = any(${sql.param(rows.map((r) => r.id))}::uuid[]) order by position`);
    const records = new Map<string, ContactRecord>();
    for (const r of rows) {
      const own = channels.filter((c) => c.contact_id === r.id).map((c) => ({ kind: c.kind, value: c.value, normalized: c.normalized, label: c.label, stored: true }));
      records.set(r.id, {
        id: r.id,
        isNew: false,
        rowNumbers: [],
        firstName: r.first_name,
        lastName: r.last_name,
        title: r.title,
        companyId: r.company_id,
        companyName: null,
        companyKey: r.company_name,
        ownerId: r.owner_id,
        tags: r.tags,
        lifecycleStage: r.lifecycle_stage,
        source: r.source,
        notes: r.notes,
        custom: r.custom,
        primaryEmail: r.primary_email,
        primaryPhone: r.primary_phone,
        emails: own.filter((c) => c.kind === "email"),
        phones: own.filter((c) => c.kind === "phone"),
      });
    }
    return records;
  },
  create: createContactRecord,
  apply: applyContact,
  recordKeys: (record) =>
    contactKeys({
      emails: record.emails.map((c) => c.normalized),
      phones: record.phones.map((c) => c.normalized),
      firstName: record.firstName,
      lastName: record.lastName,
      company: record.companyName ?? record.companyKey,
    }),
  async admit(tx, creates) {
    if (!creates.length) return { admitted: 0, reason: null };
    // Counted under the tenant's limit lock, held until commit: the room cannot shrink meanwhile.
    const state = await capacity(tx, CONTACTS_LIMIT);
    if (state.room === null || state.room >= creates.length) return { admitted: creates.length, reason: null };
    return {
      admitted: state.room,
      reason:
        `Not imported: your ${state.planLabel} plan allows ${(state.limit ?? 0).toLocaleString("en-US")} contacts and that limit is reached. ` +
        "Upgrade the plan or delete contacts you no longer need, then import the remaining rows again.",
    };
  },
  async write(tx, ctx, creates, updates) {
    await resolveCompanies(tx, ctx, [...creates, ...updates]);
    if (updates.length) {
      await tx.execute(sql`
        update crm_contacts c
           set first_name = v.first_name, last_name = v.last_name, title = v.title, company_id = v.company_id, owner_id = v.owner_id,
               tags = v.tags, lifecycle_stage = v.lifecycle_stage, source = v.source, notes = v.notes, custom = v.custom,
               primary_email = v.primary_email, primary_phone = v.primary_phone, updated_at = now()
          from jsonb_to_recordset(${json(updates.map(contactRow))}) as v(${CONTACT_COLUMNS})
         where c.id = v.id`);
    }
    const inserts: SQL[] = [];
    if (creates.length) {
      inserts.push(
        followerInsert("contact", creates.map((r) => r.id), ctx.userId),
        sql`insert into crm_contacts (id, first_name, last_name, title, company_id, owner_id, tags, lifecycle_stage, source, notes, custom, primary_email, primary_phone)
            select id, first_name, last_name, title, company_id, owner_id, tags, lifecycle_stage, source, notes, custom, primary_email, primary_phone
              from jsonb_to_recordset(${json(creates.map(contactRow))}) as v(${CONTACT_COLUMNS})`,
      );
    }
    const channels = [...creates, ...updates].flatMap(channelRows);
    if (channels.length) {
      inserts.push(sql`insert into crm_contact_channels (contact_id, kind, value, normalized, label, is_primary, position)
        select contact_id, kind, value, normalized, label, is_primary, position
          from jsonb_to_recordset(${json(channels)}) as v(contact_id uuid, kind text, value text, normalized text, label text, is_primary boolean, position int)`);
    }
    await together(tx, inserts);
  },
};
