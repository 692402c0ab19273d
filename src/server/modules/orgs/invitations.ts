import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { runtimeDb } from "../../db/client";
import { enterTenant, withTenant, type TenantTx } from "../../db/tenant";
import { publishEvent } from "../../jobs/publish";
import { Conflict, Forbidden, NotFound } from "../../platform/errors";
import { plainText } from "../../platform/validate";
import { enforceRateLimits, RATE_LIMITS } from "../../platform/rate-limit";
import { hashSecretToken, newSecretToken } from "../../platform/tokens";
import { appUrl } from "../../platform/urls";
import { isEmailVerified, registerUser, type SessionUser } from "../accounts/service";
import { userProfiles as users } from "../accounts/directory";
import { markEmailsVerified } from "../accounts/verified";
import { memberDirectory } from "./directory";
import { inviteeEmailSchema, passwordSchema } from "../accounts/validation";
import { recordAudit } from "../audit/service";
import { queueEmail } from "../mail/service";
import { MEMBERSHIP_CHANGED } from "./events";
import { assertSeatAvailable } from "./limits";
import { ORGS } from "./permissions";
import { ROLE_LABELS, roleAtLeast } from "./roles";
import { invitations, memberRole, memberships, tenants, type MemberRole } from "./schema";
import type { Actor } from "./members";

export const INVITATION_VALID_DAYS = 7;

export const createInvitationInput = z.object({
  email: inviteeEmailSchema,
  role: z.enum(memberRole.enumValues),
});
export const invitationIdInput = z.object({ id: z.uuid() });

type Org = { id: string; name: string };

/** `<tenant id>.<secret>`: the tenant lets the link be checked inside that tenant's scope. */
function invitationToken(tenantId: string, secret: string) {
  return `${tenantId}.${secret}`;
}

function parseInvitationToken(token: string): { tenantId: string; hash: string } | null {
  const [tenantId, secret, ...rest] = token.split(".");
  if (rest.length || !secret || !z.uuid().safeParse(tenantId).success || !/^[A-Za-z0-9_-]{20,100}$/.test(secret)) return null;
  return { tenantId: tenantId!, hash: hashSecretToken(secret) };
}

async function queueInvitationEmail(tx: TenantTx, args: { id: string; email: string; role: MemberRole; org: Org; inviterName: string; token: string; sendCount: number }) {
  const link = appUrl(`/invite/${args.token}`);
  await queueEmail(
    tx,
    {
      to: args.email,
      subject: `${args.inviterName} invited you to ${args.org.name} on NeuroOps`,
      text: [
        `${args.inviterName} invited you to join ${args.org.name} on NeuroOps as ${ROLE_LABELS[args.role].toLowerCase()}.`,
        "",
        `Accept the invitation: ${link}`,
        "",
        `The link works once and expires in ${INVITATION_VALID_DAYS} days. If you did not expect it, ignore this email.`,
      ].join("\n"),
    },
    `invitation:${args.id}:${args.sendCount}`,
  );
}

function assertMayInvite(actor: Actor, role: MemberRole) {
  if (!roleAtLeast(actor.role, ORGS.manage)) throw new Forbidden("Only owners and admins can invite people.");
  if (role === "owner" && actor.role !== "owner") throw new Forbidden("Only an owner can invite another owner.");
}

/** Invitation emails go to any address: only from a proven one, so the sender can be held to them. */
async function assertInviterVerified(tx: TenantTx, userId: string) {
  if (!(await isEmailVerified(tx, userId))) {
    throw new Forbidden("Confirm your email address before inviting people: open the link we emailed you, or send a new one from your account page.");
  }
}

/** Counts one invitation email against the sender's and the organization's hourly budgets; RateLimited when over. */
async function countInvitationSent(actor: Actor, org: Org) {
  const { invitationsPerUser, invitationsPerTenant } = RATE_LIMITS;
  await enforceRateLimits([
    {
      rule: invitationsPerUser,
      key: actor.userId,
      tooMany: `You have sent ${invitationsPerUser.limit} invitations in the last hour, the most allowed.`,
    },
    {
      rule: invitationsPerTenant,
      key: org.id,
      tooMany: `${org.name} has sent ${invitationsPerTenant.limit} invitations in the last hour, the most allowed.`,
    },
  ]);
}

