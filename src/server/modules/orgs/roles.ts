import type { MemberRole } from "./schema";

/** owner > admin > member > viewer: a role may do everything the ones below it may. */
const RANK: Record<MemberRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export const MEMBER_ROLES: readonly MemberRole[] = ["owner", "admin", "member", "viewer"];

export function roleAtLeast(role: MemberRole, minimum: MemberRole): boolean {
  return RANK[role] >= RANK[minimum];
}

export const ROLE_LABELS: Record<MemberRole, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  viewer: "Viewer",
};
