import { eq, sql } from "drizzle-orm";
import { decode } from "next-auth/jwt";
import { beforeEach, describe, expect, it } from "vitest";
import { callerFor, createTenant, createUser, signInAs, TEST_PASSWORD, testSessionId } from "../../../test/fixtures";
import { refreshThroughNextAuth, sessionCookie, signInThroughNextAuth, signOutThroughNextAuth, trpcHttp } from "../../../test/http";
import { tenantRoute } from "../../api/tenant-route";
import { runtimeDb } from "../../db/client";
import { authSecret } from "../../platform/env";
import { resetRateLimitsForTests } from "../../platform/rate-limit";
import { changePassword } from "./flows";
import { userSessions } from "./schema";
import { SESSION_SEEN_EVERY_MINUTES } from "./sessions";

type ErrorBody = { error: { json: { message: string; data: { code: string } } } };
const ENDED = "Your session has ended. Please sign in again.";

const messageOf = (body: unknown) => (body as ErrorBody).error.json.message;

async function sessionRow(id: string) {
  const [row] = await runtimeDb().select().from(userSessions).where(eq(userSessions.id, id));
  return row!;
}

/** Moves a session's times into the past, as if it had been open that long. */
async function age(sessionId: string, changes: { expiredMinutesAgo?: number; lastSeenMinutesAgo?: number }) {
  await runtimeDb()
    .update(userSessions)
    .set({
      ...(changes.expiredMinutesAgo !== undefined ? { expiresAt: sql`now() - make_interval(mins => ${changes.expiredMinutesAgo})` } : {}),
      ...(changes.lastSeenMinutesAgo !== undefined ? { lastSeenAt: sql`now() - make_interval(mins => ${changes.lastSeenMinutesAgo})` } : {}),
    })
    .where(eq(userSessions.id, sessionId));
}

beforeEach(() => resetRateLimitsForTests());

