import { parseListState, type ListSpec } from "@/components/records/list-state";

/*
 * The inputs of the queries the inventory pages show first, shared by the client components
 * and the server's prefetch (src/app/t/[slug]/inventory/prefetch.ts): the same input gives
 * the same query key, so the browser finds the server's data in its cache. No "use client".
 */

/** Rows per page of the product list. */
export const PRODUCT_PAGE_SIZE = 50;
/** Movements per page of a product's history. */
export const HISTORY_PAGE_SIZE = 25;

export type ProductSortField = "updatedAt" | "name" | "sku";

/** The product list's state in the URL: `yes`/`no` for the three switches. */
export type ProductListQuery = {
  sort: { field: ProductSortField; direction: "asc" | "desc" };
  custom?: Record<string, string>;
  q?: string;
  category?: string;
  active?: string;
  lotTracked?: string;
  lowStock?: string;
};

export const PRODUCT_LIST: ListSpec<ProductListQuery> = {
  filters: {
    q: { kind: "text", param: "q", input: "q" },
    category: { kind: "text", param: "category", input: "category" },
    active: { kind: "text", param: "active", input: "active" },
    lotTracked: { kind: "text", param: "lot", input: "lotTracked" },
    lowStock: { kind: "text", param: "low", input: "lowStock" },
  },
  sortFields: ["updatedAt", "name", "sku"],
  defaultSort: { field: "updatedAt", direction: "desc" },
};

const yesNo = (value: string | undefined): boolean | undefined => (value === "yes" ? true : value === "no" ? false : undefined);

/** inventory.products.list's input for the list's state (one page). */
export function toProductListInput(query: ProductListQuery) {
  const filters: { q?: string; category?: string; active?: boolean; lotTracked?: boolean; lowStock?: boolean } = {};
  if (query.q) filters.q = query.q;
  if (query.category) filters.category = query.category;
  const active = yesNo(query.active);
  if (active !== undefined) filters.active = active;
  const lotTracked = yesNo(query.lotTracked);
  if (lotTracked !== undefined) filters.lotTracked = lotTracked;
  if (query.lowStock === "yes") filters.lowStock = true;
  return { filters, sort: query.sort, limit: PRODUCT_PAGE_SIZE };
}

export function readProductList(params: URLSearchParams): ProductListQuery {
  return parseListState(PRODUCT_LIST, params);
}

/** A product's movement history, all warehouses, newest first. */
export function historyInput(productId: string) {
  return { productId, limit: HISTORY_PAGE_SIZE };
}

/** Stock valuation as of a day ("YYYY-MM-DD"), or now. */
export function valuationInput(asOf: string | undefined) {
  return { asOf: asOf ?? null };
}

/** Low stock, in one warehouse or all. */
export function lowStockInput(warehouseId: string | undefined) {
  return { warehouseId: warehouseId ?? null };
}
