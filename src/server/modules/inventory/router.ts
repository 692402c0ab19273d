import { z } from "zod";
import { createTRPCRouter, roleProcedure, tenantProcedure } from "../../api/trpc";
import { createProduct, createProductInput, deleteProduct, getProduct, listCategories, listProducts, productListInput, updateProduct, updateProductInput } from "./catalog/products";
import { binInput, createBin, createWarehouse, createWarehouseInput, listBins, listWarehouses, updateWarehouse, updateWarehouseInput } from "./catalog/warehouses";
import { cancelImport, getImport, importErrorsInput, importListInput, importMappingInput, listImportErrors, listImports, previewImport, startImport } from "./imports/imports";
import { bulkCountInput, bulkInput, cancelBulkJob, countBulkSelection, getBulkJob, runBulk } from "./bulk";
import { removeProductImage } from "./catalog/images";
import { INVENTORY } from "./permissions";
import { inventoryTrash } from "./trash";
import { createView, createViewInput, deleteView, listViews, updateView, updateViewInput } from "./views";
import { historyInput, lowStock, lowStockInput, onHandSeries, reorderRuleInput, setReorderRule, stockHistory, stockValuation, valuationInput } from "./stock/reads";
import { adjustInput, adjustStock, receiveInput, receiveStock, shipInput, shipStock, transferInput, transferStock } from "./stock/stock";

/*
 * Inventory procedures: viewers read, members change products and move stock, admins
 * configure warehouses, bins and reorder rules. Services do the checking; these only
 * check the role.
 */

const idInput = z.object({ id: z.uuid() });

const productsRouter = createTRPCRouter({
  list: tenantProcedure.input(productListInput).query(({ ctx, input }) => listProducts(ctx.db, input)),
  get: tenantProcedure.input(idInput).query(({ ctx, input }) => getProduct(ctx.db, input.id)),
  categories: tenantProcedure.query(({ ctx }) => listCategories(ctx.db)),
  create: roleProcedure(INVENTORY.edit).input(createProductInput).mutation(({ ctx, input }) => createProduct(ctx.db, ctx.actor, input)),
  update: roleProcedure(INVENTORY.edit).input(updateProductInput).mutation(({ ctx, input }) => updateProduct(ctx.db, ctx.actor, input)),
  removeImage: roleProcedure(INVENTORY.edit).input(idInput).mutation(({ ctx, input }) => removeProductImage(ctx.db, input.id)),
  /** Moves the product to the trash (restorable for 30 days). */
  delete: roleProcedure(INVENTORY.edit).input(idInput).mutation(({ ctx, input }) => deleteProduct(ctx.db, ctx.actor, input.id)),
});

/*
 * Inventory → Trash: deleted products for 30 days. Restoring needs what deleting needs
 * (INVENTORY.edit); deleting forever is for admins, and refused for a product with stock
 * movements (the ledger is append-only).
 */
const trashRouter = createTRPCRouter({
  list: tenantProcedure.input(inventoryTrash.listTrashInput).query(({ ctx, input }) => inventoryTrash.listTrash(ctx.db, input)),
  /** One product if it is in the trash (its page's notice), else null. */
  find: tenantProcedure.input(inventoryTrash.refInput).query(({ ctx, input }) => inventoryTrash.findTrashed(ctx.db, input)),
  restore: roleProcedure(INVENTORY.edit).input(inventoryTrash.refInput).mutation(({ ctx, input }) => inventoryTrash.restoreRecord(ctx.db, ctx.actor, input)),
  purge: roleProcedure(INVENTORY.purge).input(inventoryTrash.refInput).mutation(({ ctx, input }) => inventoryTrash.purgeRecord(ctx.db, ctx.actor, input)),
});

const warehousesRouter = createTRPCRouter({
  list: tenantProcedure.input(z.object({ includeArchived: z.boolean().optional() }).optional()).query(({ ctx, input }) => listWarehouses(ctx.db, input ?? {})),
  create: roleProcedure(INVENTORY.configure).input(createWarehouseInput).mutation(({ ctx, input }) => createWarehouse(ctx.db, ctx.actor, input)),
  update: roleProcedure(INVENTORY.configure).input(updateWarehouseInput).mutation(({ ctx, input }) => updateWarehouse(ctx.db, ctx.actor, input)),
  bins: tenantProcedure.input(z.object({ warehouseId: z.uuid() })).query(({ ctx, input }) => listBins(ctx.db, input.warehouseId)),
  createBin: roleProcedure(INVENTORY.configure).input(binInput).mutation(({ ctx, input }) => createBin(ctx.db, ctx.actor, input)),
});

