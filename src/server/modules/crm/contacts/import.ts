import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../db/tenant";
import { LimitReached } from "../../platform/errors";
import { fieldErrorsOf } from "../../platform/validate";
import { contactLimit, assertContactCapacity } from "../orgs/limits";
import { PLANS } from "../orgs/plans";
import { tagsInput } from "./common";
import { COMPANY_SIZES, createCompanyInput } from "./companies";
import { createContactInput, normalizeEmail, normalizePhone } from "./contacts";
import { parseCustomFieldText, validateCustomValues, type CustomField } from "./custom-fields";
import { cleanCell, type ColumnMap, type CsvRecord, type ImportEntity } from "./import-parse";
import { lifecycleStage, type LifecycleStage } from "./schema";

/*
 * One batch of CSV rows → contacts or companies, with the rules of createContact /
 * createCompany (their zod inputs, validateCustomValues, members as owners) but written
 * set-based: a handful of statements per batch instead of several per row.
 *
 * planBatch reads only (the preview uses it as is); its `write` does the inserts and
 * updates in the caller's transaction. Duplicates — by email for contacts, by domain for
 * companies, against the database and against earlier rows of the batch — are updated
 * or skipped as the import says. Row outcomes count rows: created + updated + skipped +
 * errors = the batch's non-blank rows.
 */

export type ImportContext = {
  entity: ImportEntity;
  /** The member the import acts for: owner of new records by default, and their follower. */
  userId: string;
  onDuplicate: "update" | "skip";
  columns: ColumnMap;
  customFields: CustomField[];
  /** Members by lower-cased email → user id, for owner and member-field cells. */
  members: Map<string, string>;
  /** The organization's currency, for money cells without one. */
  currency: string;
};

export type RowAction = "create" | "update" | "skip" | "error";
export type RowOutcome = { rowNumber: number; action: RowAction; reason?: string };
export type BatchCounts = { created: number; updated: number; skipped: number; errors: number; companiesCreated: number };
export type BatchPlan = {
  outcomes: RowOutcome[];
  /** Writes the plan; rows refused at write time (plan limit) turn into errors in `outcomes`. */
  write(tx: TenantTx): Promise<BatchCounts>;
};

type BaseRecord = { id: string; isNew: boolean; rowNumbers: number[] };
type Parsed<P> = { rowNumber: number; value: P };
type Fallible<T> = { ok: T } | { error: string };

/** What differs between contacts and companies. */
type Adapter<P, R extends BaseRecord> = {
  what: string;
  parse(ctx: ImportContext, row: CsvRecord): Fallible<P>;
  /** Duplicate keys of a row (normalized emails / the domain), with how to name them. */
  keys(value: P): string[];
  describeKey(key: string): string;
  /** Existing records holding the keys: id, or null when one exists the member may not see. */
  lookup(tx: TenantTx, keys: string[]): Promise<Map<string, string | null>>;
  /** Existing records to update, locked. */
  load(tx: TenantTx, ctx: ImportContext, ids: string[]): Promise<Map<string, R>>;
  create(ctx: ImportContext, parsed: Parsed<P>): Fallible<R>;
  apply(ctx: ImportContext, record: R, parsed: Parsed<P>): Fallible<R>;
  recordKeys(record: R): string[];
  /** How many of the new records may be created, and why the rest may not. */
  admit?(tx: TenantTx, creates: R[]): Promise<{ admitted: number; reason: string | null }>;
  write(tx: TenantTx, ctx: ImportContext, creates: R[], updates: R[]): Promise<{ companiesCreated: number }>;
};

// ---------------------------------------------------------------------------------------
// Cells

function columnsOf(ctx: ImportContext, key: string) {
  return ctx.columns.get(key) ?? [];
}

function cellOf(ctx: ImportContext, row: CsvRecord, key: string): string {
  const column = columnsOf(ctx, key)[0];
  return column ? cleanCell(row.cells[column.index]) : "";
}

function cellsOf(ctx: ImportContext, row: CsvRecord, key: string, separator: RegExp): string[] {
  return columnsOf(ctx, key).flatMap((column) => cleanCell(row.cells[column.index]).split(separator).map((part) => part.trim()).filter(Boolean));
}

