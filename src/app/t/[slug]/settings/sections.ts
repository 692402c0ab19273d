import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { MODULE_NAV } from "@/server/modules/nav";
import type { SettingsTab } from "@/server/modules/nav-types";

/**
 * The Settings section's tabs, in order: each module's tabs from its manifest's
 * client-safe nav (src/server/modules/nav.ts). `href` is relative to
 * /t/[slug]/settings. `minimumRole`: the tab is hidden from roles below it, and
 * opening its address shows an explanation instead of the page (the page and its
 * procedures check the role again).
 */
export type SettingsSection = SettingsTab;

export const SETTINGS_SECTIONS: SettingsSection[] = MODULE_NAV.flatMap((nav) => nav.settings ?? []);

/** The sections a member with `role` may open, in tab order. */
export function visibleSections(role: MemberRole): SettingsSection[] {
  return SETTINGS_SECTIONS.filter((section) => roleAtLeast(role, section.minimumRole));
}

/** The section a settings path (relative to /t/[slug]/settings, e.g. "/jobs/x") belongs to. */
export function sectionForPath(relativePath: string): SettingsSection | undefined {
  return SETTINGS_SECTIONS.find((section) => relativePath === section.href || relativePath.startsWith(`${section.href}/`));
}
