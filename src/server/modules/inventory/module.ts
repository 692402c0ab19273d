import { defineModule } from "../define";
import { lowStockCron } from "./alerts";
import { LOW_STOCK } from "./events";
import { inventoryHome } from "./home";
import { inventoryLifecycle } from "./lifecycle";
import { inventoryNav } from "./nav";
import { inventorySearchers } from "./search";

/** Inventory: products, warehouses and lots, the stock ledger and its valuation. */
export const inventoryModule = defineModule({
  id: "inventory",
  jobs: [lowStockCron],
  events: [LOW_STOCK],
  lifecycle: inventoryLifecycle,
  nav: inventoryNav,
  searchers: inventorySearchers,
  home: inventoryHome,
});
