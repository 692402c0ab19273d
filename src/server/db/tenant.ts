import { sql } from "drizzle-orm";
import { runtimeDb, type Tx } from "./client";
import { idTextLiteral, textLiteral } from "./literal";
import { APP_ROLE } from "./roles";
import { extendLogContext, logger } from "../platform/logger";

/**
 * `role` becomes app.role, which the CRM visibility policy reads: a member's role, or
 * "system" for server work with no member behind it (jobs, seeds). tenantProcedure sets
 * it from the membership row itself (see findMembership), so scopes there leave it out.
 */
export type ScopeRole = "owner" | "admin" | "member" | "viewer" | "system";
export type TenantScope = { tenantId: string; userId?: string | null; requestId?: string | null; role?: ScopeRole | null };

/**
 * A member acting in a tenant: who (for audit and ownership) and with which role (for
 * permission and visibility rules). The tRPC tenant procedure and the route gate put one
 * on their context; services that act for a person take it. Declared here, below the
 * modules, so services, jobs and the API layer share it without importing each other.
 */
export type Actor = { userId: string; role: Exclude<ScopeRole, "system"> };

declare const tenantScoped: unique symbol;

/**
 * A transaction opened by `withTenant`: the app role, with app.tenant_id set. Branded,
 * so a tenant service cannot be handed the bare pool or an unscoped transaction.
 */
export type TenantTx = Tx & { readonly [tenantScoped]: true };

/**
 * Role and settings in ONE statement, local to the transaction (safe behind
 * PgBouncer in transaction mode). `set_config('role', …)` is `SET LOCAL ROLE`.
 * The values are literals, not parameters (./literal.ts: ids must be UUIDs, other
 * text cannot end its literal), so the statement takes one round trip and the
 * statement after it is sent right behind it.
 */
async function enterScope(tx: Tx, scope: TenantScope) {
  await tx.execute(sql`select set_config('role', ${textLiteral(APP_ROLE)}, true),
    set_config('app.tenant_id', ${idTextLiteral(scope.tenantId)}, true),
    set_config('app.user_id', ${idTextLiteral(scope.userId ?? "")}, true),
    set_config('app.request_id', ${textLiteral(scope.requestId ?? "")}, true),
    set_config('app.role', ${textLiteral(scope.role ?? "")}, true)`);
}

/**
 * Runs `fn` in one transaction that sees exactly one tenant's rows. Keep it short:
 * no LLM, Stripe or other network calls inside.
 */
export async function withTenant<T>(scope: TenantScope, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  extendLogContext({ tenantId: scope.tenantId, ...(scope.userId ? { userId: scope.userId } : {}) });
  const pending: AfterCommit[] = [];
  const result = await runtimeDb().transaction(async (tx) => {
    // Server code with no member behind it sees every record of the tenant.
    await enterScope(tx, { ...scope, role: scope.role === undefined ? "system" : scope.role });
    AFTER_COMMIT.set(tx, { tenantId: scope.tenantId, pending });
    return fn(tx as TenantTx);
  });
  await runAfterCommit(scope.tenantId, pending);
  return result;
}

type AfterCommit = (tenantId: string) => Promise<void> | void;

/** The callbacks a tenant transaction runs once it has committed (none run after a rollback). */
const AFTER_COMMIT = new WeakMap<object, { tenantId: string; pending: AfterCommit[] }>();

async function runAfterCommit(tenantId: string, pending: AfterCommit[]): Promise<void> {
  for (const callback of pending) {
    try {
      await callback(tenantId);
    } catch (error) {
      // The transaction is committed: a failing follow-up (a cache bump) must not turn it into an error.
      logger.warn({ err: error, tenantId }, "after-commit callback failed");
    }
  }
}

/**
 * Runs `callback` with the tenant's id after `tx` commits (e.g. a cache invalidation: run
 * before the commit, a concurrent read could cache the old figures again). A transaction
 * not opened by withTenant/withTenantPipelined (enterTenant inside a caller's own
 * transaction) runs it right away: there is no commit to wait for that this module sees.
 */
export function afterCommit(tx: TenantTx, callback: AfterCommit): void {
  const registration = AFTER_COMMIT.get(tx);
  if (registration) registration.pending.push(callback);
  else void runAfterCommit(scopeOf.get(tx) ?? "", [callback]);
}

/** The tenant of a transaction switched with enterTenant (for afterCommit's immediate run). */
const scopeOf = new WeakMap<object, string>();

/**
 * `withTenant` whose first query is sent right behind the settings statement without
 * waiting for its answer: postgres.js pipelines both on the transaction's connection
 * and Postgres runs them in order, so the query already sees the tenant. Saves one
 * round trip on every tenant request (the membership check). Only a first query with
 * no parameters is pipelined (postgres.js waits for a statement with parameters to be
 * described first; see ./literal.ts), as `findMembership`'s is.
 */
export async function withTenantPipelined<F, T>(
  scope: TenantScope,
  firstQuery: (tx: TenantTx) => Promise<F>,
  fn: (tx: TenantTx, first: F) => Promise<T>,
): Promise<T> {
  extendLogContext({ tenantId: scope.tenantId, ...(scope.userId ? { userId: scope.userId } : {}) });
  const pending: AfterCommit[] = [];
  const result = await runtimeDb().transaction(async (tx) => {
    // Both calls dispatch synchronously, in this order, before either answer arrives.
    const scoped = tx as TenantTx;
    AFTER_COMMIT.set(tx, { tenantId: scope.tenantId, pending });
    const [, first] = await Promise.all([enterScope(tx, scope), firstQuery(scoped)]);
    return fn(scoped, first);
  });
  await runAfterCommit(scope.tenantId, pending);
  return result;
}

/**
 * A transaction with the user set but no tenant: sees no tenant rows except the
 * user's own memberships (their policy allows it).
 */
export async function withUser<T>(userId: string, fn: (tx: Tx) => Promise<T>, requestId?: string): Promise<T> {
  return runtimeDb().transaction(async (tx) => {
    await enterScope(tx, { tenantId: "", userId, requestId });
    return fn(tx);
  });
}

/** Switches an open transaction to a tenant (used right after creating that tenant). */
export async function enterTenant(tx: Tx, scope: TenantScope): Promise<TenantTx> {
  await enterScope(tx, { ...scope, role: scope.role === undefined ? "system" : scope.role });
  scopeOf.set(tx, scope.tenantId);
  return tx as TenantTx;
}
