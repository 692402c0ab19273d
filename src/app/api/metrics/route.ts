import { createHash, timingSafeEqual } from "node:crypto";
import { installOutboxMetrics } from "@/server/jobs/metrics";
import { env } from "@/server/platform/env";
import { instrumentRoute, metricsRegistry } from "@/server/platform/metrics";

export const dynamic = "force-dynamic";

// The outbox gauges read the database when scraped (src/server/jobs/metrics.ts).
installOutboxMetrics();

const NO_STORE = { "cache-control": "no-store" };
const OFF_MESSAGE = "Metrics are off on this server: set METRICS_TOKEN (16+ characters) to serve them here to a bearer of that token.\n";

/** Constant time, whatever the lengths: both sides are compared as SHA-256 digests. */
function tokenMatches(sent: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(sent), digest(expected));
}

function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1]! : null;
}

/**
 * GET /api/metrics: this process's metrics in Prometheus' text format, for a bearer of
 * METRICS_TOKEN (docs/operations.md "Metrics"). Each app process answers with its own
 * figures: Prometheus scrapes every replica. Never cached.
 */
export const GET = instrumentRoute("/api/metrics", async (request: Request): Promise<Response> => {
  const expected = env().METRICS_TOKEN;
  if (!expected) return new Response(OFF_MESSAGE, { status: 404, headers: { ...NO_STORE, "content-type": "text/plain; charset=utf-8" } });
  const sent = bearerToken(request);
  if (sent === null || !tokenMatches(sent, expected)) {
    return new Response("A valid bearer token (METRICS_TOKEN) is required.\n", {
      status: 401,
      headers: { ...NO_STORE, "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  const body = await metricsRegistry.metrics();
  return new Response(body, { headers: { ...NO_STORE, "content-type": metricsRegistry.contentType } });
});
