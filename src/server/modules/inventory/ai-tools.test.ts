import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant, type Actor, type TenantTx } from "../../db/tenant";
import { addMember, createTenant, createUser, pgFailure } from "../../../test/fixtures";
import { ValidationFailed } from "../../platform/errors";
import { lowStockTool, productStockTool } from "./ai-tools";
import { createProduct } from "./catalog/products";
import { createWarehouse, defaultWarehouseId, listWarehouses } from "./catalog/warehouses";
import { INVENTORY } from "./permissions";
import { setReorderRule } from "./stock/reads";
import { receiveStock, reserveStock } from "./stock/stock";

/* The AI assistant's inventory tools: stock as the product page shows it, low stock as the report does, never writing. */

async function stockroom() {
  const { org, owner } = await createTenant();
  const actor: Actor = { userId: owner.id, role: "owner" };
  const viewer = await createUser();
  await addMember(org.id, viewer.id, "viewer");
  const viewerActor: Actor = { userId: viewer.id, role: "viewer" };
  const run = <T,>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
  /** As the viewer, in a transaction Postgres refuses to write in: any insert, update, delete or audit entry fails it. */
  const readOnly = <T,>(fn: (tx: TenantTx) => Promise<T>) =>
    withTenant({ tenantId: org.id, userId: viewer.id, role: "viewer" }, async (tx) => {
      await tx.execute(sql`set transaction read only`);
      return fn(tx);
    });
  return { actor, viewerActor, run, readOnly };
}
type Stockroom = Awaited<ReturnType<typeof stockroom>>;

/** Blue Widget (WID-100): 10 on hand, 3 reserved and a reorder point of 8 in the main warehouse, 5 in East. Anvil widget (WID-1000, before Blue Widget by name): plenty. Gadget (GAD-7): none, point 1 in East. */
async function stocked(s: Stockroom) {
  return s.run(async (tx) => {
    const main = await defaultWarehouseId(tx);
    const east = (await createWarehouse(tx, s.actor, { code: "EAST", name: "East depot" })).id;
    const widget = await createProduct(tx, s.actor, { sku: "WID-100", name: "Blue Widget" });
    const pro = await createProduct(tx, s.actor, { sku: "WID-1000", name: "Anvil widget" });
    const gadget = await createProduct(tx, s.actor, { sku: "GAD-7", name: "Gadget" });
    await receiveStock(tx, s.actor, { productId: widget.id, warehouseId: main, quantity: "10", unitCost: "2" });
    await receiveStock(tx, s.actor, { productId: widget.id, warehouseId: east, quantity: "5", unitCost: "2" });
    await reserveStock(tx, s.actor, { productId: widget.id, warehouseId: main, quantity: "3", referenceType: "test", referenceId: "order-1" });
    await setReorderRule(tx, s.actor, { productId: widget.id, warehouseId: main, reorderPoint: "8", reorderQuantity: "20" });
    await receiveStock(tx, s.actor, { productId: pro.id, warehouseId: main, quantity: "100", unitCost: "5" });
    await setReorderRule(tx, s.actor, { productId: pro.id, warehouseId: main, reorderPoint: "5", reorderQuantity: "10" });
    await setReorderRule(tx, s.actor, { productId: gadget.id, warehouseId: east, reorderPoint: "1", reorderQuantity: "4" });
    const mainName = (await listWarehouses(tx)).find((w) => w.id === main)!.name;
    return { main, mainName, east, widget, pro, gadget };
  });
}

