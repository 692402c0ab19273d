import { z } from "zod";
import { ensureSafeRuntimeRole } from "@/server/db/client";
import { withTenantPipelined, type TenantTx } from "@/server/db/tenant";
import { sessionUserFromHeaders } from "@/server/modules/accounts/current";
import { createImport } from "@/server/modules/crm/import";
import { IMPORT_MAX_BYTES, IMPORT_TOO_LARGE } from "@/server/modules/crm/import-parse";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { findMembership } from "@/server/modules/orgs/service";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable, ValidationFailed } from "@/server/platform/errors";
import { logger, withLogContext } from "@/server/platform/logger";

export const dynamic = "force-dynamic";

/**
 * POST /api/crm/imports: uploads a CSV of contacts or companies as a draft import and
 * answers 201 with its id, the detected headers, a few rows and a suggested mapping (the
 * mapping, preview and start are tRPC procedures: crm.imports.*). Members and above.
 *
 * - multipart/form-data: a `file` field and an `entityType` field (contact | company);
 * - or the raw CSV as the body, with ?entity=contact|company&fileName=….
 * The tenant comes from the `x-tenant-id` header (or ?tenant=). The proxy refuses
 * cross-site POSTs. Files over 50 MB are refused with 413, unread when the size is declared.
 */

/** Room for the largest file plus a multipart envelope. */
const MAX_BODY_BYTES = IMPORT_MAX_BYTES + 64 * 1024;
const UUID = z.uuid();

class RequestRefused extends Error {
  constructor(public readonly status: number, message: string, public readonly fieldErrors?: Record<string, string[]>) {
    super(message);
  }
}

const tooLarge = () => new RequestRefused(413, IMPORT_TOO_LARGE, { file: [IMPORT_TOO_LARGE] });

function json(body: Record<string, unknown>, status: number, requestId: string, extra?: Record<string, string>): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", "x-request-id": requestId, ...extra } });
}

/** Reads the body, giving up as soon as it passes `limit` bytes (whatever content-length claimed). */
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
      throw tooLarge();
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

type Upload = { entityType: string; fileName: string; content: Uint8Array };

async function readUpload(request: Request, url: URL): Promise<Upload> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) throw tooLarge();
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    const content = await readLimited(request, IMPORT_MAX_BYTES);
    return { entityType: url.searchParams.get("entity") ?? "", fileName: url.searchParams.get("fileName") ?? "import.csv", content };
  }
  const body = await readLimited(request, MAX_BODY_BYTES);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new RequestRefused(400, "The upload could not be read. Try again.");
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) {
    const message = file instanceof File ? "The file is empty." : "Choose a CSV file to upload (form field `file`).";
    throw new RequestRefused(400, message, { file: [message] });
  }
  if (file.size > IMPORT_MAX_BYTES) throw tooLarge();
  const entityType = String(form.get("entityType") ?? url.searchParams.get("entity") ?? "");
  return { entityType, fileName: file.name || "import.csv", content: new Uint8Array(await file.arrayBuffer()) };
}

/** Runs `fn` in the tenant's transaction for a member of it with at least the member role. */
async function asImporter<T>(caller: { userId: string; tenantId: string }, requestId: string, fn: (tx: TenantTx, role: MemberRole) => Promise<T>): Promise<T> {
  const { userId, tenantId } = caller;
  await ensureSafeRuntimeRole();
  return withTenantPipelined({ tenantId, userId, requestId }, (tx) => findMembership(tx, tenantId, userId), async (tx, membership) => {
    if (!membership) throw new RequestRefused(403, "You are not a member of this organization.");
    if (membership.suspendedAt) {
      const reason = membership.suspendedReason ? ` Reason: ${membership.suspendedReason}` : "";
      throw new RequestRefused(403, `This organization is suspended.${reason} Contact support to restore access.`);
    }
    if (!roleAtLeast(membership.role, "member")) throw new RequestRefused(403, "Viewers cannot import. Ask an admin for the member role.");
    return fn(tx, membership.role);
  });
}

function errorResponse(error: unknown, requestId: string): Response {
  if (error instanceof RequestRefused) {
    return json({ error: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) }, error.status, requestId);
  }
  if (error instanceof ValidationFailed) {
    const first = Object.values(error.fields)[0]?.[0];
    return json({ error: first ?? error.message, fieldErrors: error.fields }, 400, requestId);
  }
  if (isDatabaseUnavailable(error)) {
    logger.error({ err: error }, "database unavailable");
    return json({ error: DATABASE_UNAVAILABLE_MESSAGE }, 503, requestId, { "retry-after": "5" });
  }
  logger.error({ err: error }, "unhandled error in /api/crm/imports");
  return json({ error: "Something went wrong on our side. It has been logged." }, 500, requestId);
}

export async function POST(request: Request): Promise<Response> {
  const requestId = request.headers.get("x-request-id")?.slice(0, 64) || crypto.randomUUID();
  return withLogContext({ requestId }, async () => {
    try {
      const url = new URL(request.url);
      const user = await sessionUserFromHeaders(request.headers);
      if (!user) throw new RequestRefused(401, "Please sign in to continue.");
      const tenantId = request.headers.get("x-tenant-id") ?? url.searchParams.get("tenant");
      if (!tenantId) throw new RequestRefused(400, "No organization selected.");
      if (!UUID.safeParse(tenantId).success) throw new RequestRefused(403, "You are not a member of this organization.");
      const caller = { userId: user.id, tenantId };
      // Membership and role first (nothing is read for strangers and viewers), then the
      // body outside any transaction, then the insert in a short one.
      await asImporter(caller, requestId, async () => undefined);
      const upload = await readUpload(request, url);
      const created = await asImporter(caller, requestId, (tx, role) =>
        createImport(tx, { userId: user.id, role }, { entityType: upload.entityType, fileName: upload.fileName }, upload.content),
      );
      logger.info({ path: "/api/crm/imports", importId: created.id, bytes: upload.content.byteLength, entityType: created.entityType }, "crm import uploaded");
      return json(created, 201, requestId);
    } catch (error) {
      return errorResponse(error, requestId);
    }
  });
}
