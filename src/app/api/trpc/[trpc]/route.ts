import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { requestIdFrom } from "@/server/api/request-id";
import { createContext } from "@/server/api/trpc";
import { logger, withLogContext } from "@/server/platform/logger";
import { MAX_BATCH_SIZE } from "@/trpc/batch";

export const dynamic = "force-dynamic";

function handler(req: Request) {
  const requestId = requestIdFrom(req.headers);
  const headers = new Headers(req.headers);
  headers.set("x-request-id", requestId);
  const started = performance.now();
  return withLogContext({ requestId }, async () => {
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: ({ resHeaders }) => createContext({ headers, resHeaders }),
      responseMeta() {
        return { headers: { "x-request-id": requestId, "cache-control": "no-store" } };
      },
    });
    logger.info(
      { path: new URL(req.url).pathname.slice("/api/trpc/".length), method: req.method, status: response.status, durationMs: Math.round(performance.now() - started) },
      "trpc request",
    );
    return response;
  });
}

export { handler as GET, handler as POST };
