import { defineModule } from "../define";
import { INVENTORY_IMPORT_EVENT, inventoryImportJob } from "./jobs";
import { inventoryLifecycle } from "./lifecycle";
import { inventoryNav } from "./nav";
import { inventorySearchers } from "./search";
import { inventoryTrashPurgeJob } from "./trash";

/** Inventory: products, warehouses and lots, the stock ledger and its valuation. */
export const inventoryModule = defineModule({
  id: "inventory",
  jobs: [inventoryImportJob, inventoryTrashPurgeJob],
  events: [INVENTORY_IMPORT_EVENT],
  lifecycle: inventoryLifecycle,
  nav: inventoryNav,
  searchers: inventorySearchers,
});
