import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { getQueryClient } from "./server";

/**
 * Hands what this request's server components prefetched to the browser's query cache:
 * client components below find their first data there (same query keys) and render it
 * in the HTML, without fetching it again while it is fresh (the client's staleTime).
 */
export function HydrateClient({ children }: { children: React.ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
