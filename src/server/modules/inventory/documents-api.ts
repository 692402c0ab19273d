import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";

/* Reads accounting's documents need (through ./api.ts): products on lines, warehouses, a document's movements. */

export type ProductForDocument = {
  id: string;
  sku: string;
  name: string;
  unit: string;
  unitDecimals: number;
  currency: string;
  salePriceMinor: string | null;
  standardCostMinor: string | null;
  lotTracked: boolean;
};

/** Live (not trashed) products by id. */
export async function productsForDocuments(tx: TenantTx, ids: string[]): Promise<Map<string, ProductForDocument>> {
  if (!ids.length) return new Map();
  const rows = await tx.execute<{ id: string; sku: string; name: string; unit: string; unit_decimals: number; currency: string; sale: string | null; cost: string | null; lot_tracked: boolean }>(sql`
    select id, sku, name, unit, unit_decimals, currency, sale_price_minor::text as sale, standard_cost_minor::text as cost, lot_tracked
      from inventory_products where id = any(${sql.param([...new Set(ids)])}::uuid[]) and deleted_at is null`);
  return new Map(
    rows.map((r) => [r.id, { id: r.id, sku: r.sku, name: r.name, unit: r.unit, unitDecimals: r.unit_decimals, currency: r.currency, salePriceMinor: r.sale, standardCostMinor: r.cost, lotTracked: r.lot_tracked }]),
  );
}

/** A live warehouse by id, or the default one; null when there is none. */
export async function warehouseForDocument(tx: TenantTx, id: string | null | undefined): Promise<{ id: string; name: string } | null> {
  const [row] = await tx.execute<{ id: string; name: string }>(
    id
      ? sql`select id, name from inventory_warehouses where id = ${id} and archived_at is null`
      : sql`select id, name from inventory_warehouses where is_default and archived_at is null`,
  );
  return row ?? null;
}

export type DocumentMovement = { productId: string; warehouseId: string; lotId: string | null; lotNumber: string | null; quantity: string; unitCost: string | null; value: string };

/** The stock movements booked with a reference (a document's shipments or receipts), in ledger order. */
export async function movementsOf(tx: TenantTx, referenceType: string, referenceId: string): Promise<DocumentMovement[]> {
  const rows = await tx.execute<{ product_id: string; warehouse_id: string; lot_id: string | null; lot_number: string | null; quantity: string; unit_cost: string | null; value: string }>(sql`
    select m.product_id, m.warehouse_id, m.lot_id, l.number as lot_number, m.quantity::text, m.unit_cost::text, m.value::text
      from inventory_movements m left join inventory_lots l on l.id = m.lot_id
     where m.reference_type = ${referenceType} and m.reference_id = ${referenceId} order by m.effective_at, m.seq`);
  return rows.map((r) => ({ productId: r.product_id, warehouseId: r.warehouse_id, lotId: r.lot_id, lotNumber: r.lot_number, quantity: r.quantity, unitCost: r.unit_cost, value: r.value }));
}
