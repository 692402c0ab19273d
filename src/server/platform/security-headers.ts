/**
 * Security headers and the cross-site request check, as pure functions.
 * `src/proxy.ts` (Next 16's successor of middleware.ts) applies them to every request;
 * this file has no Next.js or env imports so it can be unit-tested on its own.
 */

/** A fresh, unguessable CSP nonce (128 random bits, base64). One per request. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export type CspOptions = {
  /** `next dev`: React needs `eval` for its debugging aids (server error stacks in the browser). */
  dev: boolean;
  /** Served over https: ask the browser to upgrade any stray http:// sub-resource. */
  https?: boolean;
};

/**
 * The Content-Security-Policy value. Scripts run only with the request's nonce
 * (Next.js reads it from the CSP request header and stamps it on its own scripts);
 * `'strict-dynamic'` lets those scripts load the app's chunks. No `'unsafe-eval'`
 * outside development.
 */
export function buildCsp(nonce: string, options: CspOptions): string {
  if (!/^[A-Za-z0-9+/_-]+=*$/.test(nonce)) throw new Error("CSP nonce must be base64");
  const directives: string[] = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (options.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

export const HSTS_VALUE = "max-age=31536000; includeSubDomains";

/** Every security header of a response, by name. HSTS only when the site is served over https. */
export function securityHeaders(options: { https: boolean; dev: boolean; nonce: string }): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": buildCsp(options.nonce, { dev: options.dev, https: options.https }),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  };
  if (options.https) headers["Strict-Transport-Security"] = HSTS_VALUE;
  return headers;
}

function firstListValue(value: string | null): string | null {
  const first = value?.split(",")[0]?.trim();
  return first ? first : null;
}

/**
 * True when the request reached us over https: the URL says so, a proxy in front says
 * so (`x-forwarded-proto`), or the app's public URL (`NEXTAUTH_URL`) is https.
 */
export function isHttpsRequest(input: { url: string; headers: Headers; publicUrl?: string }): boolean {
  if (firstListValue(input.headers.get("x-forwarded-proto"))?.toLowerCase() === "https") return true;
  try {
    if (new URL(input.url).protocol === "https:") return true;
  } catch {
    // not an absolute URL: decided by the other signals
  }
  return Boolean(input.publicUrl?.toLowerCase().startsWith("https://"));
}

/** Methods that must not change state; everything else is checked for cross-site origin. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Routes that authenticate their callers another way: Inngest and Stripe sign their
 * server-to-server requests; next-auth checks its own double-submit CSRF token.
 */
export function isCsrfExempt(pathname: string): boolean {
  const under = (prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);
  return under("/api/inngest") || under("/api/stripe/webhook") || under("/api/auth");
}

/** `host[:port]` as a URL of `protocol` would normalise it (default port dropped, lower case). */
function normaliseHost(host: string, protocol: string): string | null {
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return null;
  }
}

function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

export type CrossSiteInput = {
  method: string;
  pathname: string;
  headers: Headers;
  /** Extra origins that count as ours (e.g. NEXTAUTH_URL behind a proxy that rewrites Host). */
  allowedOrigins?: readonly string[];
};

/**
 * CSRF defence for state-changing requests: true when the request must be refused.
 *
 * - GET/HEAD/OPTIONS and the exempt routes (see `isCsrfExempt`) are never refused.
 * - Otherwise the `Origin` header (or, when absent, the `Referer`) must name this host:
 *   `x-forwarded-host` or `host` (neither can be set by a cross-site page without a
 *   CORS preflight, which we never grant), or one of `allowedOrigins`.
 * - With neither header (curl, server-side clients; browsers always send Origin on
 *   POST) the request passes only with `content-type: application/json`, which a
 *   cross-site HTML form cannot send and cross-site fetch cannot send without a preflight.
 */
export function isCrossSiteRequest(input: CrossSiteInput): boolean {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return false;
  if (isCsrfExempt(input.pathname)) return false;

  const source = input.headers.get("origin") ?? input.headers.get("referer");
  if (source === null) return mediaType(input.headers.get("content-type")) !== "application/json";

  let sourceUrl: URL;
  try {
    sourceUrl = new URL(source); // "null" (sandboxed frames, privacy redirects) fails here: refused
  } catch {
    return true;
  }
  if (sourceUrl.protocol !== "http:" && sourceUrl.protocol !== "https:") return true;

  const candidates = [firstListValue(input.headers.get("x-forwarded-host")), input.headers.get("host")]
    .filter((host): host is string => Boolean(host))
    .map((host) => normaliseHost(host, sourceUrl.protocol));
  if (candidates.includes(sourceUrl.host)) return false;

  for (const allowed of input.allowedOrigins ?? []) {
    try {
      if (new URL(allowed).origin === sourceUrl.origin) return false;
    } catch {
      // ignore a malformed entry
    }
  }
  return true;
}

export const CROSS_SITE_REFUSED = { error: "Cross-site request refused." } as const;
