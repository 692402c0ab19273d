import { MEMBER_ROLES, roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";

/**
 * The sidebar's modules. A module is listed here when its issue builds it, never
 * before (no "coming soon" entries). `href` is relative to /t/[slug].
 * `minimumRole`: hidden from roles below it (the pages check the role again).
 */
export type ModuleEntry = {
  key: string;
  label: string;
  href: string;
  icon: "home" | "activity" | "settings" | "crm";
  minimumRole?: MemberRole;
};

export const MODULES: ModuleEntry[] = [
  { key: "home", label: "Home", href: "", icon: "home" },
  // Everyone: viewers read the CRM; members change records; admins configure it (Settings → CRM).
  { key: "crm", label: "CRM", href: "/crm", icon: "crm" },
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
