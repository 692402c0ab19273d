import { instrumentRoute } from "@/server/platform/metrics";
import { checkReadiness } from "@/server/platform/readiness";

export const dynamic = "force-dynamic";

/** Readiness: the database answers as the app role. 503 with Retry-After otherwise. */
export const GET = instrumentRoute("/api/ready", async () => {
  const result = await checkReadiness();
  return Response.json(result.body, {
    status: result.ok ? 200 : 503,
    headers: { "cache-control": "no-store", ...(result.ok ? {} : { "retry-after": "5" }) },
  });
});
