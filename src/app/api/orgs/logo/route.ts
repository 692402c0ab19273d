import { z } from "zod";
import { ensureSafeRuntimeRole } from "@/server/db/client";
import { withTenantPipelined, type TenantTx } from "@/server/db/tenant";
import { sessionUserFromHeaders } from "@/server/modules/accounts/current";
import { findMembership } from "@/server/modules/orgs/service";
import { getOrganizationLogo, setOrganizationLogo } from "@/server/modules/orgs/settings";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { DATABASE_UNAVAILABLE_MESSAGE, Forbidden, isDatabaseUnavailable, NotFound, ValidationFailed } from "@/server/platform/errors";
import { logger, withLogContext } from "@/server/platform/logger";

export const dynamic = "force-dynamic";

/**
 * /api/orgs/logo: the organization's logo as a plain HTTP resource (an <img> cannot
 * call tRPC, and an upload is multipart). Same checks as a tenant procedure: a session
 * that has not been ended, membership of the tenant, tenant not suspended, all inside
 * one tenant transaction.
 *
 * - POST (multipart/form-data, field `logo`, header `x-tenant-id`): owners and admins
 *   replace the logo. The proxy refuses cross-site POSTs.
 * - GET ?tenant=<id>: any member reads it.
 */

/** Room for a 512 KB image plus the multipart envelope; anything larger is refused unread. */
const MAX_BODY_BYTES = 600 * 1024;
const UUID = z.uuid();

function json(body: Record<string, unknown>, status: number, requestId: string, extra?: Record<string, string>): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", "x-request-id": requestId, ...extra } });
}

class RequestRefused extends Error {
  constructor(public readonly status: number, message: string, public readonly fieldErrors?: Record<string, string[]>) {
    super(message);
  }
}

const TOO_LARGE = "The upload is too large: the logo may be at most 512 KB.";

/** Reads the body, giving up as soon as it passes `limit` bytes (for bodies without a content-length). */
async function readLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new RequestRefused(413, TOO_LARGE, { logo: [TOO_LARGE] });
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The `logo` file of a multipart body no larger than MAX_BODY_BYTES. */
async function readLogoUpload(request: Request): Promise<File> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) throw new RequestRefused(413, TOO_LARGE, { logo: [TOO_LARGE] });
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw new RequestRefused(415, "Send the logo as multipart/form-data with a `logo` file field.");
  }
  const body = await readLimited(request, MAX_BODY_BYTES);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new RequestRefused(400, "The upload could not be read. Try again.");
  }
  const file = form.get("logo");
  if (!(file instanceof File) || file.size === 0) {
    const message = file instanceof File ? "The file is empty." : "Choose an image to upload.";
    throw new RequestRefused(400, message, { logo: [message] });
  }
  return file;
}

/** The signed-in user (session not ended) and a well-formed tenant id, or RequestRefused 401/400/403. */
async function authenticate(request: Request, tenantId: string | null): Promise<{ userId: string; tenantId: string }> {
  const user = await sessionUserFromHeaders(request.headers);
  if (!user) throw new RequestRefused(401, "Please sign in to continue.");
  if (!tenantId) throw new RequestRefused(400, "No organization selected.");
  if (!UUID.safeParse(tenantId).success) throw new RequestRefused(403, "You are not a member of this organization.");
  return { userId: user.id, tenantId };
}

/** Runs `fn` in the tenant's transaction if the user is a member of it and it is not suspended (like `tenantProcedure`). */
async function asMember<T>(
  caller: { userId: string; tenantId: string },
  requestId: string,
  fn: (tx: TenantTx, role: MemberRole) => Promise<T>,
): Promise<T> {
  const { userId, tenantId } = caller;
  await ensureSafeRuntimeRole();
  return withTenantPipelined(
    { tenantId, userId, requestId },
    (tx) => findMembership(tx, tenantId, userId),
    async (tx, membership) => {
      if (!membership) throw new RequestRefused(403, "You are not a member of this organization.");
      if (membership.suspendedAt) {
        const reason = membership.suspendedReason ? ` Reason: ${membership.suspendedReason}` : "";
        throw new RequestRefused(403, `This organization is suspended.${reason} Contact support to restore access.`);
      }
      return fn(tx, membership.role);
    },
  );
}

/** Domain and infrastructure errors → the JSON error responses the settings page reads. */
function errorResponse(error: unknown, requestId: string): Response {
  if (error instanceof RequestRefused) {
    return json({ error: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) }, error.status, requestId);
  }
  if (error instanceof ValidationFailed) return json({ error: error.fields.logo?.[0] ?? error.message, fieldErrors: error.fields }, 400, requestId);
  if (error instanceof Forbidden) return json({ error: error.message }, 403, requestId);
  if (error instanceof NotFound) return json({ error: error.message }, 404, requestId);
  if (isDatabaseUnavailable(error)) {
    logger.error({ err: error }, "database unavailable");
    return json({ error: DATABASE_UNAVAILABLE_MESSAGE }, 503, requestId, { "retry-after": "5" });
  }
  logger.error({ err: error }, "unhandled error in /api/orgs/logo");
  return json({ error: "Something went wrong on our side. It has been logged." }, 500, requestId);
}

function requestIdOf(request: Request): string {
  return request.headers.get("x-request-id")?.slice(0, 64) || crypto.randomUUID();
}

export async function POST(request: Request): Promise<Response> {
  const requestId = requestIdOf(request);
  return withLogContext({ requestId }, async () => {
    try {
      // Who is asking comes first (no body is read for strangers), then the size; the
      // body is read before the transaction opens, so the transaction stays short.
      const caller = await authenticate(request, request.headers.get("x-tenant-id"));
      const file = await readLogoUpload(request);
      const bytes = Buffer.from(await file.arrayBuffer());
      const result = await asMember(caller, requestId, (tx, role) => setOrganizationLogo(tx, role, file.type, bytes));
      logger.info({ path: "/api/orgs/logo", method: "POST", bytes: result.size, contentType: result.contentType }, "logo uploaded");
      return json({ ok: true, contentType: result.contentType, size: result.size }, 200, requestId);
    } catch (error) {
      return errorResponse(error, requestId);
    }
  });
}

export async function GET(request: Request): Promise<Response> {
  const requestId = requestIdOf(request);
  return withLogContext({ requestId }, async () => {
    try {
      const caller = await authenticate(request, new URL(request.url).searchParams.get("tenant"));
      const logo = await asMember(caller, requestId, (tx) => getOrganizationLogo(tx));
      if (!logo) return json({ error: "This organization has no logo." }, 404, requestId);
      return new Response(new Uint8Array(logo.bytes), {
        status: 200,
        headers: {
          "content-type": logo.contentType,
          "content-length": String(logo.bytes.length),
          "cache-control": "private, max-age=300",
          "last-modified": logo.updatedAt.toUTCString(),
          "x-request-id": requestId,
        },
      });
    } catch (error) {
      return errorResponse(error, requestId);
    }
  });
}