describe("signing in and out through next-auth", () => {
  it("opens a session row with device and address, and puts its id and absolute end in the JWT", async () => {
    const user = await createUser();
    const cookie = await signInThroughNextAuth(user.email, TEST_PASSWORD, { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0" });
    expect(cookie).toBeTruthy();
    const claims = await decode({ token: cookie!.slice(cookie!.indexOf("=") + 1), secret: authSecret() });
    const row = await sessionRow(claims!.sid as string);
    expect(row).toMatchObject({ userId: user.id, revokedAt: null, userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0" });
    expect(claims!.sxp).toBe(Math.floor(row.expiresAt.getTime() / 1000));
    expect((row.expiresAt.getTime() - row.createdAt.getTime()) / 86_400_000).toBeCloseTo(30, 3);
  });

  it("makes a copied cookie worthless after sign-out", async () => {
    const { org, owner } = await createTenant();
    const cookie = (await signInThroughNextAuth(owner.email, TEST_PASSWORD))!;
    const copy = cookie;
    expect((await trpcHttp("accounts.me", { cookie })).status).toBe(200);
    expect((await trpcHttp("orgs.current", { cookie, tenantId: org.id })).status).toBe(200);

    await signOutThroughNextAuth(cookie);

    const own = await trpcHttp("accounts.me", { cookie: copy });
    expect(own.status).toBe(401);
    expect(messageOf(own.body)).toBe(ENDED);
    const tenant = await trpcHttp("orgs.current", { cookie: copy, tenantId: org.id });
    expect(tenant.status).toBe(401);
    expect(messageOf(tenant.body)).toBe(ENDED);
  });

  it("re-issues the cookie no later than the session's absolute end, and clears it after", async () => {
    const user = await createUser();
    const sessionId = await signInAs(user.id);
    const endsSoon = new Date(Date.now() + 60 * 60 * 1000);
    const reissued = await refreshThroughNextAuth(await sessionCookie({ ...user, sessionId }, { sessionEndsAt: endsSoon }));
    const claims = await decode({ token: reissued!.value, secret: authSecret() });
    expect(claims!.exp).toBeLessThanOrEqual(Math.floor(endsSoon.getTime() / 1000));

    const ended = await refreshThroughNextAuth(await sessionCookie({ ...user, sessionId }, { sessionEndsAt: new Date(Date.now() - 1000) }));
    expect(ended).toBeNull();
  });
});

describe("the absolute lifetime", () => {
  it("refuses a session past its end even with a fresh JWT, for the account and in a tenant", async () => {
    const { org, owner } = await createTenant();
    await age(testSessionId(owner), { expiredMinutesAgo: 1 });
    const cookie = await sessionCookie(owner);
    const own = await trpcHttp("accounts.me", { cookie });
    expect(own.status).toBe(401);
    expect(messageOf(own.body)).toBe(ENDED);
    const tenant = await trpcHttp("orgs.current", { cookie, tenantId: org.id });
    expect(tenant.status).toBe(401);
    expect(messageOf(tenant.body)).toBe(ENDED);
  });

  it("refuses a session id that does not exist, and one of another user", async () => {
    const { org, owner } = await createTenant();
    const other = await createUser();
    for (const sessionId of [crypto.randomUUID(), testSessionId(other)]) {
      await expect(callerFor({ ...owner, sessionId }).accounts.me()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: ENDED });
      await expect(callerFor({ ...owner, sessionId }, org.id).orgs.current()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: ENDED });
    }
  });
});

describe("revoked sessions in tenant requests", () => {
  it("answers 401 through tRPC and through a route handler behind tenantRoute", async () => {
    const { org, owner } = await createTenant();
    const cookie = await sessionCookie(owner);
    let reached = 0;
    const route = tenantRoute({}, async () => {
      reached++;
      return Response.json({ reached: true });
    });
    const probe = () => route(new Request("http://localhost/api/probe", { headers: { cookie, "x-tenant-id": org.id } }));
    expect((await probe()).status).toBe(200);

    await callerFor(owner).accounts.endSession({ sessionId: testSessionId(owner) });

    const viaTrpc = await trpcHttp("members.list", { cookie, tenantId: org.id });
    expect(viaTrpc.status).toBe(401);
    expect(messageOf(viaTrpc.body)).toBe(ENDED);
    const viaRoute = await probe();
    expect(viaRoute.status).toBe(401);
    expect(JSON.stringify(await viaRoute.json())).toContain(ENDED);
    expect(reached).toBe(1);
  });
});

describe("Account → Sessions", () => {
  it("lists the caller's active sessions with device and address, marking this one", async () => {
    const user = await createUser();
    const phone = await signInAs(user.id, { userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile Safari/604.1", ip: "198.51.100.7" });
    const ended = await signInAs(user.id);
    await callerFor({ ...user, sessionId: ended }).accounts.endSession({ sessionId: ended });

    const sessions = await callerFor(user).accounts.sessions();
    expect(sessions.map((session) => session.id).sort()).toEqual([testSessionId(user), phone].sort());
    expect(sessions.find((session) => session.id === phone)).toMatchObject({ device: "Safari on iOS", ip: "198.51.100.7", current: false });
    expect(sessions.find((session) => session.current)?.id).toBe(testSessionId(user));
    expect(JSON.stringify(sessions)).not.toContain("expiresAt");
  });

  it("signs out everywhere else: the others end, this one goes on", async () => {
    const user = await createUser();
    const laptop = await signInAs(user.id);
    const phone = await signInAs(user.id);
    expect(await callerFor(user).accounts.endOtherSessions()).toEqual({ ended: 2 });

    await expect(callerFor(user).accounts.me()).resolves.toMatchObject({ id: user.id });
    for (const sessionId of [laptop, phone]) {
      await expect(callerFor({ ...user, sessionId }).accounts.me()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: ENDED });
    }
    expect((await callerFor(user).accounts.sessions()).map((session) => session.id)).toEqual([testSessionId(user)]);
  });

  it("neither shows nor ends another user's sessions", async () => {
    const alice = await createUser();
    const mallory = await createUser();
    expect((await callerFor(mallory).accounts.sessions()).map((session) => session.id)).not.toContain(testSessionId(alice));
    await expect(callerFor(mallory).accounts.endSession({ sessionId: testSessionId(alice) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await callerFor(mallory).accounts.endOtherSessions()).toEqual({ ended: 0 });
    expect((await sessionRow(testSessionId(alice))).revokedAt).toBeNull();
    await expect(callerFor(alice).accounts.me()).resolves.toMatchObject({ id: alice.id });
  });

  it("refuses a malformed session id with 400", async () => {
    const user = await createUser();
    const response = await trpcHttp("accounts.endSession", { method: "POST", cookie: await sessionCookie(user), input: { sessionId: "not-a-uuid" } });
    expect(response.status).toBe(400);
  });
});

describe("last seen", () => {
  it(`is written at most every ${SESSION_SEEN_EVERY_MINUTES} minutes, by account and tenant requests alike`, async () => {
    const { org, owner } = await createTenant();
    const sessionId = testSessionId(owner);
    await age(sessionId, { lastSeenMinutesAgo: 2 });
    const recent = (await sessionRow(sessionId)).lastSeenAt;
    await callerFor(owner).accounts.me();
    await callerFor(owner, org.id).orgs.current();
    expect((await sessionRow(sessionId)).lastSeenAt).toEqual(recent);

    await age(sessionId, { lastSeenMinutesAgo: SESSION_SEEN_EVERY_MINUTES + 1 });
    await callerFor(owner, org.id).orgs.current();
    expect(Date.now() - (await sessionRow(sessionId)).lastSeenAt.getTime()).toBeLessThan(60_000);

    await age(sessionId, { lastSeenMinutesAgo: SESSION_SEEN_EVERY_MINUTES + 1 });
    await callerFor(owner).accounts.me();
    expect(Date.now() - (await sessionRow(sessionId)).lastSeenAt.getTime()).toBeLessThan(60_000);
  });
});

describe("password changes", () => {
  it("revoke every session row of the account, besides bumping the session version", async () => {
    const user = await createUser();
    const other = await signInAs(user.id);
    await changePassword(user.id, { currentPassword: TEST_PASSWORD, newPassword: "another-password-1" }, { ip: "192.0.2.1" });
    for (const sessionId of [testSessionId(user), other]) expect((await sessionRow(sessionId)).revokedAt).not.toBeNull();
  });
});
