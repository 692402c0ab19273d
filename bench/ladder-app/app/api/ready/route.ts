export const dynamic = "force-dynamic";

/** Readiness for bench/lib/crm-app.ts's startNext: this app serves as soon as it listens. */
export function GET() {
  return Response.json({ ok: true });
}
