import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { formatMajorAmount } from "../../../lib/money";
import type { TenantScope, TenantTx } from "../../db/tenant";
import { parseInput } from "../../platform/validate";
import { streamCsvExport, type ExportRow, type ExportSource } from "../../records/export";
import type { MemberRole } from "../orgs/schema";
import { COMPANY_SORT, companyListConditions, companyListInput } from "./companies/companies";
import { CONTACT_SORT, contactListConditions, contactListInput } from "./contacts/contacts";
import { formatCustomValue, listCustomFields, type CustomField } from "./custom-fields";
import { DEAL_SORT, dealListConditions, dealListInput } from "./deals/deals-list";
import type { CrmEntityType } from "./schema";
import { BULK_MAX_IDS } from "../../records/bulk";

/*
 * CSV export of a CRM list view through the records export (src/server/records/export.ts):
 * per entity, the list's own conditions and sort, the page query and its columns. Column
 * names match the import's fields, so an exported file maps itself when imported again.
 */

export { EXPORT_PAGE } from "../../records/export";

export const exportEntityInput = z.enum(["contact", "company", "deal"], "Choose contact, company or deal.");

export type ExportScope = { tenantId: string; userId: string; role: MemberRole; requestId?: string };

type Query = { filters?: unknown; sort?: unknown };

/** An export limited to a list's selection: these ids only, or the filter's rows but these (bulk actions' "export selected"). */
export const exportSelectionInput = z
  .union([z.strictObject({ ids: z.array(z.uuid()).min(1).max(BULK_MAX_IDS) }), z.strictObject({ excludeIds: z.array(z.uuid()).max(BULK_MAX_IDS) })], "Select the records to export again.")
  .optional();
export type ExportSelection = z.input<typeof exportSelectionInput>;

function selectionCondition(id: SQL, selection: z.output<typeof exportSelectionInput>): SQL[] {
  if (!selection) return [];
  if ("ids" in selection) return [sql`${id} = any(${sql.param(selection.ids)}::uuid[])`];
  return selection.excludeIds.length ? [sql`${id} <> all(${sql.param(selection.excludeIds)}::uuid[])`] : [];
}
type Row = ExportRow;
type Channel = { kind: "email" | "phone"; value: string; label: string | null };

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : "");
const list = (value: unknown) => ((value as string[] | null) ?? []).join("; ");

function customCells(fields: CustomField[], memberEmails: Map<string, string>, custom: unknown): string[] {
  const values = (custom ?? {}) as Record<string, unknown>;
  // A member field holds a user id; the file shows (and the import reads) the member's email.
  return fields.map((f) => (f.type === "member" && typeof values[f.key] === "string" ? (memberEmails.get(values[f.key] as string) ?? String(values[f.key])) : formatCustomValue(f, values[f.key])));
}

