import { Readable } from "node:stream";
import { z } from "zod";
import { tenantRoute } from "@/server/api/tenant-route";
import { documentFile } from "@/server/modules/ai/documents/service";
import { AI } from "@/server/modules/ai/permissions";
import { NotFound } from "@/server/platform/errors";
import { openFile } from "@/server/storage";

export const dynamic = "force-dynamic";

const CONTENT_TYPES: Record<string, string> = {
  txt: "text/plain; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  html: "text/plain; charset=utf-8", // never rendered as a page of this origin
  csv: "text/csv; charset=utf-8",
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

/** GET /api/ai/documents/file?tenant=<id>&document=<id>: the uploaded file as received, as a download. */
export const GET = tenantRoute({ minimumRole: AI.use }, async (request, ctx) => {
  const parsed = z.uuid().safeParse(new URL(request.url).searchParams.get("document"));
  if (!parsed.success) throw new NotFound("This document does not exist.");
  const { document, location } = await ctx.withTenant((tx) => documentFile(tx, parsed.data));
  // Outside the transaction: an object-stored file is streamed from S3.
  const file = await openFile(location, "application/octet-stream");
  const asciiName = document.fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return new Response(Readable.toWeb(file.body) as ReadableStream<Uint8Array>, {
    status: 200,
    headers: {
      "content-type": CONTENT_TYPES[document.fileType] ?? "application/octet-stream",
      "content-length": String(file.size),
      "content-disposition": `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(document.fileName)}`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    },
  });
});
