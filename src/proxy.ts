import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/server/platform/env";
import { dropForwardedForWithoutTrustedProxy } from "@/server/platform/rate-limit";
import { apiVerdict } from "@/server/api/api-guard";
import {
  CROSS_SITE_REFUSED,
  createNonce,
  isCrossSiteRequest,
  isHttpsRequest,
  securityHeaders,
} from "@/server/platform/security-headers";
import { REQUEST_PATH_HEADER, requestPathOf } from "@/server/return-path";

/**
 * Next 16 Proxy (formerly middleware; Node.js runtime). On every request:
 * - refuses cross-site state-changing requests (CSRF) with 403 JSON;
 * - creates a CSP nonce and hands it to Next the documented way: the CSP on the
 *   *request* headers (Next reads the `'nonce-…'` from it and stamps its scripts with
 *   it while rendering; pages must be dynamically rendered for that) plus `x-nonce`
 *   for server components that render their own <Script>;
 * - hands server components the requested path and query (they do not see the URL), so
 *   sign-in can bring a deep link back to where it pointed;
 * - sets the security headers on the response.
 * API routes (`/api/…`) answer JSON or files, never HTML: they get the CSRF check, the
 * X-Forwarded-For drop and the security headers, but no nonce and no request-header
 * rewrite unless there is a header to drop (see `apiProxy`; measured in docs/performance.md).
 */
export function proxy(request: NextRequest) {
  const config = env();
  if (isApiPath(request.nextUrl.pathname)) return apiProxy(request, config);
  const nonce = createNonce();
  const headers = securityHeaders({
    nonce,
    dev: config.NODE_ENV === "development",
    https: isHttpsRequest({ url: request.url, headers: request.headers, publicUrl: config.NEXTAUTH_URL }),
  });

  const crossSite = isCrossSiteRequest({
    method: request.method,
    pathname: request.nextUrl.pathname,
    headers: request.headers,
    allowedOrigins: config.NEXTAUTH_URL ? [config.NEXTAUTH_URL] : [],
  });
  if (crossSite) {
    const refused = NextResponse.json(CROSS_SITE_REFUSED, { status: 403, headers: { "cache-control": "no-store" } });
    for (const [name, value] of Object.entries(headers)) refused.headers.set(name, value);
    return refused;
  }

  const requestHeaders = new Headers(request.headers);
  // Without trusted proxies, a client-sent X-Forwarded-For is dropped so Next fills in the socket address.
  dropForwardedForWithoutTrustedProxy(requestHeaders);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
  requestHeaders.set(REQUEST_PATH_HEADER, requestPathOf(request.nextUrl));

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}

/**
 * The API path through the proxy: rewriting the request headers makes Next copy and
 * re-apply every header of the request, so it is done only when a client-sent
 * X-Forwarded-For must be dropped.
 */
function apiProxy(request: NextRequest, config: ReturnType<typeof env>) {
  const verdict = apiVerdict({ method: request.method, url: request.url, pathname: request.nextUrl.pathname, headers: request.headers });
  let response: NextResponse;
  if (verdict.crossSite) {
    response = NextResponse.json(CROSS_SITE_REFUSED, { status: 403, headers: { "cache-control": "no-store" } });
  } else if (config.TRUSTED_PROXY_COUNT === 0 && request.headers.has("x-forwarded-for")) {
    const requestHeaders = new Headers(request.headers);
    dropForwardedForWithoutTrustedProxy(requestHeaders);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  } else {
    response = NextResponse.next();
  }
  for (const [name, value] of Object.entries(verdict.headers)) response.headers.set(name, value);
  return response;
}

/**
 * Everything but build assets and icons (they need no CSP, and skipping them saves work).
 * `/api/trpc/…` passes the proxy only when it carries an X-Forwarded-For (which the proxy
 * may have to drop): running a proxy makes Next handle the request twice (its router invokes
 * the proxy through a whole second pass of its request handler), about 0.4 ms of CPU per
 * tRPC request (docs/performance.md). The tRPC route does the proxy's other API duties itself
 * (the CSRF check and the security headers, src/server/api/api-guard.ts). The two sources
 * split `/api/trpc/` exactly: the first excludes what the second matches. Next reads this
 * object statically, so it is written out (src/proxy.test.ts checks the split).
 */
export const config = {
  matcher: [
    "/((?!_next/static|_next/image|favicon|icon\\.svg|api/trpc/).*)",
    { source: "/api/trpc/(.*)", has: [{ type: "header", key: "x-forwarded-for" }] },
  ],
};
