import { desc, eq, sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callerFor, createUser, signInAs, TEST_PASSWORD } from "../../../test/fixtures";
import { runtimeDb } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { outboxEvents } from "../../jobs/schema";
import { reloadEnv } from "../../platform/env";
import { ValidationFailed } from "../../platform/errors";
import { RateLimited, resetRateLimitsForTests } from "../../platform/rate-limit";
import { PLATFORM_TENANT_ID } from "../orgs/constants";
import { authorizeCredentials } from "./auth";
import { changePassword, requestPasswordReset, resetPassword, signUp, verifyEmail } from "./flows";
import { userTokens } from "./schema";
import { getUserById, verifyCredentials } from "./service";

/** The link of the newest account email to `to`, as the user would receive it. */
async function lastLinkTo(to: string, path: "reset-password" | "verify-email"): Promise<string | null> {
  const events = await withTenant({ tenantId: PLATFORM_TENANT_ID }, (tx) =>
    tx
      .select({ payload: outboxEvents.payload })
      .from(outboxEvents)
      .where(sql`${outboxEvents.name} = 'email/send' and ${outboxEvents.payload}->>'to' = ${to}`)
      .orderBy(desc(outboxEvents.createdAt)),
  );
  for (const event of events) {
    const match = new RegExp(`/${path}/(\\S+)`).exec((event.payload as { text: string }).text);
    if (match) return match[1]!;
  }
  return null;
}

async function mailsTo(to: string): Promise<{ subject: string; text: string }[]> {
  const events = await withTenant({ tenantId: PLATFORM_TENANT_ID }, (tx) =>
    tx
      .select({ payload: outboxEvents.payload })
      .from(outboxEvents)
      .where(sql`${outboxEvents.name} = 'email/send' and lower(${outboxEvents.payload}->>'to') = lower(${to})`),
  );
  return events.map((event) => event.payload as { subject: string; text: string });
}

beforeEach(() => resetRateLimitsForTests());

describe("password reset", () => {
  it("mails a link valid for one hour, stored only as a hash", async () => {
    const user = await createUser();
    await requestPasswordReset({ email: user.email.toUpperCase() });
    const token = await lastLinkTo(user.email, "reset-password");
    expect(token).toBeTruthy();
    const [row] = await runtimeDb().select().from(userTokens).where(eq(userTokens.userId, user.id)).orderBy(desc(userTokens.createdAt));
    expect(row).toMatchObject({ purpose: "password_reset", usedAt: null });
    expect(row!.tokenHash).not.toBe(token);
    expect((row!.expiresAt.getTime() - row!.createdAt.getTime()) / 60_000).toBeCloseTo(60, 0);
  });

  it("answers the same for an unknown email and queues nothing", async () => {
    const email = `nobody-${Date.now()}@example.test`;
    const api = callerFor(null);
    const known = await api.accounts.requestPasswordReset({ email: (await createUser()).email });
    const unknown = await api.accounts.requestPasswordReset({ email });
    expect(unknown).toEqual(known);
    expect(await lastLinkTo(email, "reset-password")).toBeNull();
  });

  it("sets the new password, ends every session, and works once", async () => {
    const user = await createUser();
    await requestPasswordReset({ email: user.email });
    const token = (await lastLinkTo(user.email, "reset-password"))!;
    await resetPassword({ token, password: "a-brand-new-password" });
    expect(await verifyCredentials(runtimeDb(), user.email, TEST_PASSWORD)).toBeNull();
    expect(await verifyCredentials(runtimeDb(), user.email, "a-brand-new-password")).not.toBeNull();
    expect((await getUserById(runtimeDb(), user.id))!.sessionVersion).toBe(user.sessionVersion + 1);
    // An old session is now refused by tenant and account procedures alike.
    await expect(callerFor(user).accounts.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(resetPassword({ token, password: "yet-another-password" })).rejects.toBeInstanceOf(ValidationFailed);
  });

  it("refuses an expired link", async () => {
    const user = await createUser();
    await requestPasswordReset({ email: user.email });
    const token = (await lastLinkTo(user.email, "reset-password"))!;
    await runtimeDb().update(userTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(userTokens.userId, user.id));
    await expect(resetPassword({ token, password: "a-brand-new-password" })).rejects.toThrow(/invalid, used or expired/);
    expect(await verifyCredentials(runtimeDb(), user.email, TEST_PASSWORD)).not.toBeNull();
  });

  it("is rate limited per account with a clear message", async () => {
    const user = await createUser();
    const api = callerFor(null);
    for (let i = 0; i < 3; i++) await api.accounts.requestPasswordReset({ email: user.email });
    const error = await api.accounts.requestPasswordReset({ email: user.email }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/Try again in \d+ (seconds|minutes)/) });
  });
});

