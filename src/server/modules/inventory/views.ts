import { savedViews } from "../../records/views";
import { productListInput } from "./catalog/products";
import { inventorySavedViews } from "./schema";
import { PRODUCT_LIST_COLUMNS } from "./validation";

/*
 * Saved views of the product list (src/server/records/views.ts): a view keeps the list's
 * filters (q, category, active, lotTracked, lowStock), its sort and the columns shown.
 * Personal: each member sees and changes only their own.
 */
export const { createViewInput, updateViewInput, listViews, createView, updateView, deleteView } = savedViews({
  table: inventorySavedViews,
  listInputs: { product: productListInput },
  columns: { product: async () => PRODUCT_LIST_COLUMNS },
  audit: "inventory.view",
});
