import { defineModule } from "../define";
import { inventoryLifecycle } from "./lifecycle";
import { inventoryNav } from "./nav";
import { inventorySearchers } from "./search";

/** Inventory: products, warehouses and lots, the stock ledger and its valuation. */
export const inventoryModule = defineModule({
  id: "inventory",
  lifecycle: inventoryLifecycle,
  nav: inventoryNav,
  searchers: inventorySearchers,
});
