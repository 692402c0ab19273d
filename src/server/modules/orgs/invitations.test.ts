import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTenant, createUser, TEST_PASSWORD } from "../../../test/fixtures";
import { runtimeDb } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { outboxEvents } from "../../jobs/schema";
import { Conflict, Forbidden, NotFound } from "../../platform/errors";
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

async function invite(email = `new-${crypto.randomUUID()}@example.test`, role: "member" | "admin" | "owner" = "member") {
  const { org, owner } = await createTenant();
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
    const { org, owner } = await createTenant();
    await expect(
      withTenant({ tenantId: org.id, userId: owner.id }, (tx) =>
        createInvitation(tx, { userId: owner.id, role: "admin", name: "Admin" }, org, { email: "x@example.test", role: "owner" }),
      ),
    ).rejects.toBeInstanceOf(Forbidden);
    const open = await withTenant({ tenantId: org.id }, (tx) => tx.select().from(invitations).where(and(eq(invitations.email, "x@example.test"))));
    expect(open).toEqual([]);
  });
});
