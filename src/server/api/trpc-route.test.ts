import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET, POST } from "../../app/api/trpc/[trpc]/route";
import { createTenant, inTenant } from "../../test/fixtures";
import { sessionCookie } from "../../test/http";
import { MAX_BATCH_SIZE, TRPC_MAX_BODY_BYTES } from "../../trpc/limits";

/* Limits of the /api/trpc route itself, before any procedure runs. */

type BatchError = { error: { json: { message: string; data: { httpStatus: number } } } };

/** A batched request of `paths`, as the browser's httpBatchLink sends it. */
function batchRequest(paths: string[], inputs: unknown[], options: { method: "GET" | "POST"; cookie: string; tenantId: string }): Request {
  const payload = JSON.stringify(Object.fromEntries(inputs.map((input, i) => [String(i), { json: input ?? null }])));
  const url = new URL(`http://localhost/api/trpc/${paths.join(",")}`);
  url.searchParams.set("batch", "1");
  if (options.method === "GET") url.searchParams.set("input", payload);
  const headers = { cookie: options.cookie, "x-tenant-id": options.tenantId, "content-type": "application/json" };
  return new Request(url, { method: options.method, headers, body: options.method === "POST" ? payload : undefined });
}

async function companyCount(tenantId: string): Promise<number> {
  const [row] = await inTenant(tenantId, (tx) => tx.execute<{ count: number }>(sql`select count(*)::int as count from crm_companies`));
  return row!.count;
}

describe("/api/trpc batches", () => {
  it("runs a batch of the maximum size", async () => {
    const { org, owner } = await createTenant();
    const paths = Array.from({ length: MAX_BATCH_SIZE }, () => "orgs.current");
    const response = await GET(batchRequest(paths, [], { method: "GET", cookie: await sessionCookie(owner), tenantId: org.id }));
    expect(response.status).toBe(200);
    expect((await response.json()) as unknown[]).toHaveLength(MAX_BATCH_SIZE);
  });

  it("refuses a larger batch with 400 before running any of its calls", async () => {
    const { org, owner } = await createTenant();
    const count = MAX_BATCH_SIZE + 1;
    const paths = Array.from({ length: count }, () => "crm.companies.create");
    const inputs = Array.from({ length: count }, (_, i) => ({ name: `Batch ${i}` }));
    const response = await POST(batchRequest(paths, inputs, { method: "POST", cookie: await sessionCookie(owner), tenantId: org.id }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as BatchError | BatchError[];
    const first = Array.isArray(body) ? body[0]! : body;
    expect(first.error.json.message).toMatch(/batch/i);
    expect(await companyCount(org.id)).toBe(0);
  });
});

describe("/api/trpc bodies", () => {
  it("refuses a body over the limit with 413, before parsing it", async () => {
    const { org, owner } = await createTenant();
    const body = JSON.stringify({ json: { name: "x".repeat(TRPC_MAX_BODY_BYTES) } });
    const request = new Request("http://localhost/api/trpc/crm.companies.create", {
      method: "POST",
      headers: { cookie: await sessionCookie(owner), "x-tenant-id": org.id, "content-type": "application/json" },
      body,
    });
    const response = await POST(request);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toMatch(/too large/);
    expect(await companyCount(org.id)).toBe(0);
  });

  it("takes a body under the limit", async () => {
    const { org, owner } = await createTenant();
    const request = new Request("http://localhost/api/trpc/crm.companies.create", {
      method: "POST",
      headers: { cookie: await sessionCookie(owner), "x-tenant-id": org.id, "content-type": "application/json" },
      body: JSON.stringify({ json: { name: "Fits", notes: "n".repeat(9_000) } }),
    });
    expect((await POST(request)).status).toBe(200);
    expect(await companyCount(org.id)).toBe(1);
  });
});
