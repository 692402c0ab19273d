import { CSV_FORMULA_PREFIX } from "../../platform/csv";
import { COMPANY_SORT } from "./companies";
import { CONTACT_SORT } from "./contacts";
import { DEAL_SORT } from "./deals-list";
import { sql, type SQL } from "drizzle-orm";
import Papa from "papaparse";
import { z } from "zod";
import { formatMajorAmount } from "../../../lib/money";
import { withTenant, type TenantScope, type TenantTx } from "../../db/tenant";
import { parseInput } from "../../platform/validate";
import type { MemberRole } from "../orgs/schema";
import { companyListConditions, companyListInput } from "./companies";
import { contactListConditions, contactListInput } from "./contacts";
import { formatCustomValue, listCustomFields, type CustomField } from "./custom-fields";
import { dealListConditions, dealListInput } from "./deals";
import { afterCursor, cursorColumn, orderByKey, pageOf, type SortColumn, type SortDirection } from "./lists";
import type { CrmEntityType } from "./schema";

/*
 * CSV export of a CRM list view: the rows the list would show with the same filters and
 * sort (the list's own WHERE builders), streamed in keyset pages of EXPORT_PAGE rows,
 * one short tenant transaction per page with the member's role, so record visibility
 * applies exactly as in the list. Column names match the import's fields, so an
 * exported file maps itself when imported again.
 */

export const EXPORT_PAGE = 1_000;


export const exportEntityInput = z.enum(["contact", "company", "deal"], "Choose contact, company or deal.");

export type ExportScope = { tenantId: string; userId: string; role: MemberRole; requestId?: string };

type Query = { filters?: unknown; sort?: unknown };
type Row = Record<string, unknown> & { cursor: string };

/** What differs per entity: the list's conditions, sort keys, the page query and its columns. */
type Source = {
  fileName: string;
  sort: SortColumn[];
  direction: SortDirection;
  id: SQL;
  page(tx: TenantTx, where: SQL, order: SQL, cursorSql: SQL): Promise<Row[]>;
  columns: string[];
  cells(row: Row): unknown[];
};

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : "");
const list = (value: unknown) => ((value as string[] | null) ?? []).join("; ");

function customCells(fields: CustomField[], memberEmails: Map<string, string>, custom: unknown): string[] {
  const values = (custom ?? {}) as Record<string, unknown>;
  // A member field holds a user id; the file shows (and the import reads) the member's email.
  return fields.map((f) => (f.type === "member" && typeof values[f.key] === "string" ? (memberEmails.get(values[f.key] as string) ?? String(values[f.key])) : formatCustomValue(f, values[f.key])));
}

