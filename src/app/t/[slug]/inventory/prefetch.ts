import "server-only";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { cache } from "react";
import { historyInput, lowStockInput, readProductList, toProductListInput, valuationInput } from "@/components/inventory/first-page";
import { isUuid } from "@/components/records/list-state";
import { getTenantPage } from "@/server/tenant-page";
import { getQueryClient, serverCaller, serverTrpc } from "@/trpc/server";
import { toSearchParams } from "../crm/prefetch";

/*
 * What the inventory pages show first, fetched on the server into the request's query
 * cache and handed to the browser with <HydrateClient>. Inputs come from
 * components/inventory/first-page.ts, the functions the client components use, so the
 * query keys match. A query that fails here is left out: the component fetches it itself
 * and shows its own error.
 */

const prefetcher = cache((tenantId: string) => ({ trpc: serverTrpc(tenantId), queryClient: getQueryClient() }));
const nextCursor = (page: { nextCursor?: string | null }) => page.nextCursor;


/** The product list's first page for the page's URL, with the category filter's choices and the viewer's saved views (a view's columns). */
export async function prefetchProductList(tenantId: string, search: Record<string, string | string[] | undefined>): Promise<void> {
  const { trpc, queryClient } = prefetcher(tenantId);
  const input = toProductListInput(readProductList(toSearchParams(search)));
  await Promise.all([
    queryClient.prefetchInfiniteQuery(trpc.inventory.products.list.infiniteQueryOptions(input, { getNextPageParam: nextCursor })),
    queryClient.prefetchQuery(trpc.inventory.products.categories.queryOptions()),
    queryClient.prefetchQuery(trpc.inventory.views.list.queryOptions({ entityType: "product" })),
  ]);
}

function isNotFound(error: unknown): boolean {
  return error instanceof TRPCError ? error.code === "NOT_FOUND" : (error as { code?: unknown } | null)?.code === "NOT_FOUND";
}

/** The product (inventory.products.get, into the query cache), or null when it does not exist (or is in the trash). Once per request. */
export const loadProduct = cache(async (tenantId: string, id: string) => {
  if (!isUuid(id)) return null;
  const { trpc, queryClient } = prefetcher(tenantId);
  try {
    return await queryClient.fetchQuery(trpc.inventory.products.get.queryOptions({ id }));
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
});

/** Everything the product page's first paint shows, in one round (the product's own query is shared with the check). */
export const loadProductPage = cache(async (tenantId: string, id: string) => {
  const { trpc, queryClient } = prefetcher(tenantId);
  await Promise.all([
    loadProduct(tenantId, id).catch(() => null),
    queryClient.prefetchInfiniteQuery(trpc.inventory.stock.history.infiniteQueryOptions(historyInput(id), { getNextPageParam: nextCursor })),
    queryClient.prefetchQuery(trpc.inventory.stock.series.queryOptions({ productId: id })),
    queryClient.prefetchQuery(trpc.inventory.warehouses.list.queryOptions()),
  ]);
});

/**
 * The product layout's check, made outside any loading boundary so that a product that does
 * not exist for this viewer answers HTTP 404 (with ../not-found.tsx) before anything streams.
 */
export async function requireRecord(slug: string, id: string): Promise<void> {
  const { org } = await getTenantPage(slug);
  if (org.suspendedAt) return;
  void loadProductPage(org.id, id).catch(() => null);
  // In the trash: its page says so, with Restore; missing: 404.
  if ((await loadProduct(org.id, id)) === null && !(await loadTrashedProduct(org.id, id))) notFound();
}

/** The product in the trash, when the page's product is there: its page then says so, with Restore, instead of a 404. Null otherwise. */
export const loadTrashedProduct = cache(async (tenantId: string, id: string) => {
  if (!isUuid(id)) return null;
  return (await serverCaller(tenantId)).inventory.trash.find({ kind: "product", id });
});

export async function prefetchValuation(tenantId: string, asOf: string | undefined): Promise<void> {
  const { trpc, queryClient } = prefetcher(tenantId);
  await queryClient.prefetchQuery(trpc.inventory.stock.valuation.queryOptions(valuationInput(asOf)));
}

export async function prefetchLowStock(tenantId: string, warehouseId: string | undefined): Promise<void> {
  const { trpc, queryClient } = prefetcher(tenantId);
  await Promise.all([
    queryClient.prefetchQuery(trpc.inventory.stock.lowStock.queryOptions(lowStockInput(warehouseId))),
    queryClient.prefetchQuery(trpc.inventory.warehouses.list.queryOptions()),
  ]);
}
