import { sql } from "drizzle-orm";
import { fullTextSearcher, type Searcher } from "../../records/search";

/** The global search finds products by SKU, name, barcode and category. */
export const inventorySearchers: Searcher[] = [
  fullTextSearcher({
    id: "inventory.products",
    label: "Products",
    type: "product",
    table: sql`inventory_products`,
    search: sql`r.search`,
    title: sql`r.name`,
    subtitle: sql`r.sku`,
    name: sql`r.name`,
    where: sql`r.deleted_at is null`,
  }),
];