async function sourceFor(tx: TenantTx, entity: CrmEntityType, query: Query): Promise<{ source: Source; conditions: SQL[] }> {
  const fields = await listCustomFields(tx, entity);
  const members = await tx.execute<{ id: string; email: string }>(sql`select u.id, u.email from memberships m join users u on u.id = m.user_id`);
  const memberEmails = new Map(members.map((m) => [m.id, m.email]));
  const custom = (row: Row) => customCells(fields, memberEmails, row.custom);
  const labels = fields.map((f) => f.label);
  const date = new Date().toISOString().slice(0, 10);

  if (entity === "contact") {
    const input = parseInput(contactListInput, query);
    const conditions = await contactListConditions(tx, input.filters);
    return {
      conditions,
      source: {
        fileName: `contacts-${date}.csv`,
        sort: CONTACT_SORT[input.sort.field]!,
        direction: input.sort.direction,
        id: sql`c.id`,
        page: (tx, where, order, cursorSql) =>
          tx.execute<Row>(sql`
            select c.first_name, c.last_name, c.title, c.lifecycle_stage, c.source, c.notes, c.tags, c.custom, c.created_at, c.updated_at,
                   co.name as company_name, u.email as owner_email,
                   array(select ch.value from crm_contact_channels ch where ch.tenant_id = c.tenant_id and ch.contact_id = c.id and ch.kind = 'email'
                          order by ch.is_primary desc, ch.position) as emails,
                   array(select ch.value from crm_contact_channels ch where ch.tenant_id = c.tenant_id and ch.contact_id = c.id and ch.kind = 'phone'
                          order by ch.is_primary desc, ch.position) as phones,
                   ${cursorSql} as cursor
              from (select * from crm_contacts c where ${where} order by ${order} limit ${EXPORT_PAGE + 1}) c
              left join crm_companies co on co.tenant_id = c.tenant_id and co.id = c.company_id
              left join users u on u.id = c.owner_id
             order by ${order}`),
        columns: ["First name", "Last name", "Emails", "Phones", "Title", "Company", "Owner email", "Tags", "Lifecycle stage", "Source", "Notes", "Created at", "Updated at", ...labels],
        cells: (r) => [r.first_name, r.last_name, list(r.emails), list(r.phones), r.title, r.company_name, r.owner_email, list(r.tags), r.lifecycle_stage, r.source, r.notes, iso(r.created_at), iso(r.updated_at), ...custom(r)],
      },
    };
  }

  if (entity === "company") {
    const input = parseInput(companyListInput, query);
    const conditions = await companyListConditions(tx, input.filters);
    return {
      conditions,
      source: {
        fileName: `companies-${date}.csv`,
        sort: COMPANY_SORT[input.sort.field]!,
        direction: input.sort.direction,
        id: sql`co.id`,
        page: (tx, where, order, cursorSql) =>
          tx.execute<Row>(sql`
            select co.name, co.domain, co.industry, co.size, co.address_line, co.city, co.region, co.postal_code, co.country, co.tags, co.notes,
                   co.custom, co.created_at, co.updated_at, u.email as owner_email, ${cursorSql} as cursor
              from (select * from crm_companies co where ${where} order by ${order} limit ${EXPORT_PAGE + 1}) co
              left join users u on u.id = co.owner_id
             order by ${order}`),
        columns: ["Name", "Domain", "Industry", "Size", "Address", "City", "Region", "Postal code", "Country", "Owner email", "Tags", "Notes", "Created at", "Updated at", ...labels],
        cells: (r) => [r.name, r.domain, r.industry, r.size, r.address_line, r.city, r.region, r.postal_code, r.country, r.owner_email, list(r.tags), r.notes, iso(r.created_at), iso(r.updated_at), ...custom(r)],
      },
    };
  }

  const input = parseInput(dealListInput, query);
  const conditions = await dealListConditions(tx, input.filters);
  return {
    conditions,
    source: {
      fileName: `deals-${date}.csv`,
      sort: DEAL_SORT[input.sort.field]!,
      direction: input.sort.direction,
      id: sql`d.id`,
      page: (tx, where, order, cursorSql) =>
        tx.execute<Row>(sql`
          select d.title, d.amount_minor::text as amount_minor, d.currency, p.name as pipeline_name, s.name as stage_name, d.status,
                 coalesce(d.probability, s.probability) as probability, d.expected_close_date::text as expected_close_date, d.lost_reason,
                 co.name as company_name, u.email as owner_email, d.tags, d.custom, d.created_at, d.updated_at, d.closed_at,
                 array(select trim(c.first_name || ' ' || c.last_name) || coalesce(' <' || c.primary_email || '>', '')
                         from crm_deal_contacts dc join crm_contacts c on c.tenant_id = dc.tenant_id and c.id = dc.contact_id
                        where dc.tenant_id = d.tenant_id and dc.deal_id = d.id order by lower(c.last_name), lower(c.first_name)) as contacts,
                 ${cursorSql} as cursor
            from (select * from crm_deals d where ${where} order by ${order} limit ${EXPORT_PAGE + 1}) d
            join crm_stages s on s.tenant_id = d.tenant_id and s.id = d.stage_id
            join crm_pipelines p on p.tenant_id = d.tenant_id and p.id = d.pipeline_id
            left join crm_companies co on co.tenant_id = d.tenant_id and co.id = d.company_id
            left join users u on u.id = d.owner_id
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
    },
  };
}

const unparse = (rows: unknown[][]) => `${Papa.unparse(rows, { escapeFormulae: CSV_FORMULA_PREFIX, newline: "\r\n" })}\r\n`;

/**
 * Checks the entity, filters and sort (ValidationFailed on bad ones, before any byte is
 * sent) and returns the CSV as a stream that reads one page per pull.
 */
export async function createCsvExport(scope: ExportScope, rawEntity: unknown, query: Query): Promise<{ fileName: string; stream: ReadableStream<Uint8Array> }> {
  const entity = parseInput(exportEntityInput, rawEntity);
  // The member's role in app.role: the visibility policy filters what they export.
  const tenantScope: TenantScope = { tenantId: scope.tenantId, userId: scope.userId, role: scope.role, requestId: scope.requestId ?? null };
  const { source, conditions } = await withTenant(tenantScope, (tx) => sourceFor(tx, entity, query));
  const order = orderByKey(source.sort, source.id, source.direction);
  const cursorSql = cursorColumn(source.sort, source.id);
  const encoder = new TextEncoder();
  let cursor: string | null = null;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        // The BOM makes Excel read the file as UTF-8; the import skips it.
        controller.enqueue(encoder.encode(`\uFEFF${unparse([source.columns])}`));
      }
      const after = afterCursor(source.sort, source.id, source.direction, cursor);
      const where = sql.join(after ? [...conditions, after] : conditions, sql` and `);
      const rows = await withTenant(tenantScope, (tx) => source.page(tx, where, order, cursorSql));
      const page = pageOf(rows, EXPORT_PAGE);
      if (page.items.length) controller.enqueue(encoder.encode(unparse(page.items.map((row) => source.cells(row as Row).map((cell) => cell ?? "")))));
      if (page.nextCursor) cursor = page.nextCursor;
      else controller.close();
    },
  });
  return { fileName: source.fileName, stream };
}
