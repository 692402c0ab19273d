import { withTenant } from "../../db/tenant";
import { defineIsolation } from "../../../test/isolation";
import { runBulk } from "./bulk";
import { setProductImage } from "./catalog/images";
import { createProduct, deleteProduct } from "./catalog/products";
import { createWarehouse, defaultWarehouseId } from "./catalog/warehouses";
import { createImport } from "./imports/imports";
import { receiveStock } from "./stock/stock";
import { createView } from "./views";

/** A 1×1 PNG. */
const TINY_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

let sequence = 0;
const IMPORT_MAPPING = { SKU: "sku", Name: "name" };
const next = () => `${Date.now().toString(36)}${sequence++}`;

/**
 * Inventory (test support for the isolation table): a stocked product, a lot-free
 * second warehouse, and the default one. Stock operations use small quantities so the
 * role matrix's repeated calls never run the fixture's stock out.
 */
export const inventoryIsolation = defineIsolation({
  module: "inventory",
  async buildFixture({ tenantId, owner, name }) {
    return withTenant({ tenantId, userId: owner.id, role: "owner" }, async (tx) => {
      const actor = { userId: owner.id, role: "owner" as const };
      const product = await createProduct(tx, actor, { sku: `ISO-${next()}`, name: `${name} product` });
      const warehouseId = await defaultWarehouseId(tx);
      const second = await createWarehouse(tx, actor, { code: `W${next()}`.slice(0, 20), name: `${name} second` });
      await receiveStock(tx, actor, { productId: product.id, warehouseId, quantity: "1000", unitCost: "100" });
      await setProductImage(tx, product.id, TINY_PNG);
      const deletable = await createProduct(tx, actor, { sku: `DEL-${next()}`, name: `${name} deletable` });
      const trashed = await createProduct(tx, actor, { sku: `TRASH-${next()}`, name: `${name} trashed` });
      await deleteProduct(tx, actor, trashed.id);
      const csv = new TextEncoder().encode(`SKU,Name\r\nIMP-${next()},${name} imported\r\n`);
      const draft = await createImport(tx, actor, { entityType: "product", fileName: `${name} products.csv` }, csv);
      const cancellable = await createImport(tx, actor, { entityType: "product", fileName: `${name} more.csv` }, csv);
      const view = await createView(tx, actor, { entityType: "product", name: `${name} low stock`, query: { filters: { lowStock: true } } });
      const queue = async () => {
        const started = await runBulk(tx, actor, { entityType: "product", selection: { filters: {} }, action: { type: "setCategory", category: name.slice(0, 40) } });
        if (started.mode !== "queued") throw new Error("the fixture's bulk action should be queued");
        return started.job.id;
      };
      return {
        bulkJobId: await queue(),
        cancellableBulkJobId: await queue(),
        viewId: view.id,
        productId: product.id,
        warehouseId,
        secondWarehouseId: second.id,
        deletableProductId: deletable.id,
        trashedProductId: trashed.id,
        importId: draft.id,
        cancellableImportId: cancellable.id,
      };
    });
  },
  cases: {
    "inventory.products.list": { minimumRole: "viewer", call: (api) => api.inventory.products.list({}) },
    "inventory.products.get": { minimumRole: "viewer", call: (api, ids) => api.inventory.products.get({ id: ids.productId }) },
    "inventory.products.categories": { minimumRole: "viewer", call: (api) => api.inventory.products.categories() },
    "inventory.products.create": { minimumRole: "member", call: (api) => api.inventory.products.create({ sku: `NEW-${next()}`, name: "New product" }) },
    "inventory.products.removeImage": { minimumRole: "member", fresh: true, call: (api, ids) => api.inventory.products.removeImage({ id: ids.productId }) },
    "inventory.products.update": { minimumRole: "member", call: (api, ids) => api.inventory.products.update({ id: ids.productId, description: `Changed ${next()}` }) },
    "inventory.products.delete": { minimumRole: "member", fresh: true, call: (api, ids) => api.inventory.products.delete({ id: ids.deletableProductId }) },
    "inventory.trash.list": { minimumRole: "viewer", call: (api) => api.inventory.trash.list({}) },
    "inventory.trash.find": { minimumRole: "viewer", call: (api, ids) => api.inventory.trash.find({ kind: "product", id: ids.trashedProductId }) },
    "inventory.trash.restore": { minimumRole: "member", fresh: true, call: (api, ids) => api.inventory.trash.restore({ kind: "product", id: ids.trashedProductId }) },
    "inventory.trash.purge": { minimumRole: "admin", fresh: true, call: (api, ids) => api.inventory.trash.purge({ kind: "product", id: ids.trashedProductId }) },
    "inventory.imports.list": { minimumRole: "viewer", call: (api) => api.inventory.imports.list({}) },
    "inventory.imports.get": { minimumRole: "viewer", call: (api, ids) => api.inventory.imports.get({ id: ids.importId }) },
    "inventory.imports.errors": { minimumRole: "viewer", call: (api, ids) => api.inventory.imports.errors({ id: ids.importId }) },
    // Members who did not upload the file get NOT_FOUND (its rows are the uploader's and admins').
    "inventory.imports.preview": { minimumRole: "member", hidesOthersRecords: true, call: (api, ids) => api.inventory.imports.preview({ id: ids.importId, mapping: IMPORT_MAPPING }) },
    "inventory.imports.start": {
      minimumRole: "member",
      hidesOthersRecords: true,
      call: (api, ids) => api.inventory.imports.start({ id: ids.importId, mapping: IMPORT_MAPPING, onDuplicate: "skip" }),
    },
    "inventory.imports.cancel": { minimumRole: "member", hidesOthersRecords: true, call: (api, ids) => api.inventory.imports.cancel({ id: ids.cancellableImportId }) },
    "inventory.views.list": { minimumRole: "viewer", call: (api) => api.inventory.views.list({ entityType: "product" }) },
    "inventory.views.create": { minimumRole: "viewer", call: (api) => api.inventory.views.create({ entityType: "product", name: `Mine ${next()}`, query: { filters: {} } }) },
    // Saved views are personal: another member's view is NOT_FOUND.
    "inventory.views.update": { minimumRole: "viewer", hidesOthersRecords: true, call: (api, ids) => api.inventory.views.update({ id: ids.viewId, name: `Renamed ${next()}` }) },
    "inventory.views.delete": { minimumRole: "viewer", hidesOthersRecords: true, call: (api, ids) => api.inventory.views.delete({ id: ids.viewId }) },
    "inventory.bulk.run": { minimumRole: "member", call: (api, ids) => api.inventory.bulk.run({ entityType: "product", selection: { ids: [ids.productId] }, action: { type: "setActive", active: true } }) },
    "inventory.bulk.count": { minimumRole: "viewer", call: (api) => api.inventory.bulk.count({ entityType: "product", filters: {} }) },
    // A run is its starter's (and admins'): other members get NOT_FOUND.
    "inventory.bulk.get": { minimumRole: "member", hidesOthersRecords: true, call: (api, ids) => api.inventory.bulk.get({ id: ids.bulkJobId }) },
    "inventory.bulk.cancel": { minimumRole: "member", hidesOthersRecords: true, call: (api, ids) => api.inventory.bulk.cancel({ id: ids.cancellableBulkJobId }) },
    "inventory.warehouses.list": { minimumRole: "viewer", call: (api) => api.inventory.warehouses.list({}) },
    "inventory.warehouses.create": { minimumRole: "admin", call: (api) => api.inventory.warehouses.create({ code: `C${next()}`.slice(0, 20), name: "Created" }) },
    "inventory.warehouses.update": { minimumRole: "admin", call: (api, ids) => api.inventory.warehouses.update({ id: ids.secondWarehouseId, name: `Renamed ${next()}` }) },
    "inventory.warehouses.bins": { minimumRole: "viewer", call: (api, ids) => api.inventory.warehouses.bins({ warehouseId: ids.warehouseId }) },
    "inventory.warehouses.createBin": { minimumRole: "admin", call: (api, ids) => api.inventory.warehouses.createBin({ warehouseId: ids.warehouseId, code: `B${next()}`.slice(0, 20) }) },
    "inventory.stock.receive": { minimumRole: "member", call: (api, ids) => api.inventory.stock.receive({ productId: ids.productId, warehouseId: ids.warehouseId, quantity: "1", unitCost: "100" }) },
    "inventory.stock.ship": { minimumRole: "member", call: (api, ids) => api.inventory.stock.ship({ productId: ids.productId, warehouseId: ids.warehouseId, quantity: "1" }) },
    "inventory.stock.adjust": { minimumRole: "member", call: (api, ids) => api.inventory.stock.adjust({ productId: ids.productId, warehouseId: ids.warehouseId, quantity: "1", reason: "found" }) },
    "inventory.stock.transfer": {
      minimumRole: "member",
      call: (api, ids) => api.inventory.stock.transfer({ productId: ids.productId, fromWarehouseId: ids.warehouseId, toWarehouseId: ids.secondWarehouseId, quantity: "1" }),
    },
    "inventory.stock.history": { minimumRole: "viewer", call: (api, ids) => api.inventory.stock.history({ productId: ids.productId }) },
    "inventory.stock.series": { minimumRole: "viewer", call: (api, ids) => api.inventory.stock.series({ productId: ids.productId }) },
    "inventory.stock.valuation": { minimumRole: "viewer", call: (api) => api.inventory.stock.valuation({}) },
    "inventory.stock.lowStock": { minimumRole: "viewer", call: (api) => api.inventory.stock.lowStock({}) },
    "inventory.stock.setReorderRule": {
      minimumRole: "admin",
      call: (api, ids) => api.inventory.stock.setReorderRule({ productId: ids.productId, warehouseId: ids.warehouseId, reorderPoint: "5", reorderQuantity: "10" }),
    },
  },
});
