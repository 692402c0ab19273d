import type { RouterOutputs } from "@/trpc/types";

/*
 * What the global search box looks through and where its results lead. Client-safe data:
 * one entry per kind of record the search procedure returns, in the order the results
 * are grouped. A module whose records become searchable adds its kind here (and its
 * searcher on the server).
 */

export type SearchHit = RouterOutputs["crm"]["search"][number];

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

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const SEARCH_SCOPE: SearchScope = {
  label: "Search contacts, companies and deals",
  nothingFound: (term) => `No contacts, companies or deals match “${term}”.`,
  kinds: [
    { type: "contact", label: "Contacts", href: (slug, id) => `/t/${slug}/crm/contacts/${id}` },
    { type: "company", label: "Companies", href: (slug, id) => `/t/${slug}/crm/companies/${id}` },
    { type: "deal", label: "Deals", href: (slug, id) => `/t/${slug}/crm/deals/${id}`, subtitle: capitalize },
  ],
  lists: [
    { key: "all-contacts", title: (term) => `All contacts matching “${term}”`, href: (slug, q) => `/t/${slug}/crm/contacts?q=${q}` },
    { key: "all-companies", title: (term) => `All companies matching “${term}”`, href: (slug, q) => `/t/${slug}/crm/companies?q=${q}` },
  ],
};