describe("inventory AI tools", () => {
  it("refuse a write in the read-only transaction the tests run them in (the harness can fail)", async () => {
    const s = await stockroom();
    const write = s.readOnly((tx) => createProduct(tx, s.actor, { sku: "NOPE-1", name: "Nope" }));
    expect(await pgFailure(write)).toMatchObject({ code: "25006" }); // read_only_sql_transaction
  });

  it("product_stock gives on hand, reserved and available per warehouse, an exact SKU first", async () => {
    const s = await stockroom();
    const p = await stocked(s);
    const result = await s.readOnly((tx) => productStockTool.run(tx, s.viewerActor, { query: "wid-100", limit: 1 }));
    expect(result.data).toEqual({
      products: [
        {
          id: p.widget.id,
          sku: "WID-100",
          name: "Blue Widget",
          unit: p.widget.unit,
          active: true,
          onHand: "15",
          reserved: "3",
          available: "12",
          lowStock: true,
          warehouses: [
            { id: p.main, code: expect.any(String), name: p.mainName, onHand: "10", reserved: "3", available: "7", reorderPoint: "8" },
            { id: p.east, code: "EAST", name: "East depot", onHand: "5", reserved: "0", available: "5", reorderPoint: null },
          ],
          moreWarehouses: false,
        },
      ],
      // WID-1000 matches the prefix too (and comes first by name).
      more: true,
    });
    expect(result.records).toEqual([{ recordType: "product", id: p.widget.id, label: "WID-100 Blue Widget", href: `/inventory/products/${p.widget.id}` }]);
    const byName = await s.readOnly((tx) => productStockTool.run(tx, s.viewerActor, { query: "widget", limit: 5 }));
    expect(byName.records.map((r) => r.id)).toEqual([p.pro.id, p.widget.id]);
  });

  it("low_stock lists products at or below their reorder point, furthest below first, with the count of all", async () => {
    const s = await stockroom();
    const p = await stocked(s);
    const result = await s.readOnly((tx) => lowStockTool.run(tx, s.viewerActor, { limit: 1 }));
    expect(result.data).toEqual({
      items: [
        { productId: p.gadget.id, sku: "GAD-7", name: "Gadget", unit: p.gadget.unit, warehouseId: p.east, warehouse: "East depot", onHand: "0", reserved: "0", available: "0", reorderPoint: "1", reorderQuantity: "4" },
      ],
      totalLines: 2,
      more: true,
    });
    expect(result.records).toEqual([{ recordType: "product", id: p.gadget.id, label: "GAD-7 Gadget", href: `/inventory/products/${p.gadget.id}` }]);
    const all = await s.readOnly((tx) => lowStockTool.run(tx, s.viewerActor, { limit: 10 }));
    expect((all.data as { items: { sku: string; available: string }[] }).items.map((i) => [i.sku, i.available])).toEqual([
      ["GAD-7", "0"],
      ["WID-100", "7"],
    ]);
    const inMain = await s.readOnly((tx) => lowStockTool.run(tx, s.viewerActor, { warehouseId: p.main, limit: 10 }));
    expect(inMain.data).toMatchObject({ items: [{ sku: "WID-100", warehouseId: p.main }], totalLines: null, more: false });
  });

  it("refuse a search with nothing to search for or a warehouse that is not an id, with a message the model can act on", async () => {
    const s = await stockroom();
    await expect(s.readOnly((tx) => productStockTool.run(tx, s.viewerActor, { query: "---", limit: 3 }))).rejects.toMatchObject({
      fields: { query: ["Search with at least one letter or digit."] },
    });
    await expect(s.readOnly((tx) => lowStockTool.run(tx, s.viewerActor, { warehouseId: "East depot", limit: 3 }))).rejects.toBeInstanceOf(ValidationFailed);
    expect(productStockTool.input.safeParse({ query: "widget", limit: 6 }).success).toBe(false);
    expect(lowStockTool.input.safeParse({ limit: 26 }).success).toBe(false);
  });

  it("are for whoever may read inventory: the minimum role is INVENTORY.read", () => {
    expect(productStockTool.minimumRole).toBe(INVENTORY.read);
    expect(lowStockTool.minimumRole).toBe(INVENTORY.read);
  });

  it("find nothing of another tenant's products", async () => {
    const a = await stockroom();
    await stocked(a);
    const b = await stockroom();
    const stock = await b.readOnly((tx) => productStockTool.run(tx, b.viewerActor, { query: "WID-100", limit: 5 }));
    expect(stock.data).toEqual({ products: [], more: false });
    const low = await b.readOnly((tx) => lowStockTool.run(tx, b.viewerActor, { limit: 25 }));
    expect(low.data).toEqual({ items: [], totalLines: 0, more: false });
  });
});
