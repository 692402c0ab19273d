import { withTenant, type Actor, type TenantTx } from "../../server/db/tenant";
import { createProduct } from "../../server/modules/inventory/catalog/products";
import { defaultWarehouseId } from "../../server/modules/inventory/catalog/warehouses";
import { setReorderRule } from "../../server/modules/inventory/stock/reads";
import { receiveStock, reserveStock } from "../../server/modules/inventory/stock/stock";

/**
 * Test support for low stock: a product in the tenant's default warehouse with an optional
 * reorder rule, stock received and some of it reserved, all through the services.
 */
export async function stockedProduct(
  tenantId: string,
  actor: Actor,
  spec: { name: string; sku?: string; onHand?: string; reserved?: string; reorderPoint?: string; active?: boolean },
): Promise<{ productId: string; warehouseId: string; sku: string }> {
  const sku = spec.sku ?? `${spec.name.toUpperCase().replace(/[^A-Z0-9]+/g, "-")}-${crypto.randomUUID().slice(0, 6)}`;
  const run = <T,>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId, userId: actor.userId, role: actor.role }, fn);
  return run(async (tx) => {
    const product = await createProduct(tx, actor, { sku, name: spec.name, active: spec.active ?? true });
    const warehouseId = await defaultWarehouseId(tx);
    if (spec.onHand) await receiveStock(tx, actor, { productId: product.id, warehouseId, quantity: spec.onHand, unitCost: "100" });
    if (spec.reserved) await reserveStock(tx, actor, { productId: product.id, warehouseId, quantity: spec.reserved, referenceType: "invoice", referenceId: `INV-${sku}` });
    if (spec.reorderPoint) await setReorderRule(tx, actor, { productId: product.id, warehouseId, reorderPoint: spec.reorderPoint, reorderQuantity: "10" });
    return { productId: product.id, warehouseId, sku };
  });
}