describe("changing the password", () => {
  it("limits wrong current passwords like sign-in: 5 from one address, then refused even when right", async () => {
    const user = await createUser();
    const api = callerFor(user);
    for (let i = 0; i < 5; i++) {
      await expect(api.accounts.changePassword({ currentPassword: `wrong-password-${i}`, newPassword: "another-password-1" })).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
    }
    const error = await api.accounts.changePassword({ currentPassword: TEST_PASSWORD, newPassword: "another-password-1" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/^Too many attempts\. Try again in \d+ (seconds?|minutes)\.$/) });
    expect(await verifyCredentials(runtimeDb(), user.email, TEST_PASSWORD)).not.toBeNull();
    // The same budget as signing in to that account from that address.
    await expect(authorizeCredentials({ email: user.email, password: TEST_PASSWORD }, { "x-forwarded-for": "127.0.0.1" })).rejects.toBeInstanceOf(RateLimited);
  });

  it("needs the current password", async () => {
    const user = await createUser();
    await expect(changePassword(user.id, { currentPassword: "wrong-password-1", newPassword: "another-password-1" }, { ip: "192.0.2.1" })).rejects.toBeInstanceOf(
      ValidationFailed,
    );
    expect(await verifyCredentials(runtimeDb(), user.email, TEST_PASSWORD)).not.toBeNull();
  });

  it("ends the other sessions", async () => {
    const user = await createUser();
    const { sessionVersion } = await changePassword(user.id, { currentPassword: TEST_PASSWORD, newPassword: "another-password-1" }, { ip: "192.0.2.1" });
    expect(sessionVersion).toBe(user.sessionVersion + 1);
    await expect(callerFor(user).orgs.listMine()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    // Signing in again (with the new password) gives a session under the new version, which works.
    await expect(callerFor({ ...user, sessionVersion, sessionId: await signInAs(user.id) }).orgs.listMine()).resolves.toEqual([]);
  });
});

describe("registration (no account enumeration)", () => {
  it("answers an email that has an account exactly like a new one, and emails the owner instead", async () => {
    const owner = await createUser();
    const api = callerFor(null);
    const fresh = await api.accounts.register({ name: "New Person", email: `fresh-${Date.now()}@example.test`, password: "another-long-password" });
    const taken = await api.accounts.register({ name: "Copy Cat", email: owner.email.toUpperCase(), password: "another-long-password" });
    expect(Object.keys(taken).sort()).toEqual(Object.keys(fresh).sort());
    expect({ ...taken, email: "x" }).toEqual({ ...fresh, email: "x" });

    // The account is untouched; its owner is told, with a way in, and gets no verification link.
    expect(await verifyCredentials(runtimeDb(), owner.email, TEST_PASSWORD)).toMatchObject({ id: owner.id, name: owner.name });
    expect(await verifyCredentials(runtimeDb(), owner.email, "another-long-password")).toBeNull();
    const mails = await mailsTo(owner.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/already has a NeuroOps account/);
    expect(mails[0]!.text).toContain("/sign-in");
    expect(mails[0]!.text).toContain("/forgot-password");
    expect(mails[0]!.text).not.toContain("/verify-email/");
  });

  it("emails the owner at most once an hour, however often the address is tried", async () => {
    const owner = await createUser();
    for (let i = 0; i < 3; i++) expect(await signUp({ name: "Again", email: owner.email, password: "another-long-password" })).toBeNull();
    expect(await mailsTo(owner.email)).toHaveLength(1);
  });
});

describe("email verification", () => {
  it("mails a link on sign-up that verifies the address once", async () => {
    const email = `verify-${Date.now()}@example.test`;
    const user = (await signUp({ name: "Vera", email, password: TEST_PASSWORD }))!;
    expect(user.emailVerified).toBe(false);
    const token = (await lastLinkTo(email, "verify-email"))!;
    expect(await verifyEmail(token)).toEqual({ verified: true });
    expect((await getUserById(runtimeDb(), user.id))!.emailVerified).toBe(true);
    expect(await verifyEmail(token)).toEqual({ verified: false });
  });
});

describe("the super admin (SUPER_ADMIN_EMAIL)", () => {
  const previous = process.env.SUPER_ADMIN_EMAIL;
  afterEach(() => {
    if (previous === undefined) delete process.env.SUPER_ADMIN_EMAIL;
    else process.env.SUPER_ADMIN_EMAIL = previous;
    reloadEnv();
  });

  it("has no powers until the address is verified: whoever registers it first gets nothing from that alone", async () => {
    const email = `platform-admin-${Date.now()}@example.test`;
    process.env.SUPER_ADMIN_EMAIL = email;
    reloadEnv();
    const registered = (await signUp({ name: "Would-be Admin", email, password: TEST_PASSWORD }))!;
    const user = { ...registered, sessionId: await signInAs(registered.id) };
    expect(user.isSuperAdmin).toBe(false);
    expect((await getUserById(runtimeDb(), user.id))!.isSuperAdmin).toBe(false);
    expect(await callerFor(user).accounts.me()).toMatchObject({ isSuperAdmin: false, emailVerified: false });
    await expect(callerFor(user).admin.organizations({})).rejects.toMatchObject({ code: "FORBIDDEN" });

    expect(await verifyEmail((await lastLinkTo(email, "verify-email"))!)).toEqual({ verified: true });
    expect((await getUserById(runtimeDb(), user.id))!.isSuperAdmin).toBe(true);
    expect(await callerFor(user).accounts.me()).toMatchObject({ isSuperAdmin: true, emailVerified: true });
    await expect(callerFor(user).admin.organizations({})).resolves.toBeDefined();
  });
});
