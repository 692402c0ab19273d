import { defineEvent } from "../../../jobs/events";
import { defineImports, type ImportRequested } from "../../../records/import/engine";
import { INVENTORY } from "../permissions";
import { inventoryImportErrors, inventoryImportFiles, inventoryImportStatus, inventoryImports, type InventoryEntityType } from "../schema";
import { productImportAdapter } from "./adapter";

/*
 * Inventory's CSV import of products, on the records import engine
 * (src/server/records/import): the upload route (POST /api/inventory/imports) stores a
 * draft, the inventory.imports.* procedures map, preview and start it, and
 * inventoryImportJob (../jobs.ts) runs it in batches.
 */

export const INVENTORY_IMPORT_EVENT = defineEvent<ImportRequested>("inventory/import.requested");

export const {
  createImportInput,
  importListInput,
  importErrorsInput,
  importMappingInput,
  createImport,
  uploadImport,
  getImport,
  listImports,
  listImportErrors,
  previewImport,
  startImport,
  cancelImport,
  runImport,
  failImport,
} = defineImports<InventoryEntityType>({
  tables: { status: inventoryImportStatus, imports: inventoryImports, files: inventoryImportFiles, errors: inventoryImportErrors },
  adapters: { product: productImportAdapter },
  entityTypeMessage: "Choose what the file holds: products.",
  event: INVENTORY_IMPORT_EVENT,
  audit: "inventory.import",
  roles: { import: INVENTORY.edit, manageAll: INVENTORY.manageOthers },
});
