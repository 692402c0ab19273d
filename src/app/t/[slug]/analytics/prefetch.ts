import "server-only";
import { dashboardInputFromSearch } from "@/components/analytics/dashboard/first-page";
import { getQueryClient, serverTrpc } from "@/trpc/server";

/*
 * What the analytics dashboard shows first, fetched on the server into the request's query
 * cache and handed to the browser with <HydrateClient> (the input from
 * components/analytics/dashboard/first-page.ts, so the keys match). A query that fails here
 * is left out: the component fetches it itself and shows its own error.
 */
export async function prefetchDashboard(tenantId: string, search: Record<string, string | string[] | undefined>): Promise<void> {
  await getQueryClient().prefetchQuery(serverTrpc(tenantId).analytics.dashboard.get.queryOptions(dashboardInputFromSearch(search)));
}
