import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as uploadImport } from "../../app/api/crm/imports/route";
import { POST as uploadLogo } from "../../app/api/orgs/logo/route";
import { createTenant, inTenant } from "../../test/fixtures";
import { sessionCookie } from "../../test/http";
import { IMPORT_MAX_BYTES } from "../records/import/parse";

const MB = 1024 * 1024;

/** A CSV of `bytes` (whole MB), streamed a MB at a time; `pulled` tells whether anyone read it. */
function streamedBody(bytes: number) {
  const state = { pulled: false };
  const chunk = new TextEncoder().encode("Name,Email\n".repeat(Math.floor(MB / 11)) + "x".repeat((MB % 11) - 1) + "\n");
  let left = bytes;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        state.pulled = true;
        left -= MB;
        controller.enqueue(chunk);
        if (left === 0) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return { state, body };
}

async function importCount(tenantId: string): Promise<number> {
  const [row] = await inTenant(tenantId, (tx) => tx.execute<{ count: number }>(sql`select count(*)::int as count from crm_imports`));
  return row!.count;
}

describe("uploads through the tenant gate", () => {
  it("refuses an 11 MB import that arrived cut to 10 MB (as Next's proxy buffering leaves it) instead of importing part of it", async () => {
    const { org, owner } = await createTenant();
    const { body } = streamedBody(10 * MB);
    const headers = { cookie: await sessionCookie(owner), "x-tenant-id": org.id, "content-length": String(11 * MB), "content-type": "text/csv" };
    const response = await uploadImport(new Request("http://localhost/api/crm/imports?entity=contact", { method: "POST", headers, body, duplex: "half" } as RequestInit));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe("The upload did not arrive complete. Try again.");
    expect(await importCount(org.id)).toBe(0);
  });

  it("refuses a declared 51 MB import with 413 without reading it", async () => {
    const { org, owner } = await createTenant();
    const { state, body } = streamedBody(51 * MB);
    const headers = { cookie: await sessionCookie(owner), "x-tenant-id": org.id, "content-length": String(51 * MB), "content-type": "text/csv" };
    const response = await uploadImport(new Request("http://localhost/api/crm/imports?entity=contact", { method: "POST", headers, body, duplex: "half" } as RequestInit));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toMatch(/^The file is too large/);
    expect(state.pulled).toBe(false);
    expect(51 * MB).toBeGreaterThan(IMPORT_MAX_BYTES);
  });

  it("refuses a logo upload that is not multipart with 415, and one cut short with 400", async () => {
    const { org, owner } = await createTenant();
    const cookie = await sessionCookie(owner);
    const plain = await uploadLogo(new Request("http://localhost/api/orgs/logo", { method: "POST", headers: { cookie, "x-tenant-id": org.id, "content-type": "image/png" }, body: "png" }));
    expect(plain.status).toBe(415);
    const form = new FormData();
    form.set("logo", new File([new Uint8Array(100)], "logo.png", { type: "image/png" }));
    const encoded = new Response(form);
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    const cut = await uploadLogo(
      new Request("http://localhost/api/orgs/logo", {
        method: "POST",
        headers: { cookie, "x-tenant-id": org.id, "content-type": encoded.headers.get("content-type")!, "content-length": String(bytes.byteLength) },
        body: bytes.slice(0, bytes.byteLength - 20),
      }),
    );
    expect(cut.status).toBe(400);
  });
});
