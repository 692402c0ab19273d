import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { createTRPCOptionsProxy, type TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache } from "react";
import { appRouter, createCaller, type AppRouter } from "@/server/api/root";
import { createContext, type Context } from "@/server/api/trpc";
import { makeQueryClient } from "./query-client";

/** The tRPC context of this request, for one tenant (or none): the same session and checks as over HTTP. */
const serverContext = cache(async (tenantId?: string): Promise<Context> => {
  const incoming = await headers();
  const forwarded = new Headers(incoming);
  if (tenantId) forwarded.set("x-tenant-id", tenantId);
  else forwarded.delete("x-tenant-id");
  return createContext({ headers: forwarded });
});

/**
 * A tRPC caller for server components, built per request (React `cache`): the same
 * procedures, checks and tenant transaction as over HTTP.
 */
export const serverCaller = cache(async (tenantId?: string) => createCaller(await serverContext(tenantId)));

/**
 * This request's query cache on the server (React `cache`: one per request, shared by the
 * layouts, pages and generateMetadata of the render). Pages fill it and hand it to the
 * browser with <HydrateClient> (./hydrate.tsx).
 */
export const getQueryClient = cache(makeQueryClient);

export type ServerTrpc = TRPCOptionsProxy<AppRouter>;

/** Query options (same keys as `useTRPC()` in the browser) whose query functions call the router in process. */
export function trpcOptionsFor(ctx: Context | (() => Promise<Context>), queryClient: QueryClient): ServerTrpc {
  return createTRPCOptionsProxy<AppRouter>({ router: appRouter, ctx, queryClient });
}

/** The server's `useTRPC()` for one tenant in this request. */
export const serverTrpc = cache((tenantId: string): ServerTrpc => trpcOptionsFor(() => serverContext(tenantId), getQueryClient()));
