// (b) A Next route handler answering a constant: Next's own cost per request, no database.
export const dynamic = "force-dynamic";

// About the size of the bare page's JSON (50 rows), built once.
const BODY = JSON.stringify({
  items: Array.from({ length: 50 }, (_, i) => ({
    id: String(100_000 - i),
    action: "record.updated",
    entity_type: "record",
    entity_id: `entity-${i}`,
    before: null,
    after: { i, name: `Item ${i}`, status: i % 2 === 0 ? "open" : "closed" },
    created_at: "2026-12-04T09:00:00.000Z",
    actor_user_id: "00000000-0000-4000-8000-000000000000",
    name: "Bench Owner",
    email: "bench-owner@example.com",
  })),
  nextCursor: "99951",
});

export function GET() {
  return new Response(BODY, { headers: { "content-type": "application/json" } });
}