export async function createInvitation(tx: TenantTx, actor: Actor & { name: string }, org: Org, rawInput: z.input<typeof createInvitationInput>) {
  const input = createInvitationInput.parse(rawInput);
  assertMayInvite(actor, input.role);
  await assertInviterVerified(tx, actor.userId);
  const [existingMember] = await tx
    .select({ userId: memberDirectory.userId })
    .from(memberDirectory)
    .where(sql`lower(${memberDirectory.email}) = ${input.email}`);
  if (existingMember) throw new Conflict(`${input.email} is already a member of ${org.name}.`);
  const [open] = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(sql`lower(${invitations.email}) = ${input.email}`, isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
  if (open) throw new Conflict(`${input.email} already has an open invitation. Resend it instead.`);
  await assertSeatAvailable(tx);
  await countInvitationSent(actor, org);

  const secret = newSecretToken();
  const [row] = await tx
    .insert(invitations)
    .values({
      email: input.email,
      role: input.role,
      tokenHash: secret.hash,
      invitedBy: actor.userId,
      expiresAt: sql`now() + make_interval(days => ${INVITATION_VALID_DAYS})`,
    })
    .returning();
  const invitation = row!;
  await queueInvitationEmail(tx, { ...invitation, org, inviterName: actor.name, token: invitationToken(org.id, secret.token), sendCount: 1 });
  await recordAudit(tx, { action: "invitation.created", entityType: "invitation", entityId: invitation.id, after: { email: input.email, role: input.role } });
  return { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt };
}

async function lockOpenInvitation(tx: TenantTx, id: string) {
  const [invitation] = await tx.select().from(invitations).where(eq(invitations.id, id)).for("update");
  if (!invitation) throw new NotFound("That invitation does not exist in this organization.");
  if (invitation.acceptedAt) throw new Conflict("That invitation has already been accepted.");
  if (invitation.revokedAt) throw new Conflict("That invitation has been revoked.");
  return invitation;
}

/** A new link (the old one stops working), valid 7 days from now. */
export async function resendInvitation(tx: TenantTx, actor: Actor & { name: string }, org: Org, id: string) {
  const invitation = await lockOpenInvitation(tx, id);
  assertMayInvite(actor, invitation.role);
  await assertInviterVerified(tx, actor.userId);
  await countInvitationSent(actor, org);
  const secret = newSecretToken();
  const sendCount = invitation.sendCount + 1;
  await tx
    .update(invitations)
    .set({ tokenHash: secret.hash, expiresAt: sql`now() + make_interval(days => ${INVITATION_VALID_DAYS})`, sendCount, lastSentAt: sql`now()` })
    .where(eq(invitations.id, id));
  await queueInvitationEmail(tx, { ...invitation, org, inviterName: actor.name, token: invitationToken(org.id, secret.token), sendCount });
  await recordAudit(tx, { action: "invitation.resent", entityType: "invitation", entityId: id, after: { email: invitation.email, sendCount } });
  return { id, sendCount };
}

export async function revokeInvitation(tx: TenantTx, actor: Actor, id: string) {
  const invitation = await lockOpenInvitation(tx, id);
  assertMayInvite(actor, invitation.role);
  await tx.update(invitations).set({ revokedAt: sql`now()` }).where(eq(invitations.id, id));
  await recordAudit(tx, { action: "invitation.revoked", entityType: "invitation", entityId: id, before: { email: invitation.email, role: invitation.role } });
  return { id };
}

/** Open invitations (not accepted, not revoked), newest first; expired ones are flagged. */
export async function listOpenInvitations(tx: TenantTx) {
  const rows = await tx
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
      lastSentAt: invitations.lastSentAt,
      sendCount: invitations.sendCount,
      invitedByName: users.name,
      expired: sql<boolean>`${invitations.expiresAt} <= now()`,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .orderBy(desc(invitations.createdAt));
  return rows;
}

export type InvitationPreview =
  | { status: "valid"; email: string; role: MemberRole; organization: { name: string; slug: string }; invitedBy: string | null; accountExists: boolean }
  | { status: "expired" | "used" | "revoked" | "invalid" };

/** What the invitation page shows. Reveals nothing unless the token is right. */
export async function previewInvitation(token: string): Promise<InvitationPreview> {
  const parsed = parseInvitationToken(token);
  if (!parsed) return { status: "invalid" };
  const [row] = await withTenant({ tenantId: parsed.tenantId }, (tx) =>
    tx
      .select({
        email: invitations.email,
        role: invitations.role,
        expiresAt: invitations.expiresAt,
        acceptedAt: invitations.acceptedAt,
        revokedAt: invitations.revokedAt,
        orgName: tenants.name,
        orgSlug: tenants.slug,
        invitedBy: users.name,
        accountExists: sql<boolean>`exists (select 1 from user_profiles u where lower(u.email) = lower(${invitations.email}))`,
      })
      .from(invitations)
      .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
      .leftJoin(users, eq(users.id, invitations.invitedBy))
      .where(eq(invitations.tokenHash, parsed.hash)),
  );
  if (!row) return { status: "invalid" };
  if (row.revokedAt) return { status: "revoked" };
  if (row.acceptedAt) return { status: "used" };
  if (row.expiresAt <= new Date()) return { status: "expired" };
  return {
    status: "valid",
    email: row.email,
    role: row.role,
    organization: { name: row.orgName, slug: row.orgSlug },
    invitedBy: row.invitedBy,
    accountExists: row.accountExists,
  };
}

const INVALID_LINK = "This invitation link is not valid. Ask for a new invitation.";

/** Joins the tenant inside `tx` (already scoped to it). Single use: the row is locked and marked. */
async function acceptInTenant(tx: TenantTx, tokenHash: string, user: Pick<SessionUser, "id" | "email">) {
  const [invitation] = await tx.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).for("update");
  if (!invitation) throw new NotFound(INVALID_LINK);
  if (invitation.revokedAt) throw new Conflict("This invitation has been revoked. Ask for a new one.");
  if (invitation.acceptedAt) throw new Conflict("This invitation has already been used.");
  if (invitation.expiresAt <= new Date()) throw new Conflict("This invitation has expired. Ask for a new one.");
  if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
    throw new Forbidden(`This invitation was sent to ${invitation.email}. Sign in with that email to accept it.`);
  }
  const [already] = await tx.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, user.id));
  if (!already) {
    await tx.insert(memberships).values({ userId: user.id, role: invitation.role, lastActiveAt: sql`now()` });
    await recordAudit(tx, { action: "member.added", entityType: "membership", entityId: user.id, after: { role: invitation.role, via: "invitation" } });
    // Billing syncs the subscription's seats from it (same transaction: no join without it).
    await publishEvent(tx, { event: MEMBERSHIP_CHANGED, data: { userId: user.id, change: "joined" } });
  }
  await tx.update(invitations).set({ acceptedAt: sql`now()`, acceptedBy: user.id }).where(eq(invitations.id, invitation.id));
  await recordAudit(tx, { action: "invitation.accepted", entityType: "invitation", entityId: invitation.id, after: { email: invitation.email } });
  // Opening the emailed link proves the address.
  await markEmailsVerified(tx, [user.id]);
  const [org] = await tx.select({ slug: tenants.slug, id: tenants.id }).from(tenants).where(eq(tenants.id, invitation.tenantId));
  return { organization: org!, role: already?.role ?? invitation.role };
}

