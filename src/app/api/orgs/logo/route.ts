import { isMultipart } from "@/server/api/body";
import { tenantRoute } from "@/server/api/tenant-route";
import { Readable } from "node:stream";
import { getOrganizationLogo, uploadOrganizationLogo } from "@/server/modules/orgs/settings";
import { openFile } from "@/server/storage";
import { NotFound, UnsupportedMediaType, ValidationFailed } from "@/server/platform/errors";
import { logger } from "@/server/platform/logger";
import { ORGS } from "@/server/modules/orgs/permissions";

export const dynamic = "force-dynamic";

/**
 * /api/orgs/logo: the organization's logo as a plain HTTP resource (an <img> cannot
 * call tRPC, and an upload is multipart). Both pass the tenant gate (a session that has
 * not been ended, membership of the tenant, tenant not suspended).
 *
 * - POST (multipart/form-data, field `logo`, header `x-tenant-id`): owners and admins
 *   replace the logo. The proxy refuses cross-site POSTs.
 * - GET ?tenant=<id>: any member reads it.
 */

const TOO_LARGE = "The upload is too large: the logo may be at most 512 KB.";
/** Room for a 512 KB image plus the multipart envelope; anything larger is refused unread. */
const LOGO_LIMIT = { maxBytes: 600 * 1024, tooLarge: TOO_LARGE, field: "logo" };

export const POST = tenantRoute({ minimumRole: ORGS.manage, roleRefusal: "Only owners and admins can change the logo." }, async (request, ctx) => {
  // The gate has checked who is asking (no body is read for strangers); the body is read
  // before the transaction opens, so the transaction stays short.
  if (!isMultipart(request)) throw new UnsupportedMediaType("Send the logo as multipart/form-data with a `logo` file field.");
  const form = await ctx.readForm(LOGO_LIMIT);
  const file = form.get("logo");
  if (!(file instanceof File) || file.size === 0) {
    const message = file instanceof File ? "The file is empty." : "Choose an image to upload.";
    throw new ValidationFailed({ logo: [message] }, message);
  }
  const bytes = Buffer.from(await file.arrayBuffer());
  const result = await uploadOrganizationLogo(ctx.withTenant, ctx.tenant.id, ctx.role, file.type, bytes);
  logger.info({ path: "/api/orgs/logo", method: "POST", bytes: result.size, contentType: result.contentType }, "logo uploaded");
  return Response.json({ ok: true, contentType: result.contentType, size: result.size }, { headers: { "cache-control": "no-store" } });
});

export const GET = tenantRoute({}, async (_request, ctx) => {
  const logo = await ctx.withTenant((tx) => getOrganizationLogo(tx));
  if (!logo) throw new NotFound("This organization has no logo.");
  // Outside the transaction: an object-stored logo is fetched from S3 here.
  const file = await openFile(logo, logo.contentType);
  return new Response(Readable.toWeb(file.body) as ReadableStream<Uint8Array>, {
    status: 200,
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.size),
      "cache-control": "private, max-age=300",
      "last-modified": logo.updatedAt.toUTCString(),
    },
  });
});