const LIST_SEPARATOR = /[;|]/;
const EMAIL_SEPARATOR = /[;,\s]+/;

/** The column a field came from, for messages ("Work email: Enter a valid email address…"). */
function labelOf(ctx: ImportContext, key: string, fallback: string): string {
  return columnsOf(ctx, key)[0]?.header ?? fallback;
}

/** Zod field errors as one sentence per field, named by their column. */
function describeErrors(fields: Record<string, string[]>, label: (path: string) => string): string {
  return Object.entries(fields)
    .map(([path, messages]) => `${label(path)}: ${[...new Set(messages)].join(" ")}`)
    .join(" ");
}

function ownerCell(ctx: ImportContext, row: CsvRecord): Fallible<string | undefined> {
  const text = cellOf(ctx, row, "owner");
  if (!text) return { ok: undefined };
  const byEmail = ctx.members.get(text.toLowerCase());
  if (byEmail) return { ok: byEmail };
  if ([...ctx.members.values()].includes(text)) return { ok: text };
  return { error: `${labelOf(ctx, "owner", "Owner")}: no member of this organization has the email "${text}".` };
}

/** Custom field cells as values (empty cells left out), or the first problem. */
function customCells(ctx: ImportContext, row: CsvRecord): Fallible<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  for (const field of ctx.customFields) {
    const text = cellOf(ctx, row, `custom.${field.key}`);
    if (!text) continue;
    if (field.type === "member") {
      const id = ctx.members.get(text.toLowerCase()) ?? ([...ctx.members.values()].includes(text) ? text : null);
      if (!id) return { error: `${labelOf(ctx, `custom.${field.key}`, field.label)}: no member of this organization has the email "${text}".` };
      values[field.key] = id;
    } else values[field.key] = parseCustomFieldText(field, text, ctx.currency);
  }
  return { ok: values };
}

function customErrors(ctx: ImportContext, errors: Record<string, string[]>): string {
  const labels = new Map(ctx.customFields.map((f) => [`custom.${f.key}`, f.label]));
  return describeErrors(errors, (path) => labelOf(ctx, path, labels.get(path) ?? path));
}

/** Tags added to a record's own (nothing is removed by an import), with the 30-tag rule. */
function mergeTags(record: { tags: string[] }, added: string[] | undefined, label: string): Fallible<string[]> {
  if (!added?.length) return { ok: record.tags };
  const merged = tagsInput.safeParse([...record.tags, ...added]);
  return merged.success ? { ok: merged.data } : { error: `${label}: ${merged.error.issues[0]?.message ?? "Too many tags."}` };
}

/** The fields a row has a value for (an update changes only those). */
const givenKeys = (raw: Record<string, unknown>) => new Set(Object.keys(raw).filter((key) => raw[key] !== ""));

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/** An insert of follower rows: the importer follows what they create (as createContact/createCompany do), so
 * "own or followed" visibility shows them their records even when someone else owns them. */
function followerInsert(entityType: "contact" | "company", ids: string[], userId: string): SQL {
  return sql`insert into crm_followers (entity_type, entity_id, user_id)
    select ${entityType}::crm_entity_type, id, ${userId}::uuid from unnest(${sql.param(ids)}::uuid[]) as id on conflict do nothing`;
}

/**
 * Several inserts as ONE statement (data-modifying CTEs): one round trip instead of
 * several per batch. Foreign keys are checked at the end of the statement, so rows may
 * point at rows a sibling inserts.
 */
export async function together(tx: TenantTx, statements: SQL[]): Promise<void> {
  if (!statements.length) return;
  const ctes = statements.map((statement, i) => sql`${sql.raw(`s${i}`)} as (${statement})`);
  await tx.execute(sql`with ${sql.join(ctes, sql`, `)} select 1`);
}

// ---------------------------------------------------------------------------------------
// Contacts

type ContactValue = {
  input: z.output<typeof createContactInput>;
  /** Keys of `input` the row gave a value for (others are defaults, left alone on update). */
  given: Set<string>;
  emails: string[];
  /** Company name: undefined when the row has none. */
  company: string | undefined;
  ownerId: string | undefined;
  custom: Record<string, unknown>;
};