/** An existing, signed-in user accepts. */
export async function acceptInvitation(token: string, user: Pick<SessionUser, "id" | "email">, requestId?: string) {
  const parsed = parseInvitationToken(token);
  if (!parsed) throw new NotFound(INVALID_LINK);
  return withTenant({ tenantId: parsed.tenantId, userId: user.id, requestId }, (tx) => acceptInTenant(tx, parsed.hash, user));
}

export const acceptAsNewUserInput = z.object({
  token: plainText().min(1).max(200),
  name: plainText().trim().min(1, "Enter your name.").max(120, "Use at most 120 characters."),
  password: passwordSchema,
});

/** A new person registers (with the invited email) and joins, in one transaction. */
export async function acceptInvitationAsNewUser(rawInput: z.input<typeof acceptAsNewUserInput>, requestId?: string) {
  const input = acceptAsNewUserInput.parse(rawInput);
  const parsed = parseInvitationToken(input.token);
  if (!parsed) throw new NotFound(INVALID_LINK);
  const preview = await previewInvitation(input.token);
  if (preview.status !== "valid") throw new Conflict(`This invitation is ${preview.status === "invalid" ? "not valid" : preview.status}. Ask for a new one.`);
  if (preview.accountExists) throw new Conflict(`An account for ${preview.email} already exists. Sign in to accept the invitation.`);
  return runtimeDb().transaction(async (tx) => {
    const user = await registerUser(tx, { name: input.name, email: preview.email, password: input.password });
    const scoped = await enterTenant(tx, { tenantId: parsed.tenantId, userId: user.id, requestId });
    const result = await acceptInTenant(scoped, parsed.hash, user);
    return { ...result, email: user.email };
  });
}

/** Invitations still open and unexpired count against seats (see limits.ts). */
export async function countOpenInvitations(tx: TenantTx): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(invitations)
    .where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`)));
  return row?.n ?? 0;
}
