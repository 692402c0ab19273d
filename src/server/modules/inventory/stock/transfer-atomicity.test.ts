import { sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { withTenant, type Actor } from "../../../db/tenant";
import { createTenant } from "../../../../test/fixtures";
import { createProduct } from "../catalog/products";
import { createWarehouse, defaultWarehouseId } from "../catalog/warehouses";
import { checkLedger } from "./check";
import { receiveStock, transferStock } from "./stock";

// The in leg of a transfer fails after the out leg was written (a crash between the legs).
vi.mock("./ledger", async (importOriginal) => {
  const original = await importOriginal<typeof import("./ledger")>();
  return {
    ...original,
    postMovement: (async (...args: Parameters<typeof original.postMovement>) => {
      if (args[3].kind === "transfer_in" && args[3].note === "fail the in leg") throw new Error("the in leg failed");
      return original.postMovement(...args);
    }) as typeof original.postMovement,
  };
});

describe("transfer atomicity", () => {
  it("a failure in the second leg leaves nothing: no movement, levels unchanged", async () => {
    const { org, owner } = await createTenant();
    const actor: Actor = { userId: owner.id, role: "owner" };
    const run = <T,>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
    const { productId, from, to } = await run(async (tx) => {
      const product = await createProduct(tx, actor, { sku: "T-1", name: "Widget" });
      const west = await createWarehouse(tx, actor, { code: "WEST", name: "West" });
      return { productId: product.id, from: await defaultWarehouseId(tx), to: west.id };
    });
    await run((tx) => receiveStock(tx, actor, { productId, warehouseId: from, quantity: "4", unitCost: "250" }));
    const count = () => run((tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from inventory_movements where product_id = ${productId}`));
    const before = await count();

    await expect(run((tx) => transferStock(tx, actor, { productId, fromWarehouseId: from, toWarehouseId: to, quantity: "3", note: "fail the in leg" }))).rejects.toThrow("the in leg failed");

    expect(await count()).toEqual(before);
    const levels = await run((tx) => tx.execute<{ warehouse_id: string; on_hand: string }>(sql`select warehouse_id, on_hand::text from inventory_levels where product_id = ${productId}`));
    expect(levels).toEqual([{ warehouse_id: from, on_hand: "4.000000" }]);
    expect(await run((tx) => checkLedger(tx, productId))).toEqual([]);

    // The same transfer without the failure goes through.
    const moved = await run((tx) => transferStock(tx, actor, { productId, fromWarehouseId: from, toWarehouseId: to, quantity: "3" }));
    expect([moved.out.onHand, moved.in.onHand]).toEqual(["1", "3"]);
  });
});
