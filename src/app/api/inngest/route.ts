import { NextResponse, type NextRequest } from "next/server";
import { serve } from "inngest/next";
import { inngestClient, jobsMode } from "@/server/jobs/client";
import { inngestFunctions } from "@/server/jobs/registry";
import { jobHost } from "@/server/modules";
import { logger } from "@/server/platform/logger";
import { instrumentRoute } from "@/server/platform/metrics";

export const dynamic = "force-dynamic";

type Handlers = ReturnType<typeof serve>;
let handlers: Handlers | undefined;
let notConfiguredLogged = false;

const NOT_CONFIGURED =
  "Inngest is not configured on this server: jobs run in-process. Set INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY (or INNGEST_DEV) to use Inngest.";

/** Every job of the app as Inngest functions, built on first use: only when Inngest is configured. */
function inngestHandlers(): Handlers | null {
  if (jobsMode() !== "inngest") return null;
  handlers ??= serve({ client: inngestClient(), functions: inngestFunctions(jobHost) });
  return handlers;
}

/** Nothing here without Inngest: 404 with the reason (logged once per process), not the 500 serve() gives. */
function notConfigured(): Response {
  if (!notConfiguredLogged) {
    notConfiguredLogged = true;
    logger.warn({ event: "inngest_not_configured" }, `/api/inngest called, but ${NOT_CONFIGURED}`);
  }
  return NextResponse.json({ error: NOT_CONFIGURED }, { status: 404, headers: { "cache-control": "no-store" } });
}

function route(method: "GET" | "POST" | "PUT") {
  return instrumentRoute("/api/inngest", (request: NextRequest, context: unknown): Promise<Response> => {
    const inngest = inngestHandlers();
    return inngest ? inngest[method](request, context) : Promise.resolve(notConfigured());
  });
}

export const GET = route("GET");
export const POST = route("POST");
export const PUT = route("PUT");
