import { ensureSafeRuntimeRole } from "../db/client";
import type { Actor, TenantScope, TenantTx } from "../db/tenant";
import { readSession } from "../modules/accounts/session";
import type { MemberRole } from "../modules/orgs/schema";
import type { Organization } from "../modules/orgs/service";
import { Unauthorized } from "../platform/errors";
import { extendLogContext, withLogContext } from "../platform/logger";
import { recordHttpRequest } from "../platform/metrics";
import { readFormBody, readLimitedBody, type BodyLimit } from "./body";
import { errorResponse } from "./errors";
import { requestIdFrom } from "./request-id";
import { asSessionMember, requestedTenantId, SIGN_IN_MESSAGE, type AdmissionRules } from "./membership";
import { enforceTenantApiLimit } from "./tenant-rate-limit";

/**
 * The tenant gate for Next route handlers, as `tenantProcedure` is for tRPC: request id
 * and log context, session, tenant id (`x-tenant-id` header or `?tenant=`), the
 * organization's API limit, safe runtime role, membership, session version, suspension
 * and role, then the handler; any
 * error thrown on the way becomes a JSON error through the shared table (./errors).
 *
 * The check runs in a short tenant transaction of its own, before the handler: nothing of
 * a request (its body above all) is read for a stranger. The handler then reads what it
 * needs outside any transaction and enters the tenant with `ctx.withTenant` for its
 * database work, which checks the membership again in that transaction.
 */

export type TenantRouteOptions = AdmissionRules & {
  /**
   * The answer to a tenant id that is not a uuid: 403 as for a tenant one is not a member
   * of (the default, as in tRPC), or 400 for download links the app builds itself.
   */
  malformedTenant?: "forbidden" | "bad-request";
  /**
   * The route's template for the metrics (`/api/avatars/[userId]`): required for a route with
   * a dynamic segment. Without it the path is used, with any uuid segment read as `[id]`.
   */
  route?: string;
};

const UUID_SEGMENT = /\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi;

export type TenantRouteContext = {
  requestId: string;
  userId: string;
  user: { id: string; name: string; email: string };
  tenant: Organization;
  role: MemberRole;
  actor: Actor;
  /** The member's scope, for services that open their own tenant transactions (streamed exports). */
  scope: TenantScope & { userId: string; requestId: string; role: MemberRole };
  /** Runs `fn` in a new tenant transaction as this member (membership checked again inside). */
  withTenant<T>(fn: (tx: TenantTx) => Promise<T>): Promise<T>;
  /** The request body, at most `limit.maxBytes` (413 above, 400 when shorter than its Content-Length). */
  readBody(limit: BodyLimit): Promise<Uint8Array<ArrayBuffer>>;
  /** The request's multipart form, within `limit`. */
  readForm(limit: BodyLimit): Promise<FormData>;
};

export type TenantRouteHandler = (request: Request, ctx: TenantRouteContext) => Promise<Response>;

/** Wraps `handler` in the tenant gate; export the result as the route's GET/POST. */
export function tenantRoute(options: TenantRouteOptions, handler: TenantRouteHandler): (request: Request) => Promise<Response> {
  const rules: AdmissionRules = { minimumRole: options.minimumRole, roleRefusal: options.roleRefusal };
  return (request) => {
    const started = performance.now();
    const requestId = requestIdFrom(request.headers);
    const url = new URL(request.url);
    const route = options.route ?? url.pathname.replace(UUID_SEGMENT, "/[id]");
    const answer = withLogContext({ requestId }, async () => {
      try {
        const session = await readSession(request.headers);
        if (!session) throw new Unauthorized(SIGN_IN_MESSAGE);
        extendLogContext({ userId: session.userId });
        const tenantId = requestedTenantId(request.headers.get("x-tenant-id") ?? url.searchParams.get("tenant"), options.malformedTenant);
        // The organization's API limit, before any transaction (as tenantProcedure; ./tenant-rate-limit).
        await enforceTenantApiLimit(tenantId);
        await ensureSafeRuntimeRole();
        const gate = { session, tenantId, requestId };
        const member = await asSessionMember(gate, rules, async (_tx, admitted) => admitted);
        const ctx: TenantRouteContext = {
          requestId,
          ...member,
          scope: { tenantId, userId: member.userId, requestId, role: member.role },
          withTenant: (fn) => asSessionMember(gate, rules, (tx) => fn(tx)),
          readBody: (limit) => readLimitedBody(request, limit),
          readForm: (limit) => readFormBody(request, limit),
        };
        const response = await handler(request, ctx);
        if (!response.headers.has("x-request-id")) response.headers.set("x-request-id", requestId);
        return response;
      } catch (error) {
        return errorResponse(error, { requestId, where: url.pathname });
      }
    });
    return answer.then((response) => {
      recordHttpRequest(route, request.method, response.status, (performance.now() - started) / 1000);
      return response;
    });
  };
}
