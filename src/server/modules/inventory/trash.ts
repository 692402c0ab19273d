import { sql } from "drizzle-orm";
import { runtimeSql } from "../../db/client";
import { Conflict } from "../../platform/errors";
import { defineTrash, type TrashKind } from "../../records/trash";
import { getProduct, productSnapshot } from "./catalog/products";
import { assertProductCapacity } from "./limits";
import type { InventoryEntityType } from "./schema";

/*
 * Inventory's trash (the records layer's ./records/trash.ts): products.
 *
 * Trashing changes only the product's row (deleted_at, deleted_by): its stock levels,
 * lots, reorder rules and ledger rows stay as they are, and restoring brings it back
 * exactly. While trashed, it is out of the list, search, pickers, low stock and the
 * export, and no stock can be moved for it (lockPlace refuses a trashed product).
 *
 * Purging deletes the product for good with what exists only for it (levels, lots, lot
 * levels, reorder rules and cost segments). A product with stock movements cannot be
 * purged: the ledger is append-only and its rows reference the product, so it stays in
 * the trash (past the 30 days too) until someone restores it.
 */

const HAS_NO_MOVEMENTS = sql`not exists (select 1 from inventory_movements m where m.tenant_id = r.tenant_id and m.product_id = r.id)`;

const productKind: TrashKind<"product"> = {
  kind: "product",
  label: "product",
  table: sql`inventory_products`,
  title: sql`r.name`,
  subtitle: sql`r.sku`,
  snapshot: async (tx, id) => {
    const { stock: _s, lots: _l, ...product } = await getProduct(tx, id, { includeTrashed: true });
    return productSnapshot(product);
  },
  beforeRestore: (tx) => assertProductCapacity(tx, 1),
  purgeable: HAS_NO_MOVEMENTS,
  async purge(tx, id) {
    const [product] = await tx.execute<{ name: string; sku: string; moved: boolean }>(sql`
      select r.name, r.sku, not ${HAS_NO_MOVEMENTS} as moved from inventory_products r where r.id = ${id}`);
    if (product?.moved) {
      throw new Conflict(
        `${product.name} (${product.sku}) has stock movements: it can stay in the trash or be restored, not deleted forever. The stock ledger is append-only and keeps every movement of the product.`,
      );
    }
    // Cost segments have no foreign key to the product; levels, lots, lot levels and reorder rules cascade.
    await tx.execute(sql`delete from inventory_cost_segments where product_id = ${id}`);
    await tx.execute(sql`delete from inventory_products where id = ${id}`);
  },
};

export const inventoryTrash = defineTrash<InventoryEntityType>({ module: "inventory", kinds: [productKind] });

/** Tenants with purgeable products trashed more than `days` ago (a SECURITY DEFINER function: ids only). */
async function tenantsWithExpiredTrash(days: number): Promise<string[]> {
  const rows = await runtimeSql()<{ tenant_id: string }[]>`select tenant_id from neuroops_inventory_trash_due(${days})`;
  return rows.map((r) => r.tenant_id);
}

/** Daily: purges products trashed more than 30 days ago (those without stock movements), per tenant, in batches. */
export const inventoryTrashPurgeJob = inventoryTrash.purgeCron({ cron: "47 3 * * *", tenantsDue: tenantsWithExpiredTrash });
