import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTenant, inTenant } from "../../../test/fixtures";
import { runtimeSql } from "../../db/client";
import { withTenant, type Actor, type TenantTx } from "../../db/tenant";
import { Conflict, NotFound } from "../../platform/errors";
import { listAuditEntries } from "../audit/service";
import { createProduct, deleteProduct, getProduct, listCategories, listProducts } from "./catalog/products";
import { defaultWarehouseId } from "./catalog/warehouses";
import { setReorderRule } from "./stock/reads";
import { receiveStock } from "./stock/stock";
import { inventoryTrash, inventoryTrashPurgeJob } from "./trash";

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

async function setup() {
  const { org, owner } = await createTenant();
  const actor: Actor = { userId: owner.id, role: "owner" };
  const run = <T,>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
  const warehouseId = await run((tx) => defaultWarehouseId(tx));
  return { tenantId: org.id, actor, run, warehouseId };
}

const uniqueSku = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

/** Every row that belongs to a product, as stored (the trash columns left out: they are what changes). */
async function productState(tx: TenantTx, id: string) {
  return {
    product: await tx.execute(sql`
      select id, sku, name, description, unit, unit_decimals, category, barcode, currency, sale_price_minor::text, standard_cost_minor::text,
             tax_category, active, lot_tracked, created_by, created_at, updated_at
        from inventory_products where id = ${id}`),
    levels: await tx.execute(sql`select warehouse_id, on_hand::text, reserved::text, value::text, average_cost::text, updated_at from inventory_levels where product_id = ${id} order by warehouse_id`),
    lots: await tx.execute(sql`select id, number, expires_on::text from inventory_lots where product_id = ${id} order by id`),
    lotLevels: await tx.execute(sql`select lot_id, warehouse_id, on_hand::text from inventory_lot_levels where product_id = ${id} order by lot_id`),
    rules: await tx.execute(sql`select warehouse_id, reorder_point::text, reorder_quantity::text from inventory_reorder_rules where product_id = ${id}`),
    segments: await tx.execute(sql`select id, starts_at, average_cost::text, out_value::text from inventory_cost_segments where product_id = ${id} order by starts_at`),
    movements: await tx.execute(sql`select id, kind, quantity::text, value::text from inventory_movements where product_id = ${id} order by seq`),
  };
}

