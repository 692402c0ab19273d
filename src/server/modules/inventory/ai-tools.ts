import { z } from "zod";
import type { Actor, TenantTx } from "../../db/tenant";
import { parseInput, plainText } from "../../platform/validate";
import { prefixQuery } from "../../records/lists";
import { clipForModel, type AiRecordRef, type AiTool } from "../define";
import { getProduct, listProducts } from "./catalog/products";
import { inventoryNav } from "./nav";
import { INVENTORY } from "./permissions";
import { lowStock, lowStockCount } from "./stock/reads";

/*
 * The AI assistant's read-only tools over inventory (see AiTool in ../define.ts), through the
 * module's own reads: the product list's search, a product's stock per warehouse and the
 * low-stock report. Invalid input throws a DomainError (ValidationFailed) with a message the
 * model can act on, like every service. Quantities are exact decimal text ("12.5") in the
 * product's unit.
 */

const MAX_PRODUCTS = 5;
const MAX_WAREHOUSES = 20;
const MAX_LOW_STOCK = 25;

/** Long free text cut for the model: its context is small and these are labels, not documents. */

/** The product page the global search links to (./nav.ts). */
function productHref(id: string): string {
  const kind = inventoryNav.search?.kinds.find((k) => k.type === "product");
  if (!kind) throw new Error("inventory nav: no search kind product");
  return kind.href(id);
}

const productRef = (p: { id: string; sku: string; name: string }): AiRecordRef => ({ recordType: "product", id: p.id, label: `${p.sku} ${clipForModel(p.name, 80)}`, href: productHref(p.id) });

const productStockInput = z.object({
  query: plainText()
    .trim()
    .min(1, "Give a SKU, barcode or product name.")
    .max(100, "Search for at most 100 characters.")
    .refine((q) => prefixQuery(q) !== null, "Search with at least one letter or digit."),
  limit: z.number().int().min(1).max(MAX_PRODUCTS).default(3),
});

export const productStockTool: AiTool<z.output<typeof productStockInput>> = {
  name: "product_stock",
  description:
    "Stock of products found by SKU, barcode, name or category words (an exact SKU match comes first): per warehouse the quantity on hand, reserved and available (on hand − reserved) and the reorder point, plus the totals. Up to `limit` (max 5) products, products in the trash left out.",
  input: productStockInput,
  minimumRole: INVENTORY.read,
  async run(tx: TenantTx, _actor: Actor, rawInput) {
    const input = parseInput(productStockInput, rawInput);
    // A few more than asked, so that an exact SKU beyond the first page of name order still comes first.
    const page = await listProducts(tx, { filters: { q: input.query }, sort: { field: "name", direction: "asc" }, limit: MAX_PRODUCTS * 2 });
    const sku = input.query.toLowerCase();
    const found = [...page.items.filter((p) => p.sku.toLowerCase() === sku), ...page.items.filter((p) => p.sku.toLowerCase() !== sku)];
    const chosen = found.slice(0, input.limit);
    const products = [];
    for (const item of chosen) {
      const product = await getProduct(tx, item.id);
      products.push({
        id: product.id,
        sku: product.sku,
        name: clipForModel(product.name),
        unit: product.unit,
        active: product.active,
        onHand: item.onHand,
        reserved: item.reserved,
        available: item.available,
        lowStock: item.lowStock,
        warehouses: product.stock.slice(0, MAX_WAREHOUSES).map((s) => ({
          id: s.warehouseId,
          code: s.warehouseCode,
          name: clipForModel(s.warehouseName),
          onHand: s.onHand,
          reserved: s.reserved,
          available: s.available,
          reorderPoint: s.reorderPoint,
        })),
        moreWarehouses: product.stock.length > MAX_WAREHOUSES,
      });
    }
    return { data: { products, more: found.length > chosen.length || page.nextCursor !== null }, records: products.map(productRef) };
  },
};

const lowStockToolInput = z.object({
  /** Only this warehouse (its id, as product_stock gives it). */
  warehouseId: z.uuid("Give a warehouse id as product_stock returns it.").optional(),
  limit: z.number().int().min(1).max(MAX_LOW_STOCK).default(10),
});

export const lowStockTool: AiTool<z.output<typeof lowStockToolInput>> = {
  name: "low_stock",
  description:
    "Active products at or below their reorder point in a warehouse (available = on hand − reserved ≤ reorder point), furthest below first: SKU, name, warehouse, on hand, reserved, available, reorder point and the quantity to reorder. Up to `limit` (max 25) product × warehouse lines, whether there are more, and (without `warehouseId`) how many lines in all.",
  input: lowStockToolInput,
  minimumRole: INVENTORY.read,
  async run(tx: TenantTx, _actor: Actor, rawInput) {
    const input = parseInput(lowStockToolInput, rawInput);
    // One more than asked: whether the list goes on.
    const rows = await lowStock(tx, { warehouseId: input.warehouseId, limit: input.limit + 1 });
    const items = rows.slice(0, input.limit).map((r) => ({
      productId: r.productId,
      sku: r.sku,
      name: clipForModel(r.name),
      unit: r.unit,
      warehouseId: r.warehouseId,
      warehouse: clipForModel(r.warehouseName),
      onHand: r.onHand,
      reserved: r.reserved,
      available: r.available,
      reorderPoint: r.reorderPoint,
      reorderQuantity: r.reorderQuantity,
    }));
    // lowStockCount counts every warehouse: given only when no warehouse was asked.
    const totalLines = input.warehouseId ? null : await lowStockCount(tx);
    const seen = new Set<string>();
    const records = items.filter((i) => !seen.has(i.productId) && seen.add(i.productId)).map((i) => productRef({ id: i.productId, sku: i.sku, name: i.name }));
    return { data: { items, totalLines, more: rows.length > input.limit }, records };
  },
};

export const inventoryAiTools: AiTool[] = [productStockTool, lowStockTool];
