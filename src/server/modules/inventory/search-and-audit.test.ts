import { describe, expect, it } from "vitest";
import { withTenant } from "../../db/tenant";
import { callerFor, createTenant } from "../../../test/fixtures";
import { auditSentence } from "../audit/describe";
import { describeAudit } from "../nav";
import { createProduct } from "./catalog/products";
import { defaultWarehouseId } from "./catalog/warehouses";
import { adjustStock, receiveStock } from "./stock/stock";

describe("inventory in the global search and the audit log", () => {
  it("finds products by SKU (whole, its start, or its parts), name, barcode and category", async () => {
    const { org, owner } = await createTenant();
    const api = callerFor(owner, org.id);
    const product = await api.inventory.products.create({ sku: "ACME-BOLT-M8", name: "Hex bolt M8", barcode: "4006381333931", category: "Fasteners" });
    for (const q of ["ACME-BOLT-M8", "acme-bolt", "bolt m8", "Hex bo", "4006381333931", "Fasteners"]) {
      const hits = await api.search.query({ q });
      expect(hits.find((h) => h.type === "product"), q).toMatchObject({ id: product.id, title: "Hex bolt M8", subtitle: "ACME-BOLT-M8" });
    }
  });

  it("reads movements as sentences that name the product, the quantity and the warehouse, linked to the product", async () => {
    const { org, owner } = await createTenant();
    const actor = { userId: owner.id, role: "owner" as const };
    await withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, async (tx) => {
      const product = await createProduct(tx, actor, { sku: "DESK-1", name: "Oak desk" });
      const warehouseId = await defaultWarehouseId(tx);
      await receiveStock(tx, actor, { productId: product.id, warehouseId, quantity: "10", unitCost: "100" });
      await adjustStock(tx, actor, { productId: product.id, warehouseId, quantity: "-2", reason: "damage" });
    });
    const { items } = await callerFor(owner, org.id).audit.list({ limit: 10 });
    const sentences = items.filter((e) => e.entityType === "inventory.product").map((e) => ({ text: auditSentence("Dana", describeAudit(e)), href: describeAudit(e).href }));
    expect(sentences.map((s) => s.text)).toEqual([
      "Dana adjusted the stock of product “Oak desk” by −2 pcs in Main warehouse (damaged)",
      "Dana received 10 pcs of product “Oak desk” into Main warehouse",
      "Dana created product “Oak desk”",
    ]);
    for (const s of sentences) expect(s.href).toMatch(/^\/inventory\/products\/[0-9a-f-]{36}$/);
  });
});
