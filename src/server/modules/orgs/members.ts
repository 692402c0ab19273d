import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../db/tenant";
import { Conflict, Forbidden, NotFound } from "../../platform/errors";
import { publishEvent } from "../../jobs/publish";
import { recordAudit } from "../audit/service";
import { MEMBERSHIP_CHANGED } from "./events";
import { roleAtLeast } from "./roles";
import { memberRole, memberships, type MemberRole } from "./schema";
import { ORGS } from "./permissions";

export const changeRoleInput = z.object({ userId: z.uuid(), role: z.enum(memberRole.enumValues) });
export const removeMemberInput = z.object({ userId: z.uuid() });

export type Actor = { userId: string; role: MemberRole };

const LAST_OWNER_MESSAGE = "An organization needs at least one owner. Make someone else an owner first.";

/** The member row, locked for the rest of the transaction; NotFound if they are not a member. */
async function lockMember(tx: TenantTx, userId: string) {
  const [member] = await tx.select().from(memberships).where(eq(memberships.userId, userId)).for("update");
  if (!member) throw new NotFound("That person is not a member of this organization.");
  return member;
}

/** Owners of the tenant, locked so two concurrent demotions cannot both pass the check. */
async function lockedOwnerCount(tx: TenantTx): Promise<number> {
  const owners = await tx.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.role, "owner")).for("update");
  return owners.length;
}

/**
 * Admins manage members and viewers/members/admins; only owners grant or take away
 * the owner role. The last owner can be neither demoted nor removed.
 */
function assertMayManage(actor: Actor, target: { role: MemberRole }, newRole?: MemberRole) {
  if (!roleAtLeast(actor.role, ORGS.manage)) throw new Forbidden("Only owners and admins can manage members.");
  if (actor.role !== "owner" && (target.role === "owner" || newRole === "owner")) {
    throw new Forbidden("Only an owner can change an owner, or make someone an owner.");
  }
}

export async function changeMemberRole(tx: TenantTx, actor: Actor, rawInput: z.input<typeof changeRoleInput>) {
  const input = changeRoleInput.parse(rawInput);
  const member = await lockMember(tx, input.userId);
  assertMayManage(actor, member, input.role);
  if (member.role === input.role) return { userId: member.userId, role: member.role };
  if (member.role === "owner" && (await lockedOwnerCount(tx)) <= 1) throw new Conflict(LAST_OWNER_MESSAGE);
  await tx.update(memberships).set({ role: input.role, updatedAt: sql`now()` }).where(eq(memberships.userId, input.userId));
  await recordAudit(tx, {
    action: "member.role_changed",
    entityType: "membership",
    entityId: input.userId,
    before: { role: member.role },
    after: { role: input.role },
  });
  return { userId: input.userId, role: input.role };
}

export async function removeMember(tx: TenantTx, actor: Actor, rawInput: z.input<typeof removeMemberInput>) {
  const input = removeMemberInput.parse(rawInput);
  if (input.userId === actor.userId) throw new Conflict("To remove yourself, leave the organization instead.");
  const member = await lockMember(tx, input.userId);
  assertMayManage(actor, member);
  if (member.role === "owner" && (await lockedOwnerCount(tx)) <= 1) throw new Conflict(LAST_OWNER_MESSAGE);
  await tx.delete(memberships).where(eq(memberships.userId, input.userId));
  await recordAudit(tx, { action: "member.removed", entityType: "membership", entityId: input.userId, before: { role: member.role } });
  await publishEvent(tx, { event: MEMBERSHIP_CHANGED, data: { userId: input.userId, change: "removed" } });
  return { userId: input.userId };
}

export async function leaveOrganization(tx: TenantTx, actor: Actor) {
  const member = await lockMember(tx, actor.userId);
  if (member.role === "owner" && (await lockedOwnerCount(tx)) <= 1) {
    throw new Conflict("You are the last owner. Make someone else an owner before you leave.");
  }
  await tx.delete(memberships).where(and(eq(memberships.userId, actor.userId)));
  await recordAudit(tx, { action: "member.left", entityType: "membership", entityId: actor.userId, before: { role: member.role } });
  await publishEvent(tx, { event: MEMBERSHIP_CHANGED, data: { userId: actor.userId, change: "left" } });
  return { left: true };
}

/** Records activity for "last active"; the caller does it at most every few minutes, to keep writes rare. */
export async function touchMemberActivity(tx: TenantTx, userId: string): Promise<void> {
  await tx.update(memberships).set({ lastActiveAt: sql`now()` }).where(eq(memberships.userId, userId));
}