const stockRouter = createTRPCRouter({
  receive: roleProcedure(INVENTORY.edit).input(receiveInput).mutation(({ ctx, input }) => receiveStock(ctx.db, ctx.actor, input)),
  ship: roleProcedure(INVENTORY.edit).input(shipInput).mutation(({ ctx, input }) => shipStock(ctx.db, ctx.actor, input)),
  adjust: roleProcedure(INVENTORY.edit).input(adjustInput).mutation(({ ctx, input }) => adjustStock(ctx.db, ctx.actor, input)),
  transfer: roleProcedure(INVENTORY.edit).input(transferInput).mutation(({ ctx, input }) => transferStock(ctx.db, ctx.actor, input)),
  history: tenantProcedure.input(historyInput).query(({ ctx, input }) => stockHistory(ctx.db, input)),
  series: tenantProcedure.input(z.object({ productId: z.uuid() })).query(({ ctx, input }) => onHandSeries(ctx.db, input.productId)),
  valuation: tenantProcedure.input(valuationInput).query(({ ctx, input }) => stockValuation(ctx.db, input)),
  lowStock: tenantProcedure.input(lowStockInput).query(({ ctx, input }) => lowStock(ctx.db, input)),
  setReorderRule: roleProcedure(INVENTORY.configure).input(reorderRuleInput).mutation(({ ctx, input }) => setReorderRule(ctx.db, ctx.actor, input)),
});

/*
 * CSV imports of products: the upload is a route handler (POST /api/inventory/imports, a
 * file does not fit tRPC); mapping, preview, start and progress are here. Viewers may
 * follow imports; members import; an import's rows are its uploader's (and admins').
 */
const importsRouter = createTRPCRouter({
  list: tenantProcedure.input(importListInput).query(({ ctx, input }) => listImports(ctx.db, input)),
  get: tenantProcedure.input(idInput).query(({ ctx, input }) => getImport(ctx.db, ctx.actor, input.id)),
  errors: tenantProcedure.input(importErrorsInput).query(({ ctx, input }) => listImportErrors(ctx.db, input)),
  preview: roleProcedure(INVENTORY.edit).input(importMappingInput).query(({ ctx, input }) => previewImport(ctx.db, ctx.actor, input)),
  start: roleProcedure(INVENTORY.edit).input(importMappingInput).mutation(({ ctx, input }) => startImport(ctx.db, ctx.actor, input)),
  cancel: roleProcedure(INVENTORY.edit).input(idInput).mutation(({ ctx, input }) => cancelImport(ctx.db, ctx.actor, input.id)),
});

/** Saved views of the product list are personal: every role may keep its own. */
const viewsRouter = createTRPCRouter({
  list: tenantProcedure.input(z.object({ entityType: z.literal("product") })).query(({ ctx, input }) => listViews(ctx.db, ctx.actor, input.entityType)),
  create: tenantProcedure.input(createViewInput).mutation(({ ctx, input }) => createView(ctx.db, ctx.actor, input)),
  update: tenantProcedure.input(updateViewInput).mutation(({ ctx, input }) => updateView(ctx.db, ctx.actor, input)),
  delete: tenantProcedure.input(idInput).mutation(({ ctx, input }) => deleteView(ctx.db, ctx.actor, input.id)),
});

/*
 * Bulk actions on the product list: members run them (each product through its own
 * service); everyone may count a filter's products (the selection bar); a run is its
 * starter's (and admins') to follow and cancel. Exporting a selection is the export route.
 */
const bulkRouter = createTRPCRouter({
  run: roleProcedure(INVENTORY.edit).input(bulkInput).mutation(({ ctx, input }) => runBulk(ctx.db, ctx.actor, input)),
  get: roleProcedure(INVENTORY.edit).input(idInput).query(({ ctx, input }) => getBulkJob(ctx.db, ctx.actor, input.id)),
  cancel: roleProcedure(INVENTORY.edit).input(idInput).mutation(({ ctx, input }) => cancelBulkJob(ctx.db, ctx.actor, input.id)),
  count: tenantProcedure.input(bulkCountInput).query(({ ctx, input }) => countBulkSelection(ctx.db, input)),
});

export const inventoryRouter = createTRPCRouter({
  products: productsRouter,
  warehouses: warehousesRouter,
  stock: stockRouter,
  trash: trashRouter,
  imports: importsRouter,
  views: viewsRouter,
  bulk: bulkRouter,
});
