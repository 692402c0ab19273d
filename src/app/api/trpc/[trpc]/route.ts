import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { readLimitedBody } from "@/server/api/body";
import { errorResponse } from "@/server/api/errors";
import { appRouter } from "@/server/api/root";
import { requestIdFrom } from "@/server/api/request-id";
import { createContext } from "@/server/api/trpc";
import { logger, withLogContext } from "@/server/platform/logger";
import { MAX_BATCH_SIZE, TRPC_MAX_BODY_BYTES } from "@/trpc/limits";

export const dynamic = "force-dynamic";

const BODY_LIMIT = { maxBytes: TRPC_MAX_BODY_BYTES, tooLarge: "The request is too large: at most 2 MB.", field: "_form" };

/** The request with its body read within the limit (413 above it, unread when declared), so no procedure parses more. */
async function withinLimit(req: Request): Promise<Request> {
  if (req.method !== "POST") return req;
  const body = await readLimitedBody(req, BODY_LIMIT);
  return new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
}

function handler(incoming: Request) {
  const requestId = requestIdFrom(incoming.headers);
  const started = performance.now();
  return withLogContext({ requestId }, async () => {
    let req: Request;
    try {
      req = await withinLimit(incoming);
    } catch (error) {
      return errorResponse(error, { requestId, where: "/api/trpc" });
    }
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: ({ resHeaders }) => createContext({ headers: incoming.headers, requestId, resHeaders }),
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
