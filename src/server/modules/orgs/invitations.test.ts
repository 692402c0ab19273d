import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { addMember, createUser, TEST_PASSWORD } from "../../../test/fixtures";
import { createTenantWithVerifiedOwner, createVerifiedUser, markEmailUnverified } from "../../../test/verified";
import { runtimeDb } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { outboxEvents } from "../../jobs/schema";
import { Conflict, Forbidden, NotFound } from "../../platform/errors";
import { RATE_LIMITS, RateLimited, resetRateLimitsForTests } from "../../platform/rate-limit";
import { getUserByEmail, verifyCredentials } from "../accounts/service";
import {
  acceptInvitation,
  acceptInvitationAsNewUser,
  createInvitation,
  listOpenInvitations,
  previewInvitation,
  resendInvitation,
  revokeInvitation,
} from "./invitations";
import { invitations } from "./schema";
import { listMembers } from "./service";
import { setCurrentPlan } from "./limits";

async function invite(email = `new-${crypto.randomUUID()}@example.test`, role: "member" | "admin" | "owner" = "member") {
  const { org, owner } = await createTenantWithVerifiedOwner();
  const actor = { userId: owner.id, role: "owner" as const, name: owner.name };
  const invitation = await withTenant({ tenantId: org.id, userId: owner.id }, (tx) => createInvitation(tx, actor, org, { email, role }));
  return { org, owner, actor, invitation, email, token: await lastInvitationToken(org.id) };
}

/** The token as the invitee receives it: read from the queued email's link. */
async function lastInvitationToken(tenantId: string): Promise<string> {
  const [event] = await withTenant({ tenantId }, (tx) =>
    tx
      .select({ payload: outboxEvents.payload })
      .from(outboxEvents)
      .where(eq(outboxEvents.name, "email/send"))
      .orderBy(sql`${outboxEvents.createdAt} desc`)
      .limit(1),
  );
  const text = (event!.payload as { text: string }).text;
  return /\/invite\/(\S+)/.exec(text)![1]!;
}

describe("invitations", () => {
  it("queues an email with a link, stores only a hash of the token, valid 7 days", async () => {
    const { org, invitation, token, email } = await invite();
    const [row] = await withTenant({ tenantId: org.id }, (tx) => tx.select().from(invitations).where(eq(invitations.id, invitation.id)));
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(token).toContain(org.id);
    expect(token).not.toContain(row!.tokenHash);
    const days = (row!.expiresAt.getTime() - row!.createdAt.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(7, 2);
    expect(await previewInvitation(token)).toMatchObject({ status: "valid", email, role: "member", organization: { name: org.name } });
  });

  it("lets an existing user with the invited email join, once", async () => {
    const user = await createUser();
    const { org, token } = await invite(user.email, "admin");
    const result = await acceptInvitation(token, user);
    expect(result).toMatchObject({ organization: { id: org.id }, role: "admin" });
    const members = await withTenant({ tenantId: org.id }, (tx) => listMembers(tx));
    expect(members.find((m) => m.userId === user.id)?.role).toBe("admin");
    await expect(acceptInvitation(token, user)).rejects.toThrow(/already been used/);
    expect(await previewInvitation(token)).toEqual({ status: "used" });
  });

  it("refuses a signed-in user whose email is not the invited one", async () => {
    const { token, org } = await invite();
    const stranger = await createUser();
    await expect(acceptInvitation(token, stranger)).rejects.toBeInstanceOf(Forbidden);
    const members = await withTenant({ tenantId: org.id }, (tx) => listMembers(tx));
    expect(members.map((m) => m.userId)).not.toContain(stranger.id);
  });

  it("registers a new person on the way, with the invited email verified", async () => {
    const { org, token, email } = await invite();
    const result = await acceptInvitationAsNewUser({ token, name: "Nia New", password: TEST_PASSWORD });
    expect(result).toMatchObject({ email, role: "member", organization: { id: org.id } });
    const user = await verifyCredentials(runtimeDb(), email, TEST_PASSWORD);
    expect(user).not.toBeNull();
    const stored = await getUserByEmail(runtimeDb(), email);
    expect(stored?.id).toBe(user!.id);
  });

  it("refuses an expired invitation", async () => {
    const user = await createUser();
    const { org, token, invitation } = await invite(user.email);
    await withTenant({ tenantId: org.id }, (tx) =>
      tx.update(invitations).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(invitations.id, invitation.id)),
    );
    expect(await previewInvitation(token)).toEqual({ status: "expired" });
    await expect(acceptInvitation(token, user)).rejects.toThrow(/expired/);
  });

  it("refuses a revoked invitation", async () => {
    const user = await createUser();
    const { org, owner, actor, token, invitation } = await invite(user.email);
    await withTenant({ tenantId: org.id, userId: owner.id }, (tx) => revokeInvitation(tx, actor, invitation.id));
    await expect(acceptInvitation(token, user)).rejects.toThrow(/revoked/);
    expect(await withTenant({ tenantId: org.id }, (tx) => listOpenInvitations(tx))).toEqual([]);
  });

  it("re-sending issues a new link and the old one stops working", async () => {
    const user = await createUser();
    const { org, owner, actor, token: oldToken, invitation } = await invite(user.email);
    await withTenant({ tenantId: org.id, userId: owner.id }, (tx) => resendInvitation(tx, actor, org, invitation.id));
    const newToken = await lastInvitationToken(org.id);
    expect(newToken).not.toBe(oldToken);
    expect(await previewInvitation(oldToken)).toEqual({ status: "invalid" });
    await expect(acceptInvitation(newToken, user)).resolves.toMatchObject({ role: "member" });
  });

  it("treats a malformed or foreign token as invalid without revealing anything", async () => {
    const { org } = await invite();
    for (const token of ["garbage", `${org.id}.short`, `${crypto.randomUUID()}.${"a".repeat(43)}`, `${org.id}.${"b".repeat(43)}`]) {
      expect(await previewInvitation(token)).toEqual({ status: "invalid" });
    }
    await expect(acceptInvitation("garbage", await createUser())).rejects.toBeInstanceOf(NotFound);
  });

  it("refuses to invite an existing member or someone already invited", async () => {
    const { org, owner, actor, email } = await invite();
    await expect(withTenant({ tenantId: org.id, userId: owner.id }, (tx) => createInvitation(tx, actor, org, { email, role: "member" }))).rejects.toBeInstanceOf(
      Conflict,
    );
    await expect(
      withTenant({ tenantId: org.id, userId: owner.id }, (tx) => createInvitation(tx, actor, org, { email: owner.email, role: "member" })),
    ).rejects.toThrow(/already a member/);
  });

  it("does not let an admin invite an owner", async () => {
    const { org, owner } = await createTenantWithVerifiedOwner();
    await expect(
      withTenant({ tenantId: org.id, userId: owner.id }, (tx) =>
        createInvitation(tx, { userId: owner.id, role: "admin", name: "Admin" }, org, { email: "x@example.test", role: "owner" }),
      ),
    ).rejects.toBeInstanceOf(Forbidden);
    const open = await withTenant({ tenantId: org.id }, (tx) => tx.select().from(invitations).where(and(eq(invitations.email, "x@example.test"))));
    expect(open).toEqual([]);
  });
});

