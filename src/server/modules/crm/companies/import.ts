import { sql } from "drizzle-orm";
import type { z } from "zod";
import { fieldErrorsOf } from "../../../platform/validate";
import type { Fallible, ImportAdapter, ImportedRecord, Parsed } from "../../../records/import/batch";
import { cellOf, describeErrors, givenKeys, json, labelOf, together } from "../../../records/import/cells";
import type { CsvRecord, ImportField } from "../../../records/import/parse";
import { validateCustomValues } from "../custom-fields";
import { crmImportContext, crmImportFields, customCells, customErrors, followerInsert, mergeTags, ownerCell, tagCells, type CrmImportContext } from "../imports/cells";
import { COMPANY_SIZES, createCompanyInput } from "./companies";

/*
 * CSV rows → companies (the import engine's adapter, src/server/records/import): the
 * rules of createCompany written set-based. Duplicates are found by domain, in the
 * database and in earlier rows of the batch.
 */

/* Labels double as the CSV export's column names, so an exported file maps itself on re-import. */
const COMPANY_FIELDS: ImportField[] = [
  { key: "name", label: "Name", repeatable: false, synonyms: ["name", "company", "company name", "organization", "organisation", "organization name", "account", "account name", "firma"] },
  { key: "domain", label: "Domain", repeatable: false, synonyms: ["domain", "website", "web site", "url", "company domain", "homepage"] },
  { key: "industry", label: "Industry", repeatable: false, synonyms: ["industry", "sector"] },
  { key: "size", label: "Size", repeatable: false, synonyms: ["size", "company size", "employees", "number of employees", "headcount"] },
  { key: "addressLine", label: "Address", repeatable: false, synonyms: ["address", "street", "address line", "street address"] },
  { key: "city", label: "City", repeatable: false, synonyms: ["city", "town"] },
  { key: "region", label: "Region", repeatable: false, synonyms: ["region", "state", "province", "county"] },
  { key: "postalCode", label: "Postal code", repeatable: false, synonyms: ["postal code", "zip", "zip code", "postcode"] },
  { key: "country", label: "Country", repeatable: false, synonyms: ["country", "country code"] },
  { key: "owner", label: "Owner email", repeatable: false, synonyms: ["owner email", "owner", "company owner", "account owner", "assigned to"] },
  { key: "tags", label: "Tags", repeatable: true, synonyms: ["tags", "tag", "labels", "categories"] },
  { key: "notes", label: "Notes", repeatable: false, synonyms: ["notes", "note", "comments", "comment", "description"] },
];

type CompanyInput = z.output<typeof createCompanyInput>;
type CompanyValue = { input: CompanyInput; given: Set<string>; ownerId: string | undefined; custom: Record<string, unknown> };
type CompanyRecord = ImportedRecord & Omit<CompanyInput, "custom" | "ownerId"> & { ownerId: string | null; custom: Record<string, unknown> };

const COMPANY_TEXT_FIELDS = ["name", "domain", "industry", "addressLine", "city", "region", "postalCode", "country", "notes"] as const;

/** "25" employees → "11-50"; an exact bucket passes through. */
function companySize(text: string): string {
  if (!/^\d+$/.test(text.replace(/[,.\s]/g, ""))) return text;
  const n = Number(text.replace(/[,.\s]/g, ""));
  const bucket = [10, 50, 200, 1000, 5000].findIndex((max) => n <= max);
  return COMPANY_SIZES[bucket === -1 ? COMPANY_SIZES.length - 1 : bucket]!;
}

function parseCompany(ctx: CrmImportContext, row: CsvRecord): Fallible<CompanyValue> {
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
  const tags = tagCells(ctx, row);
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

function createCompanyRecord(ctx: CrmImportContext, parsed: Parsed<CompanyValue>): Fallible<CompanyRecord> {
  const custom = validateCustomValues(ctx.customFields, parsed.value.custom, null);
  if (Object.keys(custom.errors).length) return { error: customErrors(ctx, custom.errors) };
  const { custom: _custom, ownerId: _owner, ...input } = parsed.value.input;
  return { ok: { ...input, id: crypto.randomUUID(), isNew: true, rowNumbers: [], ownerId: parsed.value.ownerId ?? ctx.userId, custom: custom.values } };
}

function applyCompany(ctx: CrmImportContext, record: CompanyRecord, { value }: Parsed<CompanyValue>): Fallible<CompanyRecord> {
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

export const companyImportAdapter: ImportAdapter<CrmImportContext, CompanyValue, CompanyRecord> = {
  what: "company",
  whatPlural: "companies",
  fields: (tx) => crmImportFields(tx, "company", COMPANY_FIELDS),
  checkColumns: (columns) => (columns.has("name") ? [] : ["Choose the column with the company's name."]),
  context: (tx, base) => crmImportContext(tx, "company", base),
  parse: parseCompany,
  keys: (value) => (value.input.domain ? [value.input.domain] : []),
  describeKey: (key) => `the domain ${key}`,
  async lookup(tx, keys) {
    if (!keys.length) return new Map();
    // Domains are not unique: the oldest visible company with the domain is the duplicate.
    const rows = await tx.execute<{ domain: string; id: string }>(sql`
      select distinct on (domain) domain, id from crm_companies
       where merged_into_id is null and deleted_at is null and domain = any(${sql.param(keys)}::text[]) order by domain, created_at, id`);
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
        from crm_companies where id = any(${sql.param(ids)}::uuid[]) and merged_into_id is null and deleted_at is null for update`);
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
  },
};