type Channel = { value: string; normalized: string; stored: boolean };

type ContactRecord = BaseRecord & {
  firstName: string;
  lastName: string;
  title: string | null;
  companyId: string | null;
  /** A company name still to resolve to an id (found or created) when writing. */
  companyName: string | null;
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

function contactLabel(ctx: ImportContext, raw: Record<string, unknown>, path: string): string {
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

function parseContact(ctx: ImportContext, row: CsvRecord): Fallible<ContactValue> {
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
  const tags = cellsOf(ctx, row, "tags", LIST_SEPARATOR);
  if (tags.length) raw.tags = tags;
  const emails = cellsOf(ctx, row, "emails", EMAIL_SEPARATOR);
  if (emails.length) raw.emails = emails.map((value) => ({ value }));
  const phones = cellsOf(ctx, row, "phones", LIST_SEPARATOR);
  if (phones.length) raw.phones = phones.map((value) => ({ value }));
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
  return { ok: { input: parsed.data, given: givenKeys(raw), emails: normalized, company: company || undefined, ownerId: owner.ok, custom: custom.ok } };
}

function addChannels(list: Channel[], values: string[], normalize: (v: string) => string): Channel[] {
  const next = [...list];
  for (const value of values) {
    const normalized = normalize(value);
    if (!next.some((c) => c.normalized === normalized)) next.push({ value, normalized, stored: false });
  }
  return next;
}

function applyContact(ctx: ImportContext, record: ContactRecord, { value }: Parsed<ContactValue>): Fallible<ContactRecord> {
  const { input, given } = value;
  const custom = validateCustomValues(ctx.customFields, value.custom, record.custom);
  if (Object.keys(custom.errors).length) return { error: customErrors(ctx, custom.errors) };
  const tags = mergeTags(record, given.has("tags") ? input.tags : undefined, labelOf(ctx, "tags", "Tags"));
  if ("error" in tags) return tags;
  const emails = addChannels(record.emails, input.emails.map((e) => e.value), normalizeEmail);
  const phones = addChannels(record.phones, input.phones.map((p) => p.value), normalizePhone);
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

function createContactRecord(ctx: ImportContext, parsed: Parsed<ContactValue>): Fallible<ContactRecord> {
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
  const emails = addChannels([], input.emails.map((e) => e.value), normalizeEmail);
  const phones = addChannels([], input.phones.map((p) => p.value), normalizePhone);
  return { ok: { ...empty, emails, phones, primaryEmail: emails[0]?.value.toLowerCase() ?? null, primaryPhone: phones[0]?.value ?? null } };
}

/** Company names → ids: visible live companies matched case-insensitively (the oldest wins), the others created. */
async function resolveCompanies(tx: TenantTx, ctx: ImportContext, records: ContactRecord[]): Promise<number> {
  const wanted = new Map<string, string>();
  for (const record of records) if (record.companyName) wanted.set(record.companyName.toLowerCase(), wanted.get(record.companyName.toLowerCase()) ?? record.companyName);
  if (!wanted.size) return 0;
  const found = await tx.execute<{ key: string; id: string }>(sql`
    select distinct on (lower(name)) lower(name) as key, id from crm_companies
     where merged_into_id is null and lower(name) = any(${sql.param([...wanted.keys()])}::text[])
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
  return missing.length;
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
      .map(({ c, position }, i) => ({ contact_id: record.id, kind, value: c.value, normalized: c.normalized, is_primary: !hadAny && i === 0, position }));
  });
}

const contactAdapter: Adapter<ContactValue, ContactRecord> = {
  what: "contact",
  parse: parseContact,
  keys: (value) => value.emails,
  describeKey: (key) => `the email ${key}`,
  async lookup(tx, keys) {
    if (!keys.length) return new Map();
    // Channels are not filtered by record visibility, so a hidden holder shows as null.
    const rows = await tx.execute<{ normalized: string; contact_id: string | null }>(sql`
      select ch.normalized, coalesce(c.merged_into_id, c.id) as contact_id
        from crm_contact_channels ch
        left join crm_contacts c on c.tenant_id = ch.tenant_id and c.id = ch.contact_id
       where ch.kind = 'email' and ch.normalized = any(${sql.param(keys)}::text[])`);
    return new Map(rows.map((row) => [row.normalized, row.contact_id]));
  },
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
    }>(sql`
      select id, first_name, last_name, title, company_id, owner_id, tags, lifecycle_stage, source, notes, custom, primary_email, primary_phone
        from crm_contacts where id = any(${sql.param(ids)}::uuid[]) and merged_into_id is null
       for update`);
    const channels = await tx.execute<{ contact_id: string; kind: "email" | "phone"; value: string; normalized: string }>(sql`
      select contact_id, kind, value, normalized from crm_contact_channels
       where contact_id = any(${sql.param(rows.map((r) => r.id))}::uuid[]) order by position`);
    const records = new Map<string, ContactRecord>();
    for (const r of rows) {
      const own = channels.filter((c) => c.contact_id === r.id).map((c) => ({ kind: c.kind, value: c.value, normalized: c.normalized, stored: true }));
      records.set(r.id, {
        id: r.id,
        isNew: false,
        rowNumbers: [],
        firstName: r.first_name,
        lastName: r.last_name,
        title: r.title,
        companyId: r.company_id,
        companyName: null,
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
  recordKeys: (record) => record.emails.map((c) => c.normalized),
  async admit(tx, creates) {
    if (!creates.length) return { admitted: 0, reason: null };
    try {
      await assertContactCapacity(tx, creates.length);
      return { admitted: creates.length, reason: null };
    } catch (error) {
      if (!(error instanceof LimitReached)) throw error;
      // The check above holds the tenant's contact lock until commit: the room cannot shrink meanwhile.
      const { plan, contacts } = await contactLimit(tx);
      const [row] = await tx.execute<{ used: number }>(sql`select neuroops_crm_live_contact_count() as used`);
      const room = Math.max(0, (contacts ?? 0) - (row?.used ?? 0));
      if (room > 0) await assertContactCapacity(tx, room);
      return {
        admitted: room,
        reason:
          `Not imported: your ${PLANS[plan].label} plan allows ${(contacts ?? 0).toLocaleString("en-US")} contacts and that limit is reached. ` +
          "Upgrade the plan or delete contacts you no longer need, then import the remaining rows again.",
      };
    }
  },
  async write(tx, ctx, creates, updates) {
    const companiesCreated = await resolveCompanies(tx, ctx, [...creates, ...updates]);
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
      inserts.push(sql`insert into crm_contact_channels (contact_id, kind, value, normalized, is_primary, position)
        select contact_id, kind, value, normalized, is_primary, position
          from jsonb_to_recordset(${json(channels)}) as v(contact_id uuid, kind text, value text, normalized text, is_primary boolean, position int)`);
    }
    await together(tx, inserts);
    return { companiesCreated };
  },
};

// ---------------------------------------------------------------------------------------
// Companies

type CompanyInput = z.output<typeof createCompanyInput>;
type CompanyValue = { input: CompanyInput; given: Set<string>; ownerId: string | undefined; custom: Record<string, unknown> };
type CompanyRecord = BaseRecord & Omit<CompanyInput, "custom" | "ownerId"> & { ownerId: string | null; custom: Record<string, unknown> };

const COMPANY_TEXT_FIELDS = ["name", "domain", "industry", "addressLine", "city", "region", "postalCode", "country", "notes"] as const;

/** "25" employees → "11-50"; an exact bucket passes through. */
function companySize(text: string): string {
  if (!/^\d+$/.test(text.replace(/[,.\s]/g, ""))) return text;
  const n = Number(text.replace(/[,.\s]/g, ""));
  const bucket = [10, 50, 200, 1000, 5000].findIndex((max) => n <= max);
  return COMPANY_SIZES[bucket === -1 ? COMPANY_SIZES.length - 1 : bucket]!;
}

function parseCompany(ctx: ImportContext, row: CsvRecord): Fallible<CompanyValue> {
  const raw: Record<string, unknown> = { name: "" };
  const problems: string[] = [];
  for (const key of COMPANY_TEXT_FIELDS) {
    const value = cellOf(ctx, row, key);
    if (value) raw[key] = value;
  }
  const size = cellOf(ctx, row, "size");
  if (size) {
    const bucket = companySize(size);
    if ((COMPANY_SIZES as readonly string[]).includes(bucket)) raw.size = bucket;
    else problems.push(`${labelOf(ctx, "size", "Size")}: use one of ${COMPANY_SIZES.join(", ")}, or a number of employees.`);
  }
  const tags = cellsOf(ctx, row, "tags", LIST_SEPARATOR);
  if (tags.length) raw.tags = tags;
  const owner = ownerCell(ctx, row);
  if ("error" in owner) problems.push(owner.error);
  const custom = customCells(ctx, row);
  if ("error" in custom) problems.push(custom.error);
  const parsed = createCompanyInput.safeParse(raw);
  if (!parsed.success) problems.unshift(describeErrors(fieldErrorsOf(parsed.error), (path) => labelOf(ctx, path.split(".")[0]!, path)));
  if (problems.length || !parsed.success || "error" in owner || "error" in custom) return { error: problems.join(" ") };
  return { ok: { input: parsed.data, given: givenKeys(raw), ownerId: owner.ok, custom: custom.ok } };
}

function createCompanyRecord(ctx: ImportContext, parsed: Parsed<CompanyValue>): Fallible<CompanyRecord> {
  const custom = validateCustomValues(ctx.customFields, parsed.value.custom, null);
  if (Object.keys(custom.errors).length) return { error: customErrors(ctx, custom.errors) };
  const { custom: _custom, ownerId: _owner, ...input } = parsed.value.input;
  return { ok: { ...input, id: crypto.randomUUID(), isNew: true, rowNumbers: [], ownerId: parsed.value.ownerId ?? ctx.userId, custom: custom.values } };
}

function applyCompany(ctx: ImportContext, record: CompanyRecord, { value }: Parsed<CompanyValue>): Fallible<CompanyRecord> {
  const custom = validateCustomValues(ctx.customFields, value.custom, record.custom);
  if (Object.keys(custom.errors).length) return { error: customErrors(ctx, custom.errors) };
  const tags = mergeTags(record, value.given.has("tags") ? value.input.tags : undefined, labelOf(ctx, "tags", "Tags"));
  if ("error" in tags) return tags;
  const next: CompanyRecord = { ...record, custom: custom.values, tags: tags.ok };
  for (const key of [...COMPANY_TEXT_FIELDS, "size"] as const) if (value.given.has(key)) Object.assign(next, { [key]: value.input[key] ?? null });
  if (value.ownerId !== undefined) next.ownerId = value.ownerId;
  return { ok: next };
}

function companyRow(r: CompanyRecord) {
  return {
    id: r.id,
    name: r.name,
    domain: r.domain,
    industry: r.industry,
    size: r.size ?? null,
    address_line: r.addressLine,
    city: r.city,
    region: r.region,
    postal_code: r.postalCode,
    country: r.country ?? null,
    owner_id: r.ownerId,
    tags: r.tags,
    notes: r.notes,
    custom: r.custom,
  };
}

const COMPANY_COLUMNS = sql`id uuid, name text, domain text, industry text, size text, address_line text, city text, region text,
  postal_code text, country text, owner_id uuid, tags text[], notes text, custom jsonb`;

const companyAdapter: Adapter<CompanyValue, CompanyRecord> = {
  what: "company",
  parse: parseCompany,
  keys: (value) => (value.input.domain ? [value.input.domain] : []),
  describeKey: (key) => `the domain ${key}`,
  async lookup(tx, keys) {
    if (!keys.length) return new Map();
    // Domains are not unique: the oldest visible company with the domain is the duplicate.
    const rows = await tx.execute<{ domain: string; id: string }>(sql`
      select distinct on (domain) domain, id from crm_companies
       where merged_into_id is null and domain = any(${sql.param(keys)}::text[]) order by domain, created_at, id`);
    return new Map(rows.map((row) => [row.domain, row.id]));
  },
  async load(tx, _ctx, ids) {
    if (!ids.length) return new Map();
    const rows = await tx.execute<{
      id: string;
      name: string;
      domain: string | null;
      industry: string | null;
      size: CompanyInput["size"];
      address_line: string | null;
      city: string | null;
      region: string | null;
      postal_code: string | null;
      country: string | null;
      owner_id: string | null;
      tags: string[];
      notes: string | null;
      custom: Record<string, unknown>;
    }>(sql`
      select id, name, domain, industry, size, address_line, city, region, postal_code, country, owner_id, tags, notes, custom
        from crm_companies where id = any(${sql.param(ids)}::uuid[]) and merged_into_id is null for update`);
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          isNew: false,
          rowNumbers: [],
          name: r.name,
          domain: r.domain,
          industry: r.industry,
          size: r.size,
          addressLine: r.address_line,
          city: r.city,
          region: r.region,
          postalCode: r.postal_code,
          country: r.country,
          ownerId: r.owner_id,
          tags: r.tags,
          notes: r.notes,
          custom: r.custom,
        },
      ]),
    );
  },
  create: createCompanyRecord,
  apply: applyCompany,
  recordKeys: (record) => (record.domain ? [record.domain] : []),
  async write(tx, ctx, creates, updates) {
    if (creates.length) {
      await together(tx, [
        followerInsert("company", creates.map((r) => r.id), ctx.userId),
        sql`insert into crm_companies (id, name, domain, industry, size, address_line, city, region, postal_code, country, owner_id, tags, notes, custom)
            select id, name, domain, industry, size, address_line, city, region, postal_code, country, owner_id, tags, notes, custom
              from jsonb_to_recordset(${json(creates.map(companyRow))}) as v(${COMPANY_COLUMNS})`,
      ]);
    }
    if (updates.length) {
      await tx.execute(sql`
        update crm_companies co
           set name = v.name, domain = v.domain, industry = v.industry, size = v.size, address_line = v.address_line, city = v.city,
               region = v.region, postal_code = v.postal_code, country = v.country, owner_id = v.owner_id, tags = v.tags, notes = v.notes,
               custom = v.custom, updated_at = now()
          from jsonb_to_recordset(${json(updates.map(companyRow))}) as v(${COMPANY_COLUMNS})
         where co.id = v.id`);
    }
    return { companiesCreated: 0 };
  },
};

// ---------------------------------------------------------------------------------------
// The batch

type Match<R> = { existing: string } | { record: R };

/** A batch whose rows are parsed and validated (no database needed), ready to be planned in a transaction (again, if that transaction is retried). */
export type PreparedBatch = { plan(tx: TenantTx): Promise<BatchPlan> };

function prepareWith<P, R extends BaseRecord>(adapter: Adapter<P, R>, ctx: ImportContext, rows: CsvRecord[]): PreparedBatch {
  const outcomes = new Map<number, RowOutcome>();
  const parsed: Parsed<P>[] = [];
  for (const row of rows) {
    const result = adapter.parse(ctx, row);
    if ("error" in result) outcomes.set(row.rowNumber, { rowNumber: row.rowNumber, action: "error", reason: result.error });
    else parsed.push({ rowNumber: row.rowNumber, value: result.ok });
  }
  return { plan: (tx) => planWith(adapter, tx, ctx, rows, new Map(outcomes), parsed) };
}

async function planWith<P, R extends BaseRecord>(
  adapter: Adapter<P, R>,
  tx: TenantTx,
  ctx: ImportContext,
  rows: CsvRecord[],
  outcomes: Map<number, RowOutcome>,
  parsed: Parsed<P>[],
): Promise<BatchPlan> {
  const holders = await adapter.lookup(tx, [...new Set(parsed.flatMap((p) => adapter.keys(p.value)))]);
  const existing = ctx.onDuplicate === "update" ? await adapter.load(tx, ctx, [...new Set([...holders.values()].filter((id): id is string => !!id))]) : new Map<string, R>();
  // Key → what holds it now: an existing record (by id) or one this batch creates.
  const index = new Map<string, Match<R> | null>();
  for (const [key, id] of holders) index.set(key, id && (ctx.onDuplicate === "skip" || existing.has(id)) ? { existing: id } : null);
  const creates: R[] = [];
  const touched = new Map<string, R>();

  for (const row of parsed) {
    const keys = adapter.keys(row.value);
    const fail = (reason: string) => outcomes.set(row.rowNumber, { rowNumber: row.rowNumber, action: "error", reason });
    const hidden = keys.find((key) => index.get(key) === null);
    if (hidden !== undefined) {
      fail(`Another ${adapter.what} you may not have access to already has ${adapter.describeKey(hidden)}. Ask its owner or an admin to share or merge it.`);
      continue;
    }
    const matches = new Set(keys.map((key) => index.get(key)).filter((m): m is Match<R> => !!m).map((m) => ("existing" in m ? m.existing : m.record.id)));
    if (matches.size > 1) {
      fail(`${keys.map((k) => adapter.describeKey(k)).join(" and ")} belong to different ${adapter.what === "contact" ? "contacts" : "companies"}. Merge them first, or split the row.`);
      continue;
    }
    const [matchId] = matches;
    if (matchId === undefined) {
      const created = adapter.create(ctx, row);
      if ("error" in created) {
        fail(created.error);
        continue;
      }
      const record = { ...created.ok, rowNumbers: [row.rowNumber] };
      creates.push(record);
      for (const key of adapter.recordKeys(record)) index.set(key, { record });
      outcomes.set(row.rowNumber, { rowNumber: row.rowNumber, action: "create" });
      continue;
    }
    if (ctx.onDuplicate === "skip") {
      outcomes.set(row.rowNumber, { rowNumber: row.rowNumber, action: "skip" });
      continue;
    }
    const current = touched.get(matchId) ?? existing.get(matchId) ?? creates.find((r) => r.id === matchId)!;
    const applied = adapter.apply(ctx, current, row);
    if ("error" in applied) {
      fail(applied.error);
      continue;
    }
    const next = { ...applied.ok, rowNumbers: [...current.rowNumbers, row.rowNumber] };
    if (next.isNew) creates[creates.findIndex((r) => r.id === matchId)] = next;
    else touched.set(matchId, next);
    for (const key of adapter.recordKeys(next)) index.set(key, { record: next });
    outcomes.set(row.rowNumber, { rowNumber: row.rowNumber, action: "update" });
  }

  const ordered = () => rows.map((row) => outcomes.get(row.rowNumber)).filter((o): o is RowOutcome => !!o);
  const plan: BatchPlan = {
    outcomes: ordered(),
    async write(writeTx) {
      let admitted = creates;
      if (adapter.admit) {
        const room = await adapter.admit(writeTx, creates);
        admitted = creates.slice(0, room.admitted);
        for (const refused of creates.slice(room.admitted)) {
          for (const rowNumber of refused.rowNumbers) outcomes.set(rowNumber, { rowNumber, action: "error", reason: room.reason ?? "Not imported." });
        }
      }
      const { companiesCreated } = await adapter.write(writeTx, ctx, admitted, [...touched.values()]);
      plan.outcomes = ordered();
      const count = (action: RowAction) => plan.outcomes.filter((o) => o.action === action).length;
      return { created: count("create"), updated: count("update"), skipped: count("skip"), errors: count("error"), companiesCreated };
    },
  };
  return plan;
}

/** Parses and validates a batch of rows (CPU only: the import does it while the previous batch is being written). */
export function prepareBatch(ctx: ImportContext, rows: CsvRecord[]): PreparedBatch {
  return ctx.entity === "contact" ? prepareWith(contactAdapter, ctx, rows) : prepareWith(companyAdapter, ctx, rows);
}

/** Plans a batch of rows (reads only). `write` on the result applies it. */
export function planBatch(tx: TenantTx, ctx: ImportContext, rows: CsvRecord[]): Promise<BatchPlan> {
  return prepareBatch(ctx, rows).plan(tx);
}
