import { fieldErrorsOf as zodFieldErrors } from "../platform/validate";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { ensureSafeRuntimeRole } from "../db/client";
import { withTenantPipelined, type TenantTx } from "../db/tenant";
import {
  Conflict,
  DATABASE_UNAVAILABLE_MESSAGE,
  DomainError,
  Forbidden,
  LimitReached,
  NotFound,
  ServiceUnavailable,
  Unauthorized,
  ValidationFailed,
  isDatabaseUnavailable,
} from "../platform/errors";
import { extendLogContext, logger } from "../platform/logger";
import { readSession, type SessionClaims } from "../modules/accounts/session";
import { clientIp, RateLimited } from "../platform/rate-limit";
import { findMembership, type Organization } from "../modules/orgs/service";
import { touchMemberActivity } from "../modules/orgs/members";
import { roleAtLeast } from "../modules/orgs/roles";
import type { MemberRole } from "../modules/orgs/schema";
import { userForSession } from "../modules/accounts/current";

export type Context = {
  requestId: string;
  session: SessionClaims | null;
  /** The tenant the client asks for (`x-tenant-id`); checked against membership before use. */
  requestedTenantId: string | null;
  /** The caller's IP, for rate limits (trustworthy only behind a proxy that sets x-forwarded-for). */
  ip: string;
  /** Response headers the route handler sends back (e.g. Retry-After). */
  resHeaders?: Headers;
};

export async function createContext(opts: { headers: Headers; resHeaders?: Headers }): Promise<Context> {
  const requestId = opts.headers.get("x-request-id")?.slice(0, 64) || crypto.randomUUID();
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

function fieldErrorsOf(cause: unknown): Record<string, string[]> | null {
  if (cause instanceof ZodError) return zodFieldErrors(cause);
  if (cause instanceof ValidationFailed) return cause.fields;
  return null;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const isInputError = error.code === "BAD_REQUEST" && error.cause instanceof ZodError;
    // Never send stack traces to clients.
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      message: isInputError ? "Some fields need attention." : shape.message,
      data: {
        ...data,
        fieldErrors: fieldErrorsOf(error.cause),
        ...(error.cause instanceof LimitReached ? { limit: error.cause.limit, plan: error.cause.plan } : {}),
      },
    };
  },
});

/** Maps domain and infrastructure errors to tRPC errors, once, for every procedure. */
function toTRPCError(error: TRPCError, ctx: Context): TRPCError {
  const cause = error.cause;
  if (cause instanceof DomainError) {
    const code =
      cause instanceof NotFound
        ? "NOT_FOUND"
        : cause instanceof Forbidden
          ? "FORBIDDEN"
          : cause instanceof Unauthorized
            ? "UNAUTHORIZED"
            : cause instanceof Conflict
              ? "CONFLICT"
              : cause instanceof ValidationFailed
                ? "BAD_REQUEST"
                : cause instanceof LimitReached
                  ? "FORBIDDEN"
                  : cause instanceof ServiceUnavailable
                    ? "SERVICE_UNAVAILABLE"
                    : cause instanceof RateLimited
                      ? "TOO_MANY_REQUESTS"
                      : "BAD_REQUEST";
    if (cause instanceof ServiceUnavailable || cause instanceof RateLimited) ctx.resHeaders?.set("Retry-After", String(cause.retryAfterSeconds));
    return new TRPCError({ code, message: cause.message, cause });
  }
  if (cause instanceof ZodError) return error; // input validation: already BAD_REQUEST with field errors
  if (isDatabaseUnavailable(cause) || isDatabaseUnavailable(error)) {
    ctx.resHeaders?.set("Retry-After", "5");
    logger.error({ err: cause ?? error }, "database unavailable");
    return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE, cause });
  }
  if (error.code === "INTERNAL_SERVER_ERROR") {
    logger.error({ err: cause ?? error }, "unhandled error in procedure");
    return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side. It has been logged.", cause });
  }
  return error;
}

const errorMapping = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error, ctx);
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(errorMapping);

/** A session cookie is present (its version is checked by the procedures built on this). */
const signedInProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in to continue." });
  await ensureSafeRuntimeRole();
  return next({ ctx: { ...ctx, session: ctx.session } });
});

/** The signed-in user's own account (not tenant-scoped); ended sessions are refused. */
export const protectedProcedure = signedInProcedure.use(async ({ ctx, next }) => {
  const user = await currentUser(ctx);
  return next({ ctx: { ...ctx, user } });
});

const UUID = z.uuid();

export type TenantContext = {
  db: TenantTx;
  tenant: Organization;
  role: MemberRole;
  userId: string;
  user: { id: string; name: string; email: string };
};

/**
 * Member of the tenant named by `x-tenant-id`; runs the procedure in one tenant
 * transaction (app role, app.tenant_id/app.user_id set). An error anywhere rolls it back.
 */
export const tenantProcedure = signedInProcedure.use(async ({ ctx, next }) => {
  const tenantId = ctx.requestedTenantId;
  if (!tenantId) throw new TRPCError({ code: "BAD_REQUEST", message: "No organization selected (missing x-tenant-id)." });
  if (!UUID.safeParse(tenantId).success) {
    throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of this organization." });
  }
  const userId = ctx.session.userId;
  const scope = { tenantId, userId, requestId: ctx.requestId };
  return withTenantPipelined(scope, (tx) => findMembership(tx, tenantId, userId), async (tx, membership) => {
    if (!membership) throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of this organization." });
    if (membership.sessionVersion !== ctx.session.sessionVersion) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended. Please sign in again." });
    }
    if (membership.suspendedAt) {
      const reason = membership.suspendedReason ? ` Reason: ${membership.suspendedReason}` : "";
      throw new TRPCError({ code: "FORBIDDEN", message: `This organization is suspended.${reason} Contact support to restore access.` });
    }
    const user = { id: userId, ...membership.user };
    // "Last active" for Settings → Members: one small write every 5 minutes per member at most.
    if (!membership.activeRecently) await touchMemberActivity(tx, userId);
    const result = await next({
      ctx: { ...ctx, db: tx, tenant: membership, role: membership.role, userId, user } satisfies Context & TenantContext,
    });
    // Throwing (not returning) the failure makes the transaction roll back.
    if (!result.ok) throw result.error;
    return result;
  });
});

/** Tenant procedure for `minimum` and the roles above it (owner > admin > member > viewer). */
export function roleProcedure(minimum: MemberRole) {
  return tenantProcedure.use(({ ctx, next }) => {
    if (!roleAtLeast(ctx.role, minimum)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `This needs the ${minimum} role or higher; you are ${ctx.role === "admin" ? "an" : "a"} ${ctx.role}.`,
      });
    }
    return next();
  });
}

/** A signed-in user's own account, with the session version checked. */
export async function currentUser(ctx: Context & { session: SessionClaims }) {
  const user = await userForSession(ctx.session);
  if (!user) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended. Please sign in again." });
  }
  return user;
}
