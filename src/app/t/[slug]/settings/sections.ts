/**
 * The Settings section's tabs, in order. `href` is relative to /t/[slug]/settings.
 * Add Organization, Members, Audit log… here as their issues build them.
 */
export type SettingsSection = { key: string; label: string; href: string };

export const SETTINGS_SECTIONS: SettingsSection[] = [{ key: "jobs", label: "Jobs", href: "/jobs" }];
