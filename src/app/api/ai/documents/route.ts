import { isMultipart } from "@/server/api/body";
import { tenantRoute } from "@/server/api/tenant-route";
import { MAX_DOCUMENT_BYTES, addDocument } from "@/server/modules/ai/documents/service";
import { AI } from "@/server/modules/ai/permissions";
import { UnsupportedMediaType, ValidationFailed } from "@/server/platform/errors";

export const dynamic = "force-dynamic";

/**
 * POST /api/ai/documents (multipart: `file`, optional `title`; header x-tenant-id): adds a
 * document to the AI library and queues its processing. Answers 201 with the document
 * (status "processing"); the plan's size and count limits are checked by the service.
 */
const LIMIT = { maxBytes: MAX_DOCUMENT_BYTES + 64 * 1024, tooLarge: `The file is too large: documents may be at most ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MB.`, field: "file" };

export const POST = tenantRoute({ minimumRole: AI.upload, roleRefusal: "Viewers cannot add documents." }, async (request, ctx) => {
  if (!isMultipart(request)) throw new UnsupportedMediaType("Send the document as multipart/form-data with a `file` field.");
  const form = await ctx.readForm(LIMIT);
  const file = form.get("file");
  if (!(file instanceof File)) throw new ValidationFailed({ file: ["Choose a file to upload."] }, "Choose a file to upload.");
  const title = form.get("title");
  if (title !== null && typeof title !== "string") throw new ValidationFailed({ title: ["The title must be text."] }, "The title must be text.");
  if (typeof title === "string" && (title.length > 200 || /[\u0000-\u001f]/.test(title))) {
    throw new ValidationFailed({ title: ["A title is one line of at most 200 characters."] }, "A title is one line of at most 200 characters.");
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const document = await addDocument(ctx.withTenant, ctx.tenant.id, ctx.actor, { fileName: file.name, contentType: file.type || null, bytes, title });
  return Response.json(document, { status: 201, headers: { "cache-control": "no-store" } });
});
