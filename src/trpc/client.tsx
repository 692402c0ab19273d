"use client";

import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState } from "react";
import superjson from "superjson";
import { z } from "zod";
import type { AppRouter } from "@/server/api/root";
import { MAX_BATCH_SIZE } from "./limits";
import { makeQueryClient } from "./query-client";

// Zod compiles parsers with `new Function` unless told not to; the CSP forbids eval, and
// even zod's probe for it is reported as a violation. Browser forms validate small objects.
z.config({ jitless: true });

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/**
 * One provider per scope: the tenant layout passes its tenant id, which every request
 * sends as `x-tenant-id` (the server checks membership each time). Separate caches per
 * tenant keep one organization's data from ever showing in another's pages.
 */
export function TRPCReactProvider({ tenantId, children }: { tenantId?: string; children: React.ReactNode }) {
  const [queryClient] = useState<QueryClient>(() => makeQueryClient());
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: "/api/trpc",
          transformer: superjson,
          maxItems: MAX_BATCH_SIZE,
          headers: () => (tenantId ? { "x-tenant-id": tenantId } : {}),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
