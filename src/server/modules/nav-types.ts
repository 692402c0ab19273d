import type { AuditDescriber } from "./audit/describe";
import type { MemberRole } from "./orgs/schema";

/*
 * Client-safe: what a module shows in the app shell. Each module declares it in its
 * own `nav.ts` (no server imports there: the browser bundle reads it), and
 * `modules/nav.ts` lists them in sidebar order.
 */

/** An icon of src/components/shell/icons.tsx. */
export type NavIcon = "home" | "activity" | "settings" | "crm" | "inventory" | "accounting" | "ai" | "analytics";

/** A sidebar entry; `href` is relative to /t/[slug]. Hidden from roles below `minimumRole` (pages check again). */
export type SidebarEntry = { key: string; label: string; href: string; icon: NavIcon; minimumRole?: MemberRole };

/**
 * A tab of Settings; `href` is relative to /t/[slug]/settings. Hidden from roles below
 * `minimumRole`, and opening its address shows an explanation instead of the page.
 */
export type SettingsTab = { key: string; label: string; href: string; minimumRole: MemberRole };

/**
 * A kind of record the global search returns (its searcher's `type`): the group heading,
 * the plural noun for the box's label, and where a hit leads (relative to /t/[slug]).
 */
export type SearchKindNav = {
  type: string;
  label: string;
  noun: string;
  href: (id: string) => string;
  /** The subtitle as shown (the server's words may need a capital). */
  subtitle?: (subtitle: string) => string;
};

/** A link under the results to a whole list filtered by the term (relative to /t/[slug]). */
export type SearchListNav = { key: string; title: (term: string) => string; href: (encodedTerm: string) => string };

export type ModuleNav = {
  module: string;
  sidebar?: SidebarEntry[];
  settings?: SettingsTab[];
  search?: { kinds: SearchKindNav[]; lists?: SearchListNav[] };
  /** How its audit entries read as sentences, one describer per entity type it records. */
  audit?: AuditDescriber[];
};
