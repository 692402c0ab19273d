/**
 * The address a signed-out visitor asked for, carried from the proxy to server components
 * (which do not see the URL) so that sign-in can bring them back to it: path and query.
 * No server-only imports: src/proxy.ts reads it too.
 */
export const REQUEST_PATH_HEADER = "x-neuroops-request-path";

/** Next's own query parameters (the RSC payload marker), never part of an address a person follows. */
const INTERNAL_PARAMS = ["_rsc"];

/** `/t/acme/crm/deals/42?tab=tasks` from a request URL. */
export function requestPathOf(url: URL): string {
  // Kept byte for byte unless Next's own marker has to go.
  if (!INTERNAL_PARAMS.some((name) => url.searchParams.has(name))) return `${url.pathname}${url.search}`;
  const search = new URLSearchParams(url.search);
  for (const name of INTERNAL_PARAMS) search.delete(name);
  const query = search.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

/** The requested path the proxy recorded, or `fallback` when there is none (or it is not a path on this app). */
export function returnPathFrom(headers: Pick<Headers, "get">, fallback: string): string {
  const path = headers.get(REQUEST_PATH_HEADER);
  return path && path.startsWith("/") && !path.startsWith("//") ? path : fallback;
}
