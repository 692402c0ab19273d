import { defineModule } from "../define";
import { inventoryLifecycle } from "./lifecycle";
import { inventoryNav } from "./nav";
import { inventorySearchers } from "./search";
import { inventoryTrashPurgeJob } from "./trash";

/** Inventory: products, warehouses and lots, the stock ledger and its valuation. */
export const inventoryModule = defineModule({
  id: "inventory",
  jobs: [inventoryTrashPurgeJob],
  lifecycle: inventoryLifecycle,
  nav: inventoryNav,
  searchers: inventorySearchers,
});
