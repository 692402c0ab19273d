import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import type { ChecklistStep, HomeContext, HomeContribution, HomeItem, HomeListSection } from "../home-types";
import { roleAtLeast } from "../orgs/roles";
import { fromDb, ZERO } from "./fixed";
import { INVENTORY } from "./permissions";
import { lowStock, lowStockCount } from "./stock/reads";

/* Inventory's part of the home page: the products at or below their reorder point, and "Add your first product". */

const HOME_LOW_STOCK = 8;

/** The lowest first (as the low-stock page lists them); out of stock (nothing available) in red. */
export async function homeLowStock(tx: TenantTx): Promise<HomeListSection> {
  const rows = await lowStock(tx, { limit: HOME_LOW_STOCK });
  const total = rows.length < HOME_LOW_STOCK ? rows.length : await lowStockCount(tx);
  const items = rows.map(
    (row): HomeItem => ({
      id: `${row.productId}:${row.warehouseId}`,
      title: `${row.name} (${row.sku})`,
      href: `/inventory/products/${row.productId}`,
      detail: `${row.warehouseName}: ${row.available} ${row.unit} available, reorder point ${row.reorderPoint}`,
      tone: fromDb(row.available) <= ZERO ? "danger" : undefined,
    }),
  );
  return {
    kind: "list",
    id: "inventory-low-stock",
    title: "Low stock",
    description: "Products at or below their reorder point (available = on hand − reserved).",
    groups: [{ id: "low", items, total }],
    empty: "No product is at or below its reorder point.",
    more: { label: "All low stock", href: "/inventory/low-stock" },
  };
}

/** "Add your first product", done once the organization has a product (one in the trash does not count). */
export async function inventoryChecklist(tx: TenantTx, ctx: HomeContext): Promise<ChecklistStep[]> {
  const [row] = await tx.execute<{ products: boolean }>(sql`select exists (select 1 from inventory_products where deleted_at is null) as products`);
  const done = row!.products;
  return [
    {
      id: "inventory-first-product",
      label: "Add your first product",
      description: done ? "Your organization has a product." : "Record what you stock, with its SKU, unit and price, then receive it into a warehouse.",
      done,
      href: roleAtLeast(ctx.role, INVENTORY.edit) ? "/inventory/products/new" : undefined,
    },
  ];
}

export const inventoryHome: HomeContribution = {
  // For the people who restock (members and up): a viewer can read the low-stock page but cannot act on it.
  sections: async (tx, ctx) => (roleAtLeast(ctx.role, INVENTORY.edit) ? [await homeLowStock(tx)] : []),
  checklist: inventoryChecklist,
};
