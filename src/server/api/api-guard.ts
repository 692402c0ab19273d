import { env } from "../platform/env";
import { CROSS_SITE_REFUSED, isCrossSiteRequest, isHttpsRequest, securityHeaders } from "../platform/security-headers";

/**
 * What every API response gets, whoever applies it: the proxy (src/proxy.ts) for API routes
 * it sees, and the tRPC route handler itself for the requests the proxy's matcher lets pass
 * it (see `config.matcher` in src/proxy.ts and docs/performance.md: running the proxy makes
 * Next handle the request twice).
 */

/**
 * A CSP for responses that are never rendered as a page: nothing may load and nothing
 * may frame them. Needs no nonce, so it is built once per process.
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
let apiHeaders: { https: Record<string, string>; http: Record<string, string> } | undefined;

export function apiSecurityHeaders(https: boolean): Record<string, string> {
  apiHeaders ??= {
    https: { ...securityHeaders({ nonce: "unused", dev: false, https: true }), "Content-Security-Policy": API_CSP },
    http: { ...securityHeaders({ nonce: "unused", dev: false, https: false }), "Content-Security-Policy": API_CSP },
  };
  return https ? apiHeaders.https : apiHeaders.http;
}

export type ApiVerdict = {
  /** The security headers for the response. */
  headers: Record<string, string>;
  /** A cross-site state-changing request: answer `crossSiteRefusal` and do nothing else. */
  crossSite: boolean;
};

/** The CSRF check and the response's security headers for one API request. */
export function apiVerdict(request: { method: string; url: string; pathname: string; headers: Headers }): ApiVerdict {
  const config = env();
  const https = isHttpsRequest({ url: request.url, headers: request.headers, publicUrl: config.NEXTAUTH_URL });
  const crossSite = isCrossSiteRequest({
    method: request.method,
    pathname: request.pathname,
    headers: request.headers,
    allowedOrigins: config.NEXTAUTH_URL ? [config.NEXTAUTH_URL] : [],
  });
  return { headers: apiSecurityHeaders(https), crossSite };
}

/** The 403 a cross-site request gets, with the security headers. */
export function crossSiteRefusal(headers: Record<string, string>): Response {
  return Response.json(CROSS_SITE_REFUSED, { status: 403, headers: { "cache-control": "no-store", ...headers } });
}

/** Sets the security headers on a response the route built (its headers are mutable). */
export function withSecurityHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
