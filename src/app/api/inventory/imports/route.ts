import { isMultipart } from "@/server/api/body";
import { tenantRoute, type TenantRouteContext } from "@/server/api/tenant-route";
import { uploadImport } from "@/server/modules/inventory/imports/imports";
import { INVENTORY } from "@/server/modules/inventory/permissions";
import { IMPORT_MAX_BYTES, IMPORT_TOO_LARGE } from "@/server/records/import/parse";
import { PayloadTooLarge, ValidationFailed } from "@/server/platform/errors";
import { logger } from "@/server/platform/logger";

export const dynamic = "force-dynamic";

/**
 * POST /api/inventory/imports: uploads a CSV of products as a draft import and answers 201
 * with its id, the detected headers, a few rows and a suggested mapping (the mapping,
 * preview and start are tRPC procedures: inventory.imports.*). Members and above.
 *
 * - multipart/form-data: a `file` field (and optionally `entityType`: product);
 * - or the raw CSV as the body, with ?fileName=… (and optionally ?entity=product).
 * The tenant comes from the `x-tenant-id` header (or ?tenant=). The proxy refuses
 * cross-site POSTs. Files over 50 MB are refused with 413, unread when the size is declared.
 */

const RAW_LIMIT = { maxBytes: IMPORT_MAX_BYTES, tooLarge: IMPORT_TOO_LARGE, field: "file" };
/** Room for the largest file plus a multipart envelope. */
const MULTIPART_LIMIT = { ...RAW_LIMIT, maxBytes: IMPORT_MAX_BYTES + 64 * 1024 };

/** Products are the only thing inventory imports: an upload that names nothing means them. */
const DEFAULT_ENTITY = "product";

type Upload = { entityType: string; fileName: string; content: Uint8Array };

async function readUpload(request: Request, ctx: TenantRouteContext): Promise<Upload> {
  const url = new URL(request.url);
  if (!isMultipart(request)) {
    const content = await ctx.readBody(RAW_LIMIT);
    if (content.byteLength === 0) throw new ValidationFailed({ file: ["The file is empty."] }, "The file is empty.");
    return { entityType: url.searchParams.get("entity") ?? DEFAULT_ENTITY, fileName: url.searchParams.get("fileName") ?? "import.csv", content };
  }
  const form = await ctx.readForm(MULTIPART_LIMIT);
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) {
    const message = file instanceof File ? "The file is empty." : "Choose a CSV file to upload (form field `file`).";
    throw new ValidationFailed({ file: [message] }, message);
  }
  if (file.size > IMPORT_MAX_BYTES) throw new PayloadTooLarge("file", IMPORT_TOO_LARGE);
  const entityType = String(form.get("entityType") ?? url.searchParams.get("entity") ?? DEFAULT_ENTITY);
  return { entityType, fileName: file.name || "import.csv", content: new Uint8Array(await file.arrayBuffer()) };
}

export const POST = tenantRoute({ minimumRole: INVENTORY.edit, roleRefusal: "Viewers cannot import. Ask an admin for the member role." }, async (request, ctx) => {
  // The gate has checked membership and role (nothing is read for strangers and viewers);
  // the body is read outside any transaction, then inserted in a short one.
  const upload = await readUpload(request, ctx);
  const created = await uploadImport(ctx.withTenant, ctx.tenant.id, ctx.actor, { entityType: upload.entityType, fileName: upload.fileName }, upload.content);
  logger.info({ path: "/api/inventory/imports", importId: created.id, bytes: upload.content.byteLength, entityType: created.entityType }, "inventory import uploaded");
  return Response.json(created, { status: 201, headers: { "cache-control": "no-store" } });
});
