import { MODULE_NAV } from "@/server/modules/nav";
import type { SidebarEntry } from "@/server/modules/nav-types";
import { MEMBER_ROLES, roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";

/**
 * The sidebar: Home, then each module's entries from its manifest's client-safe nav
 * (src/server/modules/nav.ts), then Settings. A module is listed when its issue builds
 * it, never before (no "coming soon" entries). `href` is relative to /t/[slug].
 * `minimumRole`: hidden from roles below it (the pages check the role again).
 */
export type ModuleEntry = SidebarEntry;

export const MODULES: ModuleEntry[] = [
  { key: "home", label: "Home", href: "", icon: "home" },
  ...MODULE_NAV.flatMap((nav) => nav.sidebar ?? []),
  // Everyone: members and viewers read Organization and Members; Settings checks each section's role.
  { key: "settings", label: "Settings", href: "/settings", icon: "settings" },
];

function isMemberRole(role: string): role is MemberRole {
  return (MEMBER_ROLES as readonly string[]).includes(role);
}

/** The modules a member with `role` sees; an unknown role sees only the unrestricted ones. */
export function visibleModules(role: string): ModuleEntry[] {
  return MODULES.filter((module) => !module.minimumRole || (isMemberRole(role) && roleAtLeast(role, module.minimumRole)));
}