async function sourceFor(tx: TenantTx, entity: CrmEntityType, query: Query, selection: z.output<typeof exportSelectionInput>): Promise<ExportSource> {
  const fields = await listCustomFields(tx, entity);
  const members = await tx.execute<{ id: string; email: string }>(sql`select user_id as id, email from member_directory`);
  const memberEmails = new Map(members.map((m) => [m.id, m.email]));
  const custom = (row: Row) => customCells(fields, memberEmails, row.custom);
  const labels = fields.map((f) => f.label);
  const date = new Date().toISOString().slice(0, 10);

  if (entity === "contact") {
    const input = parseInput(contactListInput, query);
    // Labelled channels get a column per label, in the header spelling the import reads back ("Phone (mobile)").
    const channelLabels = await tx.execute<{ kind: "email" | "phone"; label: string }>(
      sql`select distinct kind, label from crm_contact_channels where label is not null order by kind, label`,
    );
    const labelColumns = channelLabels.map((c) => ({ ...c, column: `${c.kind === "email" ? "Email" : "Phone"} (${c.label})` }));
    const channelCell = (r: Row, kind: "email" | "phone", label: string | null) =>
      list(((r.channels as Channel[] | null) ?? []).filter((c) => c.kind === kind && c.label === label).map((c) => c.value));
    return {
      fileName: `contacts-${date}.csv`,
      sort: CONTACT_SORT[input.sort.field]!,
      direction: input.sort.direction,
      id: sql`c.id`,
      conditions: [...(await contactListConditions(tx, input.filters)), ...selectionCondition(sql`c.id`, selection)],
      page: (tx, { where, order, cursor }, limit) =>
        tx.execute<Row>(sql`
          select c.first_name, c.last_name, c.title, c.lifecycle_stage, c.source, c.notes, c.tags, c.custom, c.created_at, c.updated_at,
                 co.name as company_name, u.email as owner_email,
                 (select jsonb_agg(jsonb_build_object('kind', ch.kind, 'value', ch.value, 'label', ch.label) order by ch.is_primary desc, ch.position)
                    from crm_contact_channels ch where ch.tenant_id = c.tenant_id and ch.contact_id = c.id) as channels,
                 ${cursor} as cursor
            from (select * from crm_contacts c where ${where} order by ${order} limit ${limit}) c
            left join crm_companies co on co.tenant_id = c.tenant_id and co.id = c.company_id and co.deleted_at is null
            left join user_profiles u on u.id = c.owner_id
           order by ${order}`),
      columns: ["First name", "Last name", "Emails", "Phones", ...labelColumns.map((c) => c.column), "Title", "Company", "Owner email", "Tags", "Lifecycle stage", "Source", "Notes", "Created at", "Updated at", ...labels],
      cells: (r) => [
        r.first_name,
        r.last_name,
        channelCell(r, "email", null),
        channelCell(r, "phone", null),
        ...labelColumns.map((c) => channelCell(r, c.kind, c.label)),
        r.title, r.company_name, r.owner_email, list(r.tags), r.lifecycle_stage, r.source, r.notes, iso(r.created_at), iso(r.updated_at), ...custom(r)],
    };
  }

  if (entity === "company") {
    const input = parseInput(companyListInput, query);
    return {
      fileName: `companies-${date}.csv`,
      sort: COMPANY_SORT[input.sort.field]!,
      direction: input.sort.direction,
      id: sql`co.id`,
      conditions: [...(await companyListConditions(tx, input.filters)), ...selectionCondition(sql`co.id`, selection)],
      page: (tx, { where, order, cursor }, limit) =>
        tx.execute<Row>(sql`
          select co.name, co.domain, co.industry, co.size, co.address_line, co.city, co.region, co.postal_code, co.country, co.tags, co.notes,
                 co.custom, co.created_at, co.updated_at, u.email as owner_email, ${cursor} as cursor
            from (select * from crm_companies co where ${where} order by ${order} limit ${limit}) co
            left join user_profiles u on u.id = co.owner_id
           order by ${order}`),
      columns: ["Name", "Domain", "Industry", "Size", "Address", "City", "Region", "Postal code", "Country", "Owner email", "Tags", "Notes", "Created at", "Updated at", ...labels],
      cells: (r) => [r.name, r.domain, r.industry, r.size, r.address_line, r.city, r.region, r.postal_code, r.country, r.owner_email, list(r.tags), r.notes, iso(r.created_at), iso(r.updated_at), ...custom(r)],
    };
  }

  const input = parseInput(dealListInput, query);
  return {
    fileName: `deals-${date}.csv`,
    sort: DEAL_SORT[input.sort.field]!,
    direction: input.sort.direction,
    id: sql`d.id`,
    conditions: [...(await dealListConditions(tx, input.filters)), ...selectionCondition(sql`d.id`, selection)],
    page: (tx, { where, order, cursor }, limit) =>
      tx.execute<Row>(sql`
        select d.title, d.amount_minor::text as amount_minor, d.currency, p.name as pipeline_name, s.name as stage_name, d.status,
               coalesce(d.probability, s.probability) as probability, d.expected_close_date::text as expected_close_date, d.lost_reason,
               co.name as company_name, u.email as owner_email, d.tags, d.custom, d.created_at, d.updated_at, d.closed_at,
               array(select trim(c.first_name || ' ' || c.last_name) || coalesce(' <' || c.primary_email || '>', '')
                       from crm_deal_contacts dc join crm_contacts c on c.tenant_id = dc.tenant_id and c.id = dc.contact_id
                      where dc.tenant_id = d.tenant_id and dc.deal_id = d.id and c.deleted_at is null order by lower(c.last_name), lower(c.first_name)) as contacts,
               ${cursor} as cursor
          from (select * from crm_deals d where ${where} order by ${order} limit ${limit}) d
          join crm_stages s on s.tenant_id = d.tenant_id and s.id = d.stage_id
          join crm_pipelines p on p.tenant_id = d.tenant_id and p.id = d.pipeline_id
          left join crm_companies co on co.tenant_id = d.tenant_id and co.id = d.company_id and co.deleted_at is null
          left join user_profiles u on u.id = d.owner_id
         order by ${order}`),
    columns: ["Title", "Amount", "Currency", "Pipeline", "Stage", "Status", "Probability", "Expected close date", "Lost reason", "Company", "Contacts", "Owner email", "Tags", "Created at", "Updated at", "Closed at", ...labels],
    cells: (r) => [
      r.title,
      formatMajorAmount(BigInt(r.amount_minor as string), r.currency as string),
      r.currency,
      r.pipeline_name,
      r.stage_name,
      r.status,
      r.probability,
      r.expected_close_date,
      r.lost_reason,
      r.company_name,
      list(r.contacts),
      r.owner_email,
      list(r.tags),
      iso(r.created_at),
      iso(r.updated_at),
      iso(r.closed_at),
      ...custom(r),
    ],
  };
}

/**
 * Checks the entity, filters and sort (ValidationFailed on bad ones, before any byte is
 * sent) and returns the CSV as a stream that reads one page per pull.
 */
export async function createCsvExport(
  scope: ExportScope,
  rawEntity: unknown,
  query: Query,
  rawSelection?: unknown,
): Promise<{ fileName: string; stream: ReadableStream<Uint8Array> }> {
  const entity = parseInput(exportEntityInput, rawEntity);
  const selection = parseInput(exportSelectionInput, rawSelection);
  // The member's role in app.role: the visibility policy filters what they export.
  const tenantScope: TenantScope = { tenantId: scope.tenantId, userId: scope.userId, role: scope.role, requestId: scope.requestId ?? null };
  return streamCsvExport(tenantScope, (tx) => sourceFor(tx, entity, query, selection));
}
