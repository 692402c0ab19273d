import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { apiVerdict, crossSiteRefusal, withSecurityHeaders } from "@/server/api/api-guard";
import { readLimitedBody } from "@/server/api/body";
import { errorResponse } from "@/server/api/errors";
import { appRouter } from "@/server/api/root";
import { requestIdFrom } from "@/server/api/request-id";
import { createContext } from "@/server/api/trpc";
import { logger, withLogContext } from "@/server/platform/logger";
import { instrumentRoute, recordTrpcRefusal } from "@/server/platform/metrics";
import { MAX_BATCH_SIZE, TRPC_MAX_BODY_BYTES } from "@/trpc/limits";

export const dynamic = "force-dynamic";

const BODY_LIMIT = { maxBytes: TRPC_MAX_BODY_BYTES, tooLarge: "The request is too large: at most 2 MB.", field: "_form" };

/** The request with its body read within the limit (413 above it, unread when declared), so no procedure parses more. */
async function withinLimit(req: Request): Promise<Request> {
  if (req.method !== "POST") return req;
  const body = await readLimitedBody(req, BODY_LIMIT);
  return new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
}

/**
 * The proxy (src/proxy.ts) lets most tRPC requests pass it (its matcher): the CSRF check and
 * the security headers are done here, the same way (src/server/api/api-guard.ts), for every
 * method, including the ones Next would otherwise answer itself. When the proxy did run,
 * both agree, so doing them again changes nothing.
 */
function guarded(answer: (incoming: Request, url: URL) => Response | Promise<Response>) {
  return async (incoming: Request): Promise<Response> => {
    const url = new URL(incoming.url);
    const verdict = apiVerdict({ method: incoming.method, url: incoming.url, pathname: url.pathname, headers: incoming.headers });
    if (verdict.crossSite) return crossSiteRefusal(verdict.headers);
    return withSecurityHeaders(await answer(incoming, url), verdict.headers);
  };
}

function trpc(incoming: Request, url: URL) {
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
      // Calls that never reached a procedure (the procedures count themselves, src/server/api/trpc.ts).
      onError: ({ error, type, path }) =>
        recordTrpcRefusal(procedureLabel(path), type === "mutation" || (type !== "query" && req.method === "POST") ? "mutation" : "query", error),
      responseMeta() {
        return { headers: { "x-request-id": requestId, "cache-control": "no-store" } };
      },
    });
    logger.info(
      { path: url.pathname.slice("/api/trpc/".length), method: req.method, status: response.status, durationMs: Math.round(performance.now() - started) },
      "trpc request",
    );
    return response;
  });
}

/** The metric label of a requested path: a procedure of the appRouter, or "unknown" (never the raw path). */
function procedureLabel(path: string | undefined): string {
  return path !== undefined && Object.hasOwn(appRouter._def.procedures, path) ? path : "unknown";
}

const ROUTE = "/api/trpc";
const handler = instrumentRoute(ROUTE, guarded(trpc));
// The methods Next would answer itself (405, and OPTIONS with the allowed methods), answered
// here so they get the guard too; the 405 says why in the body.
const ALLOW = "GET, HEAD, OPTIONS, POST";
const notAllowed = instrumentRoute(ROUTE, guarded(() => Response.json({ error: "Method not allowed: use GET or POST." }, { status: 405, headers: { Allow: ALLOW } })));
const options = instrumentRoute(ROUTE, guarded(() => new Response(null, { status: 204, headers: { Allow: ALLOW } })));

export { handler as GET, handler as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, options as OPTIONS };
