export const dynamic = "force-dynamic";

/** Liveness: the process is up. Says nothing about the database (see /api/ready). */
export function GET() {
  return Response.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) }, { headers: { "cache-control": "no-store" } });
}