describe("invitation limits (no open mail relay)", () => {
  beforeEach(() => resetRateLimitsForTests());

  const someone = () => `relay-${crypto.randomUUID()}@example.test`;

  async function send(org: { id: string; name: string }, inviter: { id: string; name: string }, role: "owner" | "admin" = "owner") {
    return withTenant({ tenantId: org.id, userId: inviter.id }, (tx) =>
      createInvitation(tx, { userId: inviter.id, role, name: inviter.name }, org, { email: someone(), role: "member" }),
    );
  }

  it("needs a verified email to invite or re-send, and says how to get one", async () => {
    const { org, owner } = await createTenantWithVerifiedOwner();
    const actor = { userId: owner.id, role: "owner" as const, name: owner.name };
    const first = await send(org, owner);
    await markEmailUnverified(owner.id);

    const refused = await send(org, owner).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Forbidden);
    expect((refused as Forbidden).message).toMatch(/^Confirm your email address before inviting people/);
    await expect(withTenant({ tenantId: org.id, userId: owner.id }, (tx) => resendInvitation(tx, actor, org, first.id))).rejects.toBeInstanceOf(Forbidden);
    expect(await withTenant({ tenantId: org.id }, (tx) => listOpenInvitations(tx))).toHaveLength(1);
  });

  it("limits the invitations one person sends per hour, re-sends included, with a clear message", async () => {
    const { org, owner } = await createTenantWithVerifiedOwner();
    await withTenant({ tenantId: org.id }, (tx) => setCurrentPlan(tx, "business")); // seats are not what this test is about
    const actor = { userId: owner.id, role: "owner" as const, name: owner.name };
    const first = await send(org, owner);
    await withTenant({ tenantId: org.id, userId: owner.id }, (tx) => resendInvitation(tx, actor, org, first.id));
    for (let i = 2; i < RATE_LIMITS.invitationsPerUser.limit; i++) await send(org, owner);

    const refused = await send(org, owner).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimited);
    expect((refused as RateLimited).message).toMatch(
      new RegExp(`^You have sent ${RATE_LIMITS.invitationsPerUser.limit} invitations in the last hour, the most allowed\\. Try again in \\d+ minutes\\.$`),
    );
    expect(await withTenant({ tenantId: org.id }, (tx) => listOpenInvitations(tx))).toHaveLength(RATE_LIMITS.invitationsPerUser.limit - 1);

    // Another admin of the organization still can.
    const admin = await createVerifiedUser();
    await addMember(org.id, admin.id, "admin");
    await expect(send(org, admin, "admin")).resolves.toMatchObject({ id: expect.any(String) });
  });

  it("limits the invitations an organization sends per hour, whoever sends them", async () => {
    const { org, owner } = await createTenantWithVerifiedOwner();
    await withTenant({ tenantId: org.id }, (tx) => setCurrentPlan(tx, "business")); // seats are not what this test is about
    const admins = await Promise.all([createVerifiedUser(), createVerifiedUser()]);
    for (const admin of admins) await addMember(org.id, admin.id, "admin");
    const senders = [owner, ...admins];
    for (let i = 0; i < RATE_LIMITS.invitationsPerTenant.limit; i++) await send(org, senders[i % 3]!, i % 3 === 0 ? "owner" : "admin");

    const refused = await send(org, admins[0]!, "admin").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimited);
    expect((refused as RateLimited).message).toMatch(
      new RegExp(`^${org.name} has sent ${RATE_LIMITS.invitationsPerTenant.limit} invitations in the last hour, the most allowed\\. Try again in \\d+ minutes\\.$`),
    );
    // Another organization is not affected.
    const other = await createTenantWithVerifiedOwner();
    await expect(send(other.org, other.owner)).resolves.toMatchObject({ id: expect.any(String) });
  });
});
