import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "./proxy";
import { REQUEST_PATH_HEADER, requestPathOf, returnPathFrom } from "./server/return-path";

/** What the proxy hands to the page as a request header (Next's encoding of `NextResponse.next({ request })`). */
function forwardedHeader(response: Response, name: string): string | null {
  return response.headers.get(`x-middleware-request-${name}`);
}

describe("the requested address reaches server components (deep links survive sign-in)", () => {
  it("hands the page its path and query", () => {
    const response = proxy(new NextRequest("http://localhost:3000/t/acme-demo/crm/deals/4f1c?view=list&q=a%20b"));
    expect(forwardedHeader(response, REQUEST_PATH_HEADER)).toBe("/t/acme-demo/crm/deals/4f1c?view=list&q=a%20b");
  });

  it("replaces a value the client sent itself", () => {
    const request = new NextRequest("http://localhost:3000/t/acme-demo/crm", { headers: { [REQUEST_PATH_HEADER]: "https://evil.example/" } });
    expect(forwardedHeader(proxy(request), REQUEST_PATH_HEADER)).toBe("/t/acme-demo/crm");
  });

  it("leaves out Next's RSC marker", () => {
    expect(requestPathOf(new URL("http://localhost/t/a/crm/contacts?_rsc=1x2y&sort=name"))).toBe("/t/a/crm/contacts?sort=name");
  });

  it("falls back when the header is missing or is not a path on this app", () => {
    expect(returnPathFrom(new Headers(), "/t/a")).toBe("/t/a");
    expect(returnPathFrom(new Headers({ [REQUEST_PATH_HEADER]: "//evil.example/" }), "/t/a")).toBe("/t/a");
    expect(returnPathFrom(new Headers({ [REQUEST_PATH_HEADER]: "/t/a/crm/deals/1?x=1" }), "/t/a")).toBe("/t/a/crm/deals/1?x=1");
  });
});

describe("API routes through the proxy: no nonce or header rewrite, the security checks kept", () => {
  const overridden = (response: Response) => response.headers.get("x-middleware-override-headers");

  it("passes a plain API request on untouched, with the security headers and a CSP that loads nothing", () => {
    const response = proxy(new NextRequest("http://localhost:3000/api/trpc/audit.list?input=%7B%7D"));
    expect(response.status).toBe(200);
    expect(overridden(response)).toBeNull();
    expect(forwardedHeader(response, "x-nonce")).toBeNull();
    expect(response.headers.get("Content-Security-Policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("X-Frame-Options")).toBe("DENY");
  });

  it("passes /api/metrics on as it does /api/health: no nonce, no session, no header rewrite", () => {
    for (const path of ["/api/metrics", "/api/health"]) {
      const response = proxy(new NextRequest(`http://localhost:3000${path}`, { headers: { authorization: "Bearer x" } }));
      expect(response.status).toBe(200);
      expect(overridden(response)).toBeNull();
      expect(forwardedHeader(response, "x-nonce")).toBeNull();
      expect(response.headers.get("Content-Security-Policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it("still drops a client-sent X-Forwarded-For on API routes when no proxy is trusted", () => {
    const request = new NextRequest("http://localhost:3000/api/trpc/audit.list", { headers: { "x-forwarded-for": "6.6.6.6", accept: "application/json" } });
    const response = proxy(request);
    const kept = (overridden(response) ?? "").split(",");
    expect(kept).toContain("accept");
    expect(kept).not.toContain("x-forwarded-for");
    expect(forwardedHeader(response, "x-forwarded-for")).toBeNull();
  });

  it("still refuses a cross-site POST to an API route", async () => {
    const request = new NextRequest("http://localhost:3000/api/trpc/contacts.create", {
      method: "POST",
      headers: { origin: "https://evil.example", host: "localhost:3000", "content-type": "application/json" },
      body: "{}",
    });
    const response = proxy(request);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: "Cross-site request refused." });
    expect(response.headers.get("X-Frame-Options")).toBe("DENY");
  });

  it("keeps the nonce for pages", () => {
    const response = proxy(new NextRequest("http://localhost:3000/t/acme-demo/crm"));
    const nonce = forwardedHeader(response, "x-nonce");
    expect(nonce).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(response.headers.get("Content-Security-Policy")).toContain(`'nonce-${nonce}'`);
  });
});

describe("the matcher: /api/trpc/ skips the proxy unless it carries an X-Forwarded-For", () => {
  // Next's own compilation of `config.matcher`, as its router runs it on every request.
  async function proxyRuns(): Promise<(path: string, headers?: Record<string, string>) => boolean> {
    const { getMiddlewareMatchers } = (await import("next/dist/build/analysis/get-page-static-info")) as unknown as {
      getMiddlewareMatchers(matcher: unknown, nextConfig: object): unknown[];
    };
    const { getMiddlewareRouteMatcher } = (await import("next/dist/shared/lib/router/utils/middleware-route-matcher")) as unknown as {
      getMiddlewareRouteMatcher(matchers: unknown[]): (pathname: string, req: { headers: Record<string, string> }, query: object) => boolean;
    };
    const { config } = await import("./proxy");
    const match = getMiddlewareRouteMatcher(getMiddlewareMatchers(config.matcher, {}));
    return (path, headers = {}) => match(path, { headers }, {});
  }

  it("runs on pages and every other API route, with or without the header", async () => {
    const runs = await proxyRuns();
    for (const path of ["/", "/sign-in", "/t/acme/crm/contacts", "/api/health", "/api/auth/csrf", "/api/crm/contacts/export", "/api/trpc", "/api/trpcx/a"]) {
      expect(runs(path), path).toBe(true);
      expect(runs(path, { "x-forwarded-for": "6.6.6.6" }), path).toBe(true);
    }
    expect(runs("/_next/static/chunks/app.js")).toBe(false);
  });

  it("skips /api/trpc/… without the header, and runs on it with one (to drop it)", async () => {
    const runs = await proxyRuns();
    for (const path of ["/api/trpc/audit.list", "/api/trpc/orgs.current,crm.contacts.list", "/api/trpc/a/b", "/api/trpc/"]) {
      expect(runs(path), path).toBe(false);
      expect(runs(path, { "x-forwarded-for": "6.6.6.6" }), path).toBe(true);
    }
  });
});
