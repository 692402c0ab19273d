/**
 * The roles of a member in an organization, declared once here (client-safe: the
 * browser reads them too); the database enum in ./schema.ts is built from this list.
 */
export const MEMBER_ROLES = ["owner", "admin", "member", "viewer"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** owner > admin > member > viewer: a role may do everything the ones below it may. */
const RANK: Record<MemberRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/**
 * What a module lets each role do, named once per module (`crm/permissions.ts`:
 * `CRM.edit` is "member"): routers, services, pages and navigation say `CRM.edit`,
 * never the role itself, so a threshold changes in one place. Client-safe.
 */
export type Capabilities = Readonly<Record<string, MemberRole>>;

export function roleAtLeast(role: MemberRole, minimum: MemberRole): boolean {
  return RANK[role] >= RANK[minimum];
}

export const ROLE_LABELS: Record<MemberRole, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  viewer: "Viewer",
};

/** "an owner", "an admin", "a member", "a viewer": for sentences that tell people their role. */
export function roleWithArticle(role: MemberRole): string {
  const label = ROLE_LABELS[role].toLowerCase();
  return `${/^[aeiou]/.test(label) ? "an" : "a"} ${label}`;
}
