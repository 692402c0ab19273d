import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";

/**
 * The Settings section's tabs, in order. `href` is relative to /t/[slug]/settings.
 * `minimumRole`: the tab is hidden from roles below it, and opening its address shows
 * an explanation instead of the page (the page and its procedures check the role again).
 * Add Audit log… here as their issues build them.
 */
export type SettingsSection = { key: string; label: string; href: string; minimumRole: MemberRole };

export const SETTINGS_SECTIONS: SettingsSection[] = [
  // Everyone reads these; only owners and admins change anything on them.
  { key: "organization", label: "Organization", href: "/organization", minimumRole: "viewer" },
  { key: "members", label: "Members", href: "/members", minimumRole: "viewer" },
  { key: "crm", label: "CRM", href: "/crm", minimumRole: "admin" },
  { key: "audit", label: "Audit log", href: "/audit", minimumRole: "admin" },
  { key: "jobs", label: "Jobs", href: "/jobs", minimumRole: "admin" },
];

/** The sections a member with `role` may open, in tab order. */
export function visibleSections(role: MemberRole): SettingsSection[] {
  return SETTINGS_SECTIONS.filter((section) => roleAtLeast(role, section.minimumRole));
}

/** The section a settings path (relative to /t/[slug]/settings, e.g. "/jobs/x") belongs to. */
export function sectionForPath(relativePath: string): SettingsSection | undefined {
  return SETTINGS_SECTIONS.find((section) => relativePath === section.href || relativePath.startsWith(`${section.href}/`));
}
