import { instrumentRoute } from "@/server/platform/metrics";

export const dynamic = "force-dynamic";

/** Liveness: the process is up. Says nothing about the database (see /api/ready). */
export const GET = instrumentRoute("/api/health", () =>
  Response.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) }, { headers: { "cache-control": "no-store" } }),
);
