/**
 * The sidebar's modules. A module is listed here when its issue builds it, never
 * before (no "coming soon" entries). `href` is relative to /t/[slug].
 */
export type ModuleEntry = { key: string; label: string; href: string; icon: "home" | "activity" };

export const MODULES: ModuleEntry[] = [{ key: "home", label: "Home", href: "", icon: "home" }];
