import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { createCaller } from "../server/api/root";
import type { Context } from "../server/api/trpc";
import { runtimeDb } from "../server/db/client";
import { withTenant, type TenantTx } from "../server/db/tenant";
import { users } from "../server/modules/accounts/schema";
import { getUserById, registerUser, type SessionUser } from "../server/modules/accounts/service";
import { openSession } from "../server/modules/accounts/sessions";
import { createOrganization, type Organization } from "../server/modules/orgs/service";
import { memberships, type MemberRole } from "../server/modules/orgs/schema";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export const TEST_PASSWORD = "correct-horse-battery";

/** What session claims name: who, under which session version and, unless the default, which session. */
export type TestSessionOwner = Pick<SessionUser, "id" | "sessionVersion"> & { sessionId?: string };

// Every user createUser makes is signed in once: contextFor, callerFor and sessionCookie use
// that session unless given another, also for copies like `{ id, sessionVersion: 0 }`.
const defaultSessions = new Map<string, string>();

/** Opens a real session row for the user (what signing in does), without the password round. */
export async function signInAs(userId: string, from: { userAgent?: string; ip?: string } = {}): Promise<string> {
  const session = await openSession(runtimeDb(), { userId, userAgent: from.userAgent ?? "vitest", ip: from.ip ?? "127.0.0.1" });
  return session.id;
}

/**
 * The session tests use for this user: its own `sessionId`, else the one createUser opened,
 * else a made-up id (no such session: refused as an ended one).
 */
export function testSessionId(user: TestSessionOwner): string {
  return user.sessionId ?? defaultSessions.get(user.id) ?? crypto.randomUUID();
}

/**
 * An established account, signed in once (its session: `testSessionId(user)`): its email is
 * verified (inviting people and super-admin powers need that).
 */
export async function createUser(overrides: { name?: string; email?: string } = {}): Promise<SessionUser> {
  const id = unique();
  const user = await registerUser(runtimeDb(), {
    name: overrides.name ?? `User ${id}`,
    email: overrides.email ?? `user-${id}@example.test`,
    password: TEST_PASSWORD,
  });
  await runtimeDb().update(users).set({ emailVerifiedAt: sql`now()` }).where(eq(users.id, user.id));
  const sessionId = await signInAs(user.id);
  defaultSessions.set(user.id, sessionId);
  return (await getUserById(runtimeDb(), user.id))!;
}

/** A tenant with an owner, in one line. */
export async function createTenant(name = `Org ${unique()}`): Promise<{ org: Organization; owner: SessionUser }> {
  const owner = await createUser();
  const org = await createOrganization(owner.id, { name });
  return { org, owner };
}

/** Adds an existing user to a tenant with a role (what invitations will do). */
export async function addMember(tenantId: string, userId: string, role: MemberRole): Promise<void> {
  await withTenant({ tenantId }, (tx) => tx.insert(memberships).values({ userId, role }));
}

export function contextFor(user: TestSessionOwner | null, tenantId?: string | null): Context {
  return {
    requestId: `test-${unique()}`,
    session: user ? { userId: user.id, sessionVersion: user.sessionVersion, sessionId: testSessionId(user) } : null,
    requestedTenantId: tenantId ?? null,
    ip: "127.0.0.1",
    resHeaders: new Headers(),
  };
}

/** A tRPC caller acting as `user` in `tenantId` (the x-tenant-id header). */
export function callerFor(user: TestSessionOwner | null, tenantId?: string | null) {
  return createCaller(contextFor(user, tenantId));
}

export function inTenant<T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  return withTenant({ tenantId }, fn);
}

/** The SQLSTATE and message a promise rejects with (Drizzle wraps the driver's error as `cause`). */
export async function pgFailure(promise: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { code: cause?.code ?? (error as { code?: string }).code, message: cause?.message ?? String(error) };
  }
  throw new Error("expected the query to fail, but it succeeded");
}

/** The tRPC error code a call ends with, or "OK" when it succeeds (any other error is thrown again). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

/** The error a call is refused with (the test fails if the call succeeds). */
export async function refusal(promise: Promise<unknown>): Promise<Error & { fields?: Record<string, string[]> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a refusal, but the call succeeded");
}