describe("the product trash", () => {
  it("hides a deleted product everywhere and restores it exactly, stock, lots and rules included, audited", async () => {
    const { actor, run, warehouseId } = await setup();
    const product = await run((tx) => createProduct(tx, actor, { sku: uniqueSku("LOT"), name: "Trash Serum", category: "Trash test", lotTracked: true, salePriceMinor: 1999n }));
    await run((tx) => receiveStock(tx, actor, { productId: product.id, warehouseId, quantity: "12", unitCost: "350", lot: { number: "L-1", expiresOn: "2031-01-31" } }));
    await run((tx) => setReorderRule(tx, actor, { productId: product.id, warehouseId, reorderPoint: "20", reorderQuantity: "50" }));
    const before = await run((tx) => productState(tx, product.id));
    const shownBefore = await run((tx) => getProduct(tx, product.id));

    await run((tx) => deleteProduct(tx, actor, product.id));
    expect(await failure(run((tx) => getProduct(tx, product.id)))).toEqual(new NotFound("This product is in the trash. Restore it from Inventory → Trash to open it."));
    const list = await run((tx) => listProducts(tx, {}));
    expect(list.items.map((p) => p.id)).not.toContain(product.id);
    expect(await run((tx) => listCategories(tx))).not.toContain("Trash test");
    // No stock moves for a trashed product.
    expect(await failure(run((tx) => receiveStock(tx, actor, { productId: product.id, warehouseId, quantity: "1", unitCost: "1", lot: { number: "L-1" } })))).toBeInstanceOf(NotFound);
    // Deleting it again: already in the trash.
    expect(await failure(run((tx) => deleteProduct(tx, actor, product.id)))).toEqual(new NotFound("This product is already in the trash."));

    const trash = await run((tx) => inventoryTrash.listTrash(tx, {}));
    expect(trash.items).toEqual([expect.objectContaining({ kind: "product", id: product.id, title: "Trash Serum", subtitle: product.sku, daysLeft: 30, deletedBy: { id: actor.userId, name: expect.any(String) } })]);
    expect(await run((tx) => inventoryTrash.findTrashed(tx, { kind: "product", id: product.id }))).toMatchObject({ id: product.id, title: "Trash Serum" });

    await run((tx) => inventoryTrash.restoreRecord(tx, actor, { kind: "product", id: product.id }));
    expect(await run((tx) => productState(tx, product.id))).toEqual(before);
    expect(await run((tx) => getProduct(tx, product.id))).toEqual(shownBefore);
    expect((await run((tx) => inventoryTrash.listTrash(tx, {}))).items).toEqual([]);
    expect(await run((tx) => inventoryTrash.findTrashed(tx, { kind: "product", id: product.id }))).toBeNull();
    // Restoring a live product is refused.
    expect(await failure(run((tx) => inventoryTrash.restoreRecord(tx, actor, { kind: "product", id: product.id })))).toEqual(new Conflict("This product is not in the trash."));

    const audit = await run((tx) => listAuditEntries(tx, { entityId: product.id }, { withSnapshots: true }));
    const actions = audit.items.map((e) => e.action);
    expect(actions.slice(0, 2)).toEqual(["inventory.product.restored", "inventory.product.deleted"]);
    expect(audit.items[1]).toMatchObject({ before: expect.objectContaining({ sku: product.sku, name: "Trash Serum", salePriceMinor: "1999" }) });
  });

  it("refuses to delete forever a product with stock movements, with the reason, changing nothing", async () => {
    const { actor, run, warehouseId } = await setup();
    const product = await run((tx) => createProduct(tx, actor, { sku: uniqueSku("MOV"), name: "Moved Widget" }));
    await run((tx) => receiveStock(tx, actor, { productId: product.id, warehouseId, quantity: "5", unitCost: "100" }));
    // Only a product in the trash can be deleted forever.
    expect(await failure(run((tx) => inventoryTrash.purgeRecord(tx, actor, { kind: "product", id: product.id })))).toEqual(
      new Conflict("Only a product in the trash can be deleted forever. Delete it first."),
    );
    await run((tx) => deleteProduct(tx, actor, product.id));
    const before = await run((tx) => productState(tx, product.id));

    const refused = await failure(run((tx) => inventoryTrash.purgeRecord(tx, actor, { kind: "product", id: product.id })));
    expect(refused).toBeInstanceOf(Conflict);
    expect(refused.message).toBe(
      `Moved Widget (${product.sku}) has stock movements: it can stay in the trash or be restored, not deleted forever. The stock ledger is append-only and keeps every movement of the product.`,
    );
    expect(await run((tx) => productState(tx, product.id))).toEqual(before);
    expect((await run((tx) => inventoryTrash.listTrash(tx, {}))).items.map((i) => i.id)).toEqual([product.id]);
    const audit = await run((tx) => listAuditEntries(tx, { entityId: product.id }));
    expect(audit.items.map((e) => e.action)).not.toContain("inventory.product.purged");
  });

  it("deletes forever a product without movements, with its lots and reorder rules, audited", async () => {
    const { actor, run, warehouseId } = await setup();
    const product = await run((tx) => createProduct(tx, actor, { sku: uniqueSku("NEW"), name: "Never Stocked" }));
    await run((tx) => setReorderRule(tx, actor, { productId: product.id, warehouseId, reorderPoint: "1", reorderQuantity: "2" }));
    await run((tx) => deleteProduct(tx, actor, product.id));
    await run((tx) => inventoryTrash.purgeRecord(tx, actor, { kind: "product", id: product.id }));
    const after = await run((tx) => productState(tx, product.id));
    expect(after).toEqual({ product: [], levels: [], lots: [], lotLevels: [], rules: [], segments: [], movements: [] });
    const audit = await run((tx) => listAuditEntries(tx, { entityId: product.id }, { withSnapshots: true }));
    expect(audit.items[0]).toMatchObject({ action: "inventory.product.purged", after: { reason: "deleted_forever" }, before: expect.objectContaining({ name: "Never Stocked" }) });
    // Its SKU is free again.
    await run((tx) => createProduct(tx, actor, { sku: product.sku.toLowerCase(), name: "Reuses the SKU" }));
  });

  it("the daily job purges expired products without movements and keeps those with movements in the trash", async () => {
    const { tenantId, actor, run, warehouseId } = await setup();
    const old = await run(async (tx) => {
      const made = [];
      for (let n = 0; n < 3; n++) made.push(await createProduct(tx, actor, { sku: uniqueSku(`OLD${n}`), name: `Old ${n}` }));
      return made;
    });
    const moved = await run((tx) => createProduct(tx, actor, { sku: uniqueSku("OLDMOV"), name: "Old moved" }));
    await run((tx) => receiveStock(tx, actor, { productId: moved.id, warehouseId, quantity: "1", unitCost: "1" }));
    const young = await run((tx) => createProduct(tx, actor, { sku: uniqueSku("YOUNG"), name: "Young" }));
    for (const p of [...old, moved, young]) await run((tx) => deleteProduct(tx, actor, p.id));
    await inTenant(tenantId, (tx) => tx.execute(sql`update inventory_products set deleted_at = now() - interval '31 days' where name like 'Old %'`));

    const due = async () => (await runtimeSql()<{ tenant_id: string }[]>`select tenant_id from neuroops_inventory_trash_due(30)`).map((r) => r.tenant_id);
    expect(await due()).toContain(tenantId);
    expect(await inventoryTrash.purgeTenant(tenantId, 2)).toBe(3);
    expect(await due()).not.toContain(tenantId);
    await inTenant(tenantId, async (tx) => {
      expect(await tx.execute(sql`select name from inventory_products where deleted_at is not null order by name`)).toEqual([{ name: "Old moved" }, { name: "Young" }]);
      const purged = await tx.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'inventory.product.purged' and after->>'reason' = 'expired'`);
      expect(purged[0]!.n).toBe(3);
    });

    // The scheduled job finds the tenant by itself.
    const again = await run((tx) => createProduct(tx, actor, { sku: uniqueSku("AGAIN"), name: "Old again" }));
    await run((tx) => deleteProduct(tx, actor, again.id));
    await inTenant(tenantId, (tx) => tx.execute(sql`update inventory_products set deleted_at = now() - interval '40 days' where id = ${again.id}`));
    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const result = (await inventoryTrashPurgeJob.handler({ step: { run: (_id, fn) => fn() }, logger, scheduledAt: new Date() })) as { purged: number };
    expect(result.purged).toBeGreaterThanOrEqual(1);
    expect(await inTenant(tenantId, (tx) => tx.execute(sql`select id from inventory_products where id = ${again.id}`))).toEqual([]);
    expect(await inTenant(tenantId, (tx) => tx.execute(sql`select id from inventory_products where id = ${moved.id}`))).toEqual([{ id: moved.id }]);
  });

  it("serves the trash list from its partial index", async () => {
    const { tenantId } = await setup();
    const plan = await inTenant(tenantId, async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = await tx.execute<{ "QUERY PLAN": string }>(sql`explain select id from inventory_products r where r.deleted_at is not null order by r.deleted_at desc, r.id desc limit 51`);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(plan).toMatch(/inventory_products_trash_idx/);
  });
});
