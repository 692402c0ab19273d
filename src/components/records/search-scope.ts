import { MODULE_NAV } from "@/server/modules/nav";
import type { RouterOutputs } from "@/trpc/types";

/*
 * What the global search box looks through and where its results lead: every module's
 * client-safe search entries (its manifest's nav, src/server/modules/nav.ts), one kind
 * per searcher, in the order the results are grouped.
 */

export type SearchHit = RouterOutputs["search"]["query"][number];

export type SearchKind = {
  type: SearchHit["type"];
  /** The group's heading. */
  label: string;
  href: (slug: string, id: string) => string;
  /** The subtitle as shown (the server's words may need a capital). */
  subtitle?: (subtitle: string) => string;
};

/** A link to a whole list filtered by the term, offered under the results. */
export type SearchListLink = { key: string; title: (term: string) => string; href: (slug: string, encodedTerm: string) => string };

export type SearchScope = {
  /** The box's accessible name. */
  label: string;
  nothingFound: (term: string) => string;
  kinds: SearchKind[];
  lists: SearchListLink[];
};

/** "a, b and c" / "a, b or c" (no serial comma: the box's label reads "contacts, companies and deals"). */
function joined(words: string[], last: "and" | "or"): string {
  return words.length < 2 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} ${last} ${words.at(-1)}`;
}

export function searchScopeOf(navs: typeof MODULE_NAV): SearchScope {
  const kinds = navs.flatMap((nav) => nav.search?.kinds ?? []);
  const nouns = kinds.map((kind) => kind.noun);
  const sentence = joined(nouns, "or");
  return {
    label: `Search ${joined(nouns, "and")}`,
    nothingFound: (term) => `No ${sentence} match “${term}”.`,
    kinds: kinds.map((kind) => ({ type: kind.type, label: kind.label, subtitle: kind.subtitle, href: (slug, id) => `/t/${slug}${kind.href(id)}` })),
    lists: navs.flatMap((nav) => nav.search?.lists ?? []).map((list) => ({ key: list.key, title: list.title, href: (slug, q) => `/t/${slug}${list.href(q)}` })),
  };
}

export const SEARCH_SCOPE: SearchScope = searchScopeOf(MODULE_NAV);
