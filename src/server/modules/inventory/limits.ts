import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import { assertCapacity, type UsageLimit } from "../orgs/limits";

const count = (n: number) => n.toLocaleString("en-US");

/**
 * Products not in the trash, against the plan's "inventory.products". Inventory has no
 * record-visibility policy, so a plain count in the tenant transaction sees every product.
 */
export const PRODUCTS_LIMIT: UsageLimit = {
  key: "inventory.products",
  async count(tx) {
    const [row] = await tx.execute<{ used: number }>(sql`select count(*)::int as used from inventory_products where deleted_at is null`);
    return row?.used ?? 0;
  },
  refusal: ({ planLabel, limit, used, adding }) =>
    `Your ${planLabel} plan allows ${count(limit)} products; you have ${count(used)}` +
    (adding > 1 ? ` and are adding ${count(adding)} (room for ${count(Math.max(0, limit - used))}).` : ".") +
    " Upgrade the plan on Settings → Billing, or move products you no longer sell to the trash.",
};

/** Throws LimitReached when adding `adding` products would exceed the plan. */
export function assertProductCapacity(tx: TenantTx, adding = 1): Promise<void> {
  return assertCapacity(tx, PRODUCTS_LIMIT, adding);
}
