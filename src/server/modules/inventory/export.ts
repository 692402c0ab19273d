import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { formatMajorAmount } from "../../../lib/money";
import type { TenantScope, TenantTx } from "../../db/tenant";
import { parseInput } from "../../platform/validate";
import { BULK_MAX_IDS } from "../../records/bulk";
import { streamCsvExport, type ExportRow, type ExportSource } from "../../records/export";
import type { MemberRole } from "../orgs/schema";
import { PRODUCT_SORT, productConditions, productListInput, trim } from "./catalog/products";
import { fromDb, toMinorUnits, toText } from "./fixed";

/*
 * CSV export of the product list through the records export (src/server/records/export.ts):
 * the list's own conditions and sort (trashed products are never in it), streamed in keyset
 * pages, formula cells guarded. Column names match the import's fields, so an exported file
 * maps itself when imported again (stock columns are left out by the import's mapping).
 */

export type ExportScope = { tenantId: string; userId: string; role: MemberRole; requestId?: string };

type Query = { filters?: unknown; sort?: unknown };

/** An export limited to the list's selection: these ids only, or the filter's rows but these ("export selected"). */
export const exportSelectionInput = z
  .union([z.strictObject({ ids: z.array(z.uuid()).min(1).max(BULK_MAX_IDS) }), z.strictObject({ excludeIds: z.array(z.uuid()).max(BULK_MAX_IDS) })], "Select the products to export again.")
  .optional();

function selectionCondition(selection: z.output<typeof exportSelectionInput>): SQL[] {
  if (!selection) return [];
  if ("ids" in selection) return [sql`p.id = any(${sql.param(selection.ids)}::uuid[])`];
  return selection.excludeIds.length ? [sql`p.id <> all(${sql.param(selection.excludeIds)}::uuid[])`] : [];
}

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : "");
const yesNo = (value: unknown) => (value ? "yes" : "no");
const money = (minor: unknown, currency: unknown) => (minor === null || minor === undefined ? "" : formatMajorAmount(BigInt(minor as string), currency as string));

export const PRODUCT_EXPORT_COLUMNS = [
  "SKU",
  "Name",
  "Description",
  "Unit",
  "Category",
  "Barcode",
  "Currency",
  "Sale price",
  "Standard cost",
  "Tax category",
  "Active",
  "Lot tracked",
  "On hand",
  "Reserved",
  "Available",
  "Stock value",
  "Created at",
  "Updated at",
];

async function productSource(query: Query, selection: z.output<typeof exportSelectionInput>): Promise<ExportSource> {
  const input = parseInput(productListInput, query);
  return {
    fileName: `products-${new Date().toISOString().slice(0, 10)}.csv`,
    sort: PRODUCT_SORT[input.sort.field],
    direction: input.sort.direction,
    id: sql`p.id`,
    conditions: [...productConditions(input.filters), ...selectionCondition(selection)],
    page: (tx: TenantTx, { where, order, cursor }, limit) =>
      tx.execute<ExportRow>(sql`
        select p.sku, p.name, p.description, p.unit, p.category, p.barcode, p.currency, p.sale_price_minor::text as sale_price_minor,
               p.standard_cost_minor::text as standard_cost_minor, p.tax_category, p.active, p.lot_tracked, p.created_at, p.updated_at,
               coalesce(s.on_hand, 0)::text as on_hand, coalesce(s.reserved, 0)::text as reserved, coalesce(s.value, 0)::text as value, p.cursor
          from (select p.*, ${cursor} as cursor from inventory_products p where ${where} order by ${order} limit ${limit}) p
          left join lateral (select sum(on_hand) as on_hand, sum(reserved) as reserved, sum(value) as value from inventory_levels l where l.product_id = p.id) s on true
         order by ${order}`),
    columns: PRODUCT_EXPORT_COLUMNS,
    cells: (r) => {
      const onHand = fromDb(r.on_hand as string);
      const reserved = fromDb(r.reserved as string);
      return [
        r.sku,
        r.name,
        r.description,
        r.unit,
        r.category,
        r.barcode,
        r.currency,
        money(r.sale_price_minor, r.currency),
        money(r.standard_cost_minor, r.currency),
        r.tax_category,
        yesNo(r.active),
        yesNo(r.lot_tracked),
        trim(r.on_hand as string),
        trim(r.reserved as string),
        toText(onHand - reserved),
        money(toMinorUnits(fromDb(r.value as string)).toString(), r.currency),
        iso(r.created_at),
        iso(r.updated_at),
      ];
    },
  };
}

/**
 * The product list as CSV for a member: checks the filters, sort and selection
 * (ValidationFailed on bad ones, before any byte is sent) and returns the stream.
 */
export async function createProductExport(scope: ExportScope, query: Query, rawSelection?: unknown): Promise<{ fileName: string; stream: ReadableStream<Uint8Array> }> {
  const selection = parseInput(exportSelectionInput, rawSelection);
  const tenantScope: TenantScope = { tenantId: scope.tenantId, userId: scope.userId, role: scope.role, requestId: scope.requestId ?? null };
  const source = await productSource(query, selection);
  return streamCsvExport(tenantScope, async () => source);
}
