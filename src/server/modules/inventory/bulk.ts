import { sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../db/tenant";
import { defineEvent } from "../../jobs/events";
import { NotFound } from "../../platform/errors";
import { optionalText } from "../../platform/validate";
import { defineBulk, type BulkEntity, type BulkOutcome, type BulkRequested } from "../../records/bulk";
import { deleteProduct, productConditions, productListInput, updateProduct } from "./catalog/products";
import { INVENTORY } from "./permissions";
import { inventoryBulkJobs, inventoryBulkStatus, type InventoryEntityType } from "./schema";

/*
 * Bulk actions on the product list, on the records bulk engine (src/server/records/bulk.ts):
 * activate or deactivate, set (or clear) the category, delete to the trash. Each product
 * goes through its own service (updateProduct, deleteProduct: validation, audit entry per
 * product), after a locked read that tells a product already as asked ("unchanged": no
 * write, no audit entry). Up to 200 ids run in the request; more, or "every product
 * matching the filter", run as inventoryBulkJob (./jobs.ts).
 */

export const INVENTORY_BULK_EVENT = defineEvent<BulkRequested>("inventory/bulk.requested");

export const inventoryBulkAction = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("setActive"), active: z.boolean("Say whether the products become active or inactive.") }),
    z.object({ type: z.literal("setCategory"), category: optionalText(100, "A category") }),
    z.object({ type: z.literal("delete") }),
  ],
  "Choose an action.",
);
export type InventoryBulkAction = z.output<typeof inventoryBulkAction>;

/** The fields the actions compare with, locked; NotFound for a missing or trashed product. */
async function current(tx: TenantTx, id: string): Promise<{ active: boolean; category: string | null }> {
  const [row] = await tx.execute<{ active: boolean; category: string | null }>(sql`
    select active, category from inventory_products where id = ${id} and deleted_at is null for update`);
  if (!row) throw new NotFound("Not found.");
  return row;
}

const productEntity: BulkEntity<InventoryBulkAction> = {
  one: "product",
  many: "products",
  filters: productListInput.shape.filters,
  from: sql`inventory_products p`,
  id: sql`p.id`,
  conditions: async (_tx, filters) => productConditions(filters as never),
  refuses: () => null,
  async apply(tx, actor, id, action): Promise<BulkOutcome> {
    if (action.type === "delete") {
      await deleteProduct(tx, actor, id);
      return "done";
    }
    const row = await current(tx, id);
    if (action.type === "setActive") {
      if (row.active === action.active) return "unchanged";
      await updateProduct(tx, actor, { id, active: action.active });
      return "done";
    }
    if (row.category === action.category) return "unchanged";
    await updateProduct(tx, actor, { id, category: action.category ?? "" });
    return "done";
  },
};

export const { bulkInput, bulkCountInput, runBulk, getBulkJob, cancelBulkJob, countBulkSelection, runBulkJob, failBulkJob } = defineBulk<
  InventoryEntityType,
  InventoryBulkAction,
  z.input<typeof inventoryBulkAction>
>({
  tables: { status: inventoryBulkStatus, jobs: inventoryBulkJobs },
  entities: { product: productEntity },
  action: inventoryBulkAction,
  event: INVENTORY_BULK_EVENT,
  audit: "inventory.bulk",
  roles: { edit: INVENTORY.edit, manageAll: INVENTORY.manageOthers },
});
