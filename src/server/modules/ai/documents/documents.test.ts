import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as uploadRoute } from "../../../../app/api/ai/documents/route";
import { GET as fileRoute } from "../../../../app/api/ai/documents/file/route";
import { withTenant } from "../../../db/tenant";
import { addMember, callerFor, codeOf, createTenant, createUser, inTenant } from "../../../../test/fixtures";
import { sessionCookie } from "../../../../test/http";
import { setCurrentPlan } from "../../orgs/limits";
import { PLANS } from "../../orgs/plans";
import { corpusState } from "../corpus";
import { retrieve } from "../retrieval";
import { ingestDocument } from "./ingest";
import type { DocumentRow } from "./service";

async function proTenant() {
  const { org, owner } = await createTenant();
  await withTenant({ tenantId: org.id }, (tx) => setCurrentPlan(tx, "pro"));
  return { org, owner };
}

async function upload(user: Parameters<typeof sessionCookie>[0], tenantId: string, file: File, title?: string) {
  const form = new FormData();
  form.set("file", file);
  if (title !== undefined) form.set("title", title);
  const request = new Request("http://localhost/api/ai/documents", { method: "POST", headers: { cookie: await sessionCookie(user), "x-tenant-id": tenantId }, body: form });
  return uploadRoute(request);
}

const HANDBOOK = `# Employee handbook

## Holidays
Every employee has 27 days of paid holiday a year. Ask your manager two weeks ahead.

## Refunds
Customers are refunded within 14 days of a returned product reaching the warehouse.

## Expenses
Keep the receipt for every expense; claims are paid with the next salary.
`;

const enterAs = (tenantId: string, userId?: string) => <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ tenantId, userId, role: "owner" }, fn);

