import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import superjson from "superjson";
import { serializeResponse } from "@/lib/serialize";

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => {
          const code = (error as { data?: { code?: string } }).data?.code;
          // Retry only what may pass on a second try.
          return failureCount < 2 && (code === "SERVICE_UNAVAILABLE" || code === undefined);
        },
      },
      dehydrate: {
        // What superjson.serialize writes, faster (src/lib/serialize.ts): a server render dehydrates every prefetched query.
        serializeData: serializeResponse,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}
