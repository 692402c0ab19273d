import { sql, type SQL } from "drizzle-orm";
import type { TenantTx } from "../../../db/tenant";
import type { Fallible, ImportBase } from "../../../records/import/batch";
import { cellOf, cellsOf, describeErrors, labelOf } from "../../../records/import/cells";
import type { CsvRecord, ImportField } from "../../../records/import/parse";
import { tagsInput } from "../common";
import { listCustomFields, parseCustomFieldText, type CustomField } from "../custom-fields";
import { currentOrganization } from "../../orgs/settings";

/*
 * What CRM's import adapters (contacts/import.ts, companies/import.ts) share: their
 * context (custom fields, members by email, the organization's currency), custom fields
 * as import fields, and the cells every CRM record has (owner, custom values, tags).
 */

export type CrmImportContext = ImportBase & {
  customFields: CustomField[];
  /** Members by lower-cased email → user id, for owner and member-field cells. */
  members: Map<string, string>;
  /** The organization's currency, for money cells without one. */
  currency: string;
  /** The country national phone numbers are read in (from the currency: USD → US), or undefined (EUR…). */
  phoneRegion: string | undefined;
};

/** Currencies of one country: their national phone numbers ("(415) 555-0132") can be read as that country's. */
const CURRENCY_COUNTRY: Record<string, string> = {
  USD: "US", CAD: "CA", GBP: "GB", AUD: "AU", NZD: "NZ", CHF: "CH", SEK: "SE", NOK: "NO", DKK: "DK", PLN: "PL", CZK: "CZ",
  HUF: "HU", JPY: "JP", INR: "IN", BRL: "BR", MXN: "MX", ZAR: "ZA", SGD: "SG", HKD: "HK", ILS: "IL", TRY: "TR",
};

/** How the engine reads a custom field's cells: its options as choices, dates and checkboxes by kind. */
function customFieldKind(field: CustomField): Pick<ImportField, "kind" | "choices"> {
  if (field.type === "single_select") return { kind: "choice", choices: field.options.map((option) => ({ value: option, label: option })) };
  if (field.type === "date") return { kind: "date" };
  if (field.type === "checkbox") return { kind: "boolean" };
  return {};
}

/**
 * The standard fields of an entity followed by its custom fields ("custom.<key>", suggested
 * by label or key). The owner field's choices are the members (by email, named by name),
 * so a file naming owners by name ("Contact owner: Jane Doe") maps them.
 */
export async function crmImportFields(tx: TenantTx, entity: "contact" | "company", standard: ImportField[]): Promise<ImportField[]> {
  const custom = await listCustomFields(tx, entity);
  const members = await tx.execute<{ email: string; name: string | null }>(sql`select lower(email) as email, name from member_directory order by name, email`);
  const owner: Pick<ImportField, "kind" | "choices"> = { kind: "choice", choices: members.map((m) => ({ value: m.email, label: m.name ? `${m.name} (${m.email})` : m.email, synonyms: m.name ? [m.name] : [] })) };
  return [
    ...standard.map((field) => (field.key === "owner" ? { ...field, ...owner } : field)),
    ...custom.map((f) => ({ key: `custom.${f.key}`, label: f.label, repeatable: false, required: f.required, synonyms: [f.label, f.key], ...customFieldKind(f) })),
  ];
}

export async function crmImportContext(tx: TenantTx, entity: "contact" | "company", base: ImportBase): Promise<CrmImportContext> {
  const customFields = await listCustomFields(tx, entity);
  const members = await tx.execute<{ id: string; email: string }>(sql`select user_id as id, lower(email) as email from member_directory`);
  const org = await currentOrganization(tx);
  return { ...base, customFields, members: new Map(members.map((m) => [m.email, m.id])), currency: org.baseCurrency, phoneRegion: CURRENCY_COUNTRY[org.baseCurrency] };
}

export function ownerCell(ctx: CrmImportContext, row: CsvRecord): Fallible<string | undefined> {
  const text = cellOf(ctx, row, "owner");
  if (!text) return { ok: undefined };
  const byEmail = ctx.members.get(text.toLowerCase());
  if (byEmail) return { ok: byEmail };
  if ([...ctx.members.values()].includes(text)) return { ok: text };
  return { error: `${labelOf(ctx, "owner", "Owner")}: no member of this organization has the email "${text}".` };
}

/** Custom field cells as values (empty cells left out), or the first problem. */
export function customCells(ctx: CrmImportContext, row: CsvRecord): Fallible<Record<string, unknown>> {
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

export function customErrors(ctx: CrmImportContext, errors: Record<string, string[]>): string {
  const labels = new Map(ctx.customFields.map((f) => [`custom.${f.key}`, f.label]));
  return describeErrors(errors, (path) => labelOf(ctx, path, labels.get(path) ?? path));
}

/**
 * Tags in one cell: "vip, football-fan", "a; b", Google's "* myContacts ::: Friends" (its
 * system group left out), each column's cells together.
 */
export function tagCells(ctx: CrmImportContext, row: CsvRecord): string[] {
  return cellsOf(ctx, row, "tags", TAG_SEPARATOR).filter((tag) => !/^\*\s*(mycontacts|starred)$/i.test(tag));
}

const TAG_SEPARATOR = /\s*(?::::|[;,|])\s*/;

/** Tags added to a record's own (nothing is removed by an import), with the 30-tag rule. */
export function mergeTags(record: { tags: string[] }, added: string[] | undefined, label: string): Fallible<string[]> {
  if (!added?.length) return { ok: record.tags };
  const merged = tagsInput.safeParse([...record.tags, ...added]);
  return merged.success ? { ok: merged.data } : { error: `${label}: ${merged.error.issues[0]?.message ?? "Too many tags."}` };
}

/** An insert of follower rows: the importer follows what they create (as createContact/createCompany do), so
 * "own or followed" visibility shows them their records even when someone else owns them. */
export function followerInsert(entityType: "contact" | "company", ids: string[], userId: string): SQL {
  return sql`insert into crm_followers (entity_type, entity_id, user_id)
    select ${entityType}::crm_entity_type, id, ${userId}::uuid from unnest(${sql.param(ids)}::uuid[]) as id on conflict do nothing`;
}
