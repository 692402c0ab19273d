import type { JobActor } from "../../jobs/define";
import type { TenantTx } from "../../db/tenant";
import { createProduct } from "./catalog/products";
import { defaultWarehouseId } from "./catalog/warehouses";
import { setReorderRule } from "./stock/reads";
import { receiveStock, shipStock } from "./stock/stock";

const DAY = 24 * 60 * 60 * 1000;

/** The demo organization's products and a few weeks of stock movements, through the module's own services. */
export async function seedInventoryDemo(tx: TenantTx, owner: JobActor): Promise<void> {
  const actor = { userId: owner.userId, role: "owner" as const };
  const warehouseId = await defaultWarehouseId(tx);
  const now = Date.now();
  const products = [
    { sku: "DESK-OAK", name: "Oak standing desk", category: "Furniture", salePriceMinor: 64900n, costs: [32000, 34000], ships: [3, 2, 4], point: "5", reorder: "10" },
    { sku: "CHAIR-ERG", name: "Ergonomic chair", category: "Furniture", salePriceMinor: 39900n, costs: [18000, 17500], ships: [6, 5, 3], point: "8", reorder: "20" },
    { sku: "MON-27", name: "27\" monitor", category: "Electronics", salePriceMinor: 29900n, costs: [15500, 16200], ships: [4, 4, 9], point: "6", reorder: "12" },
    { sku: "CABLE-USB-C", name: "USB-C cable 2 m", category: "Accessories", salePriceMinor: 1900n, costs: [420, 380], ships: [40, 35, 50], point: "50", reorder: "200" },
  ];
  for (const item of products) {
    const product = await createProduct(tx, actor, { sku: item.sku, name: item.name, category: item.category, salePriceMinor: item.salePriceMinor, standardCostMinor: BigInt(item.costs[0]!) });
    const received = item.ships.reduce((a, b) => a + b, 0);
    await receiveStock(tx, actor, { productId: product.id, warehouseId, quantity: String(Math.ceil(received * 0.6)), unitCost: String(item.costs[0]), effectiveAt: new Date(now - 28 * DAY), referenceId: "PO-1001" });
    await shipStock(tx, actor, { productId: product.id, warehouseId, quantity: String(item.ships[0]), effectiveAt: new Date(now - 21 * DAY), referenceId: "SO-2001" });
    await receiveStock(tx, actor, { productId: product.id, warehouseId, quantity: String(Math.ceil(received * 0.5)), unitCost: String(item.costs[1]), effectiveAt: new Date(now - 14 * DAY), referenceId: "PO-1002" });
    await shipStock(tx, actor, { productId: product.id, warehouseId, quantity: String(item.ships[1]), effectiveAt: new Date(now - 7 * DAY), referenceId: "SO-2002" });
    await shipStock(tx, actor, { productId: product.id, warehouseId, quantity: String(item.ships[2]), effectiveAt: new Date(now - 2 * DAY), referenceId: "SO-2003" });
    await setReorderRule(tx, actor, { productId: product.id, warehouseId, reorderPoint: item.point, reorderQuantity: item.reorder });
  }
}