describe("the AI document library", () => {
  it("takes a Markdown upload, processes it into chunks with offsets into the extracted text, and finds its passages", async () => {
    const { org, owner } = await proTenant();
    const response = await upload(owner, org.id, new File([HANDBOOK], "employee_handbook.md", { type: "text/markdown" }));
    expect(response.status).toBe(201);
    const document = (await response.json()) as DocumentRow;
    expect(document).toMatchObject({ title: "employee handbook", fileType: "md", status: "processing", byteSize: Buffer.byteLength(HANDBOOK) });
    // The upload queued its processing in the same transaction.
    const [queued] = await inTenant(org.id, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from outbox_events where name = 'ai/document.uploaded'`));
    expect(queued!.n).toBe(1);

    const result = await ingestDocument(org.id, document.id, enterAs(org.id));
    expect(result.status).toBe("ready");
    const api = callerFor(owner, org.id);
    const { document: processed, text } = await api.ai.documents.text({ id: document.id });
    expect(processed).toMatchObject({ status: "ready", progress: 100, failureReason: null });
    expect(processed.chunkCount).toBeGreaterThan(0);
    const chunks = await inTenant(org.id, (tx) => tx.execute<{ text: string; char_start: number; char_end: number }>(sql`select text, char_start, char_end from ai_chunks order by ordinal`));
    expect(chunks).toHaveLength(processed.chunkCount);
    for (const chunk of chunks) expect(text!.slice(chunk.char_start, chunk.char_end)).toBe(chunk.text);

    const found = await retrieve(org.id, enterAs(org.id, owner.id), "how fast are refunds paid?", { mode: "lexical", k: 3 });
    expect(found.passages[0]).toMatchObject({ documentId: document.id, documentTitle: "employee handbook" });
    expect(text!.slice(found.passages[0]!.charStart, found.passages[0]!.charEnd)).toContain("refunded within 14 days");
  });

  it("re-indexing replaces the chunks and keeps the corpus totals true; deleting removes everything and bumps nothing it need not", async () => {
    const { org, owner } = await proTenant();
    const document = (await (await upload(owner, org.id, new File([HANDBOOK], "handbook.md"))).json()) as DocumentRow;
    await ingestDocument(org.id, document.id, enterAs(org.id));
    const first = await inTenant(org.id, corpusState);
    const api = callerFor(owner, org.id);
    await api.ai.documents.reindex({ id: document.id });
    await ingestDocument(org.id, document.id, enterAs(org.id));
    const second = await inTenant(org.id, corpusState);
    expect(second.chunkCount).toBe(first.chunkCount);
    expect(second.termTotal).toBe(first.termTotal);
    await api.ai.documents.delete({ id: document.id });
    expect(await inTenant(org.id, corpusState)).toMatchObject({ chunkCount: 0, termTotal: 0 });
    const [left] = await inTenant(org.id, (tx) =>
      tx.execute<{ n: number }>(sql`select (select count(*) from ai_chunks) + (select count(*) from ai_chunk_terms) + (select count(*) from ai_document_files) + (select count(*) from ai_documents) as n`),
    );
    expect(Number(left!.n)).toBe(0);
    expect(await codeOf(api.ai.documents.get({ id: document.id }))).toBe("NOT_FOUND");
  });

  it("marks a file it cannot read as failed with the reason, and never as ready", async () => {
    const { org, owner } = await proTenant();
    const fake = new File(["%PDF-1.4\nthis is not really a pdf"], "scan.pdf", { type: "application/pdf" });
    const response = await upload(owner, org.id, fake);
    expect(response.status).toBe(201);
    const document = (await response.json()) as DocumentRow;
    const result = await ingestDocument(org.id, document.id, enterAs(org.id));
    expect(result.status).toBe("failed");
    const failed = await callerFor(owner, org.id).ai.documents.get({ id: document.id });
    expect(failed.status).toBe("failed");
    expect(failed.failureReason).toMatch(/not a valid PDF/);
  });

  it("refuses what it should, with clear messages and nothing stored: Free plan, viewers, unknown types, empty files, over the plan's size", async () => {
    const { org: free, owner: freeOwner } = await createTenant();
    const onFree = await upload(freeOwner, free.id, new File([HANDBOOK], "a.md"));
    expect(onFree.status).toBe(403);
    expect(((await onFree.json()) as { error: string }).error).toMatch(/Free plan does not include AI documents.*Settings → Billing/);

    const { org, owner } = await proTenant();
    const viewer = await createUser();
    await addMember(org.id, viewer.id, "viewer");
    expect((await upload(viewer, org.id, new File([HANDBOOK], "a.md"))).status).toBe(403);
    const exe = await upload(owner, org.id, new File(["MZ\u0090binary"], "tool.exe"));
    expect(exe.status).toBe(400);
    expect(((await exe.json()) as { error: string }).error).toMatch(/cannot be added.*\.docx/);
    expect((await upload(owner, org.id, new File([""], "empty.txt"))).status).toBe(400);
    const big = new Uint8Array(PLANS.pro.aiDocumentBytes + 1).fill(0x61);
    const tooBig = await upload(owner, org.id, new File([big], "big.txt", { type: "text/plain" }));
    expect(tooBig.status).toBe(400);
    expect(((await tooBig.json()) as { error: string }).error).toMatch(/Pro plan takes documents up to 20 MB/);
    const [stored] = await inTenant(org.id, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from ai_documents`));
    expect(stored!.n).toBe(0);
  });

  it("only the uploader or an admin deletes or re-indexes a document; any member reads it and downloads the file", async () => {
    const { org, owner } = await proTenant();
    const member = await createUser();
    await addMember(org.id, member.id, "member");
    const document = (await (await upload(owner, org.id, new File([HANDBOOK], "handbook.md"), "Handbook 2026")).json()) as DocumentRow;
    expect(document.title).toBe("Handbook 2026");
    const asMember = callerFor(member, org.id);
    expect(await codeOf(asMember.ai.documents.delete({ id: document.id }))).toBe("FORBIDDEN");
    expect(await codeOf(asMember.ai.documents.reindex({ id: document.id }))).toBe("FORBIDDEN");
    expect((await asMember.ai.documents.list({})).items.map((d) => d.id)).toEqual([document.id]);
    const download = await fileRoute(
      new Request(`http://localhost/api/ai/documents/file?tenant=${org.id}&document=${document.id}`, { headers: { cookie: await sessionCookie(member) } }),
    );
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain('filename="handbook.md"');
    expect(await download.text()).toBe(HANDBOOK);
    // Another tenant's member cannot read it by id.
    const { owner: stranger, org: other } = await proTenant();
    expect(await codeOf(callerFor(stranger, other.id).ai.documents.get({ id: document.id }))).toBe("NOT_FOUND");
  });

  it("the document count limit holds: the plan's last place is not handed out twice", async () => {
    const { org, owner } = await proTenant();
    await inTenant(org.id, (tx) =>
      tx.execute(sql`insert into ai_documents (title, file_name, file_type, byte_size, sha256)
                     select 'Filler ' || g, 'f.txt', 'txt', 1, 'x' from generate_series(1, ${PLANS.pro.limits["ai.documents"]! - 1}) g`),
    );
    const results = await Promise.all([0, 1, 2].map(() => upload(owner, org.id, new File(["Last place"], "last.txt"))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 403, 403]);
  });
});
