import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { serializeResponse } from "../../lib/serialize";
import { ensureSafeRuntimeRole } from "../db/client";
import type { Actor, TenantTx } from "../db/tenant";
import { DomainError, isDatabaseUnavailable } from "../platform/errors";
import { extendLogContext } from "../platform/logger";
import { recordTrpcFailure, recordTrpcRequest } from "../platform/metrics";
import { readSession, type SessionClaims } from "../modules/accounts/session";
import { clientIp } from "../platform/rate-limit";
import type { Organization } from "../modules/orgs/service";
import type { MemberRole } from "../modules/orgs/schema";
import { INPUT_ERROR_MESSAGE, logFault, mapError } from "./errors";
import { refuseHostileInput } from "./input-guard";
import { requestIdFrom } from "./request-id";
import { asSessionMember, assertRole, requestedTenantId, SESSION_ENDED_MESSAGE, SIGN_IN_MESSAGE } from "./membership";
import { enforceTenantApiLimit } from "./tenant-rate-limit";
import { userForSession } from "../modules/accounts/current";

export type Context = {
  requestId: string;
  session: SessionClaims | null;
  /** The tenant the client asks for (`x-tenant-id`); checked against membership before use. */
  requestedTenantId: string | null;
  /** The caller's address, for rate limits: see clientIp (TRUSTED_PROXY_COUNT; proxy.ts drops a client-sent X-Forwarded-For when it is 0). */
  ip: string;
  /** Response headers the route handler sends back (e.g. Retry-After). */
  resHeaders?: Headers;
};

/** `requestId`: the id the caller already derived (the route handler), so the headers need no copy to carry it. */
export async function createContext(opts: { headers: Headers; requestId?: string; resHeaders?: Headers }): Promise<Context> {
  const requestId = opts.requestId ?? requestIdFrom(opts.headers);
  const session = await readSession(opts.headers);
  extendLogContext({ requestId, ...(session ? { userId: session.userId } : {}) });
  return {
    requestId,
    session,
    requestedTenantId: opts.headers.get("x-tenant-id"),
    ip: clientIp(opts.headers),
    resHeaders: opts.resHeaders,
  };
}

type SuperJSONResult = ReturnType<typeof superjson.serialize>;

const t = initTRPC.context<Context>().create({
  // Requests are read by superjson; responses are written by the equivalent fast path (src/lib/serialize.ts).
  transformer: { input: superjson, output: { serialize: serializeResponse, deserialize: (data: SuperJSONResult) => superjson.deserialize(data) } },
  errorFormatter({ shape, error }) {
    const isInputError = error.code === "BAD_REQUEST" && error.cause instanceof ZodError;
    const mapped = error.cause ? mapError(error.cause) : null;
    // Never send stack traces to clients.
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      message: isInputError ? INPUT_ERROR_MESSAGE : shape.message,
      data: { ...data, fieldErrors: mapped?.fieldErrors ?? null, ...mapped?.limit },
    };
  },
});

/**
 * Maps domain and infrastructure errors to tRPC errors through the shared table
 * (./errors), once, for every procedure. Errors a procedure threw as TRPCError pass.
 */
function toTRPCError(error: TRPCError, ctx: Context): TRPCError {
  const cause = error.cause;
  // Input validation: already BAD_REQUEST, with field errors from the formatter.
  if (error.code === "BAD_REQUEST" && cause instanceof ZodError) return error;
  const ours = cause instanceof DomainError || cause instanceof ZodError || error.code === "INTERNAL_SERVER_ERROR" || isDatabaseUnavailable(error);
  if (!ours) return error;
  const thrown = cause ?? error;
  const mapped = mapError(thrown);
  logFault(mapped, thrown, "procedure");
  if (mapped.retryAfterSeconds !== undefined) ctx.resHeaders?.set("Retry-After", String(mapped.retryAfterSeconds));
  return new TRPCError({ code: mapped.code, message: mapped.message, cause });
}

const errorMapping = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error, ctx);
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Before any input schema: no NUL anywhere, no absurd nesting (./input-guard). */
const inputGuard = t.middleware(async ({ getRawInput, next }) => {
  refuseHostileInput(await getRawInput());
  return next();
});

