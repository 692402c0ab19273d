import { defineModule } from "../define";
import { inventoryAiTools } from "./ai-tools";
import { INVENTORY_BULK_EVENT, INVENTORY_IMPORT_EVENT, inventoryBulkJob, inventoryImportJob } from "./jobs";
import { lowStockCron } from "./alerts";
import { LOW_STOCK } from "./events";
import { inventoryHome } from "./home";
import { inventoryLifecycle } from "./lifecycle";
import { PRODUCTS_LIMIT } from "./limits";
import { inventoryNav } from "./nav";
import { inventorySearchers } from "./search";
import { inventoryTrashPurgeJob } from "./trash";

/** Inventory: products, warehouses and lots, the stock ledger and its valuation. */
export const inventoryModule = defineModule({
  id: "inventory",
  jobs: [inventoryImportJob, inventoryTrashPurgeJob, inventoryBulkJob, lowStockCron],
  events: [INVENTORY_IMPORT_EVENT, INVENTORY_BULK_EVENT, LOW_STOCK],
  lifecycle: inventoryLifecycle,
  aiTools: inventoryAiTools,
  nav: inventoryNav,
  searchers: inventorySearchers,
  home: inventoryHome,
  limits: [PRODUCTS_LIMIT],
});
