import { z } from "zod";
import { withTenantPipelined, type Actor, type TenantTx } from "../db/tenant";
import type { SessionClaims } from "../modules/accounts/session";
import { touchSession } from "../modules/accounts/sessions";
import { touchMemberActivity } from "../modules/orgs/members";
import { roleAtLeast, roleWithArticle } from "../modules/orgs/roles";
import type { MemberRole } from "../modules/orgs/schema";
import { findMembership, type Organization } from "../modules/orgs/service";
import { BadRequest, Forbidden, Unauthorized } from "../platform/errors";
import { rememberTenantPlan } from "./tenant-rate-limit";

/**
 * The tenant check every entrance shares (tRPC's tenant procedure, route handlers through
 * `tenantRoute`): membership, session (its row and its version), suspension and role, read
 * in the tenant transaction itself. Refusals are domain errors, mapped by the one error table.
 */

export const SIGN_IN_MESSAGE = "Please sign in to continue.";
export const SESSION_ENDED_MESSAGE = "Your session has ended. Please sign in again.";
export const NOT_A_MEMBER_MESSAGE = "You are not a member of this organization.";

/** The member a request acts as, once admitted. */
export type Member = {
  userId: string;
  user: { id: string; name: string; email: string };
  tenant: Organization;
  role: MemberRole;
  actor: Actor;
};

export type AdmissionRules = {
  /** Lowest role let in (owner > admin > member > viewer); every member when absent. */
  minimumRole?: MemberRole;
  /** What a member below `minimumRole` reads; `roleRequiredMessage` when absent. */
  roleRefusal?: string;
};

const UUID = z.uuid();

/**
 * The tenant id a request names. A malformed id gets the same answer as a tenant one is not
 * a member of (403), so probing reveals nothing; routes whose links the app itself builds may
 * ask for 400 instead.
 */
export function requestedTenantId(raw: string | null | undefined, malformed: "forbidden" | "bad-request" = "forbidden"): string {
  if (!raw) throw new BadRequest("No organization selected.");
  if (!UUID.safeParse(raw).success) {
    throw malformed === "forbidden" ? new Forbidden(NOT_A_MEMBER_MESSAGE) : new BadRequest("The organization id in this link is not valid.");
  }
  return raw;
}

export function roleRequiredMessage(minimum: MemberRole, role: MemberRole): string {
  return `This needs the ${minimum} role or higher; you are ${roleWithArticle(role)}.`;
}

/** Throws Forbidden unless `role` is `minimum` or above. */
export function assertRole(role: MemberRole, minimum: MemberRole, refusal?: string): void {
  if (!roleAtLeast(role, minimum)) throw new Forbidden(refusal ?? roleRequiredMessage(minimum, role));
}

/**
 * Opens the tenant's transaction for the session's user (the membership read pipelined
 * behind the settings), admits them by the rules, and runs `fn` in it as that member.
 * An error anywhere rolls the transaction back.
 */
export async function asSessionMember<T>(
  request: { session: SessionClaims; tenantId: string; requestId: string },
  rules: AdmissionRules,
  fn: (tx: TenantTx, member: Member) => Promise<T>,
): Promise<T> {
  const { session, tenantId, requestId } = request;
  const userId = session.userId;
  const scope = { tenantId, userId, requestId };
  return withTenantPipelined(scope, (tx) => findMembership(tx, tenantId, userId, session.sessionId), async (tx, membership) => {
    if (!membership) throw new Forbidden(NOT_A_MEMBER_MESSAGE);
    rememberTenantPlan(tenantId, membership.plan);
    if (membership.sessionVersion !== session.sessionVersion || membership.sessionState === "ended") throw new Unauthorized(SESSION_ENDED_MESSAGE);
    if (membership.suspendedAt) {
      const reason = membership.suspendedReason ? ` Reason: ${membership.suspendedReason}` : "";
      throw new Forbidden(`This organization is suspended.${reason} Contact support to restore access.`);
    }
    if (rules.minimumRole) assertRole(membership.role, rules.minimumRole, rules.roleRefusal);
    // "Last active" for Settings → Members: one small write every 5 minutes per member at most.
    if (!membership.activeRecently) await touchMemberActivity(tx, userId);
    // "Last seen" for Account → Sessions, as rarely.
    if (membership.sessionState === "active-stale") await touchSession(tx, session.sessionId);
    const { sessionVersion: _version, sessionState: _state, user, activeRecently: _active, plan: _plan, ...tenant } = membership;
    return fn(tx, {
      userId,
      user: { id: userId, ...user },
      tenant,
      role: membership.role,
      actor: { userId, role: membership.role },
    });
  });
}
