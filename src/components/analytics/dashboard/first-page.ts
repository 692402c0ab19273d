import { parseDay } from "@/components/records/list-state";

/*
 * The dashboard's query input from the URL (?from&to), computed the same way on the server
 * (the page's prefetch) and in the browser, so the query keys match. No "use client".
 */

type Search = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | null | undefined) => (typeof value === "string" ? value : undefined);

/** Only the days the URL gives: the server fills in the default (this month to date, its own today). */
export function dashboardInput(from: string | null | undefined, to: string | null | undefined): { from?: string; to?: string } {
  const start = parseDay(from);
  const end = parseDay(to);
  return { ...(start ? { from: start } : {}), ...(end ? { to: end } : {}) };
}

export function dashboardInputFromSearch(search: Search) {
  return dashboardInput(one(search.from), one(search.to));
}