/** neuroops_trpc_*: outermost, so it sees the code the client gets (after errorMapping). `path` is a procedure of the appRouter. */
const metered = t.middleware(async ({ path, type, next }) => {
  const started = performance.now();
  const result = await next();
  const kind = type === "mutation" ? "mutation" : "query";
  if (result.ok) recordTrpcRequest(path, kind, "OK", (performance.now() - started) / 1000);
  else recordTrpcFailure(path, kind, result.error, (performance.now() - started) / 1000);
  return result;
});

export const publicProcedure = t.procedure.use(metered).use(errorMapping).use(inputGuard);

/** A session cookie is present (its version is checked by the procedures built on this). */
const signedInProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: SIGN_IN_MESSAGE });
  await ensureSafeRuntimeRole();
  return next({ ctx: { ...ctx, session: ctx.session } });
});

/** The signed-in user's own account (not tenant-scoped); ended sessions are refused. */
export const protectedProcedure = signedInProcedure.use(async ({ ctx, next }) => {
  const user = await currentUser(ctx);
  return next({ ctx: { ...ctx, user } });
});

export type TenantContext = {
  db: TenantTx;
  tenant: Organization;
  role: MemberRole;
  userId: string;
  user: { id: string; name: string; email: string };
  /** Who acts, for services: the one value every service that audits or checks roles takes. */
  actor: Actor;
};

/**
 * Member of the tenant named by `x-tenant-id`; runs the procedure in one tenant
 * transaction (app role, app.tenant_id/app.user_id set). An error anywhere rolls it back.
 * The checks are the ones every entrance shares (./membership). The organization's API
 * limit is counted first, before any transaction (./tenant-rate-limit says why).
 */
export const tenantProcedure = signedInProcedure.use(async ({ ctx, next }) => {
  if (!ctx.requestedTenantId) throw new TRPCError({ code: "BAD_REQUEST", message: "No organization selected (missing x-tenant-id)." });
  const tenantId = requestedTenantId(ctx.requestedTenantId);
  await enforceTenantApiLimit(tenantId);
  return asSessionMember({ session: ctx.session, tenantId, requestId: ctx.requestId }, {}, async (tx, member) => {
    const result = await next({ ctx: { ...ctx, db: tx, ...member } satisfies Context & TenantContext });
    // Throwing (not returning) the failure makes the transaction roll back.
    if (!result.ok) throw result.error;
    return result;
  });
});

/** Tenant procedure for `minimum` and the roles above it (owner > admin > member > viewer). */
export function roleProcedure(minimum: MemberRole) {
  return tenantProcedure.use(({ ctx, next }) => {
    assertRole(ctx.role, minimum);
    return next();
  });
}

/**
 * For procedures that call an external service (Stripe): the tenant gate (the same membership,
 * session, suspension and role checks as `roleProcedure`) runs in a short tenant transaction of
 * its own, then the procedure runs outside any transaction (ARCHITECTURE.md: no external call
 * while a tenant transaction is open) and enters the tenant with `ctx.withTenant` for its
 * database steps, which checks the membership again. As `tenantRoute` does for route handlers.
 */
export function gatedRoleProcedure(minimum: MemberRole) {
  return signedInProcedure.use(async ({ ctx, next }) => {
    if (!ctx.requestedTenantId) throw new TRPCError({ code: "BAD_REQUEST", message: "No organization selected (missing x-tenant-id)." });
    const gate = { session: ctx.session, tenantId: requestedTenantId(ctx.requestedTenantId), requestId: ctx.requestId };
    await enforceTenantApiLimit(gate.tenantId); // once per call, before the gate's transaction
    const rules = { minimumRole: minimum };
    const member = await asSessionMember(gate, rules, async (_tx, admitted) => admitted);
    const withTenant = <T>(fn: (tx: TenantTx) => Promise<T>): Promise<T> => asSessionMember(gate, rules, (tx) => fn(tx));
    return next({ ctx: { ...ctx, ...member, withTenant } });
  });
}

/** A signed-in user's own account, with the session version checked. */
export async function currentUser(ctx: Context & { session: SessionClaims }) {
  const user = await userForSession(ctx.session);
  if (!user) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: SESSION_ENDED_MESSAGE });
  }
  return user;
}
