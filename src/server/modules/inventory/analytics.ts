import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";

/** Names and SKUs of products (trashed ones too: past sales still name them), for the analytics dashboard. */
export async function productLabels(tx: TenantTx, ids: string[]): Promise<Map<string, { sku: string; name: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.execute<{ id: string; sku: string; name: string }>(sql`select id, sku, name from inventory_products where id = any(${sql.param(ids)}::uuid[])`);
  return new Map(rows.map((r) => [r.id, { sku: r.sku, name: r.name }]));
}
