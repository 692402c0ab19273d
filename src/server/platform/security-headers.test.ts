import { describe, expect, it } from "vitest";
import {
  buildCsp,
  createNonce,
  HSTS_VALUE,
  isCrossSiteRequest,
  isCsrfExempt,
  isHttpsRequest,
  securityHeaders,
  type CrossSiteInput,
} from "./security-headers";

function directives(csp: string): Map<string, string> {
  return new Map(
    csp.split(";").map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values.join(" ")];
    }),
  );
}

describe("nonces", () => {
  it("are base64, 128 bits, and different every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, () => createNonce()));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    }
  });
});

describe("buildCsp", () => {
  it("allows scripts only with the nonce in production, without unsafe-eval", () => {
    const csp = directives(buildCsp("abc123==", { dev: false }));
    expect(csp.get("script-src")).toBe("'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(buildCsp("abc123==", { dev: false })).not.toContain("unsafe-eval");
    expect(csp.get("style-src")).toBe("'self' 'unsafe-inline'");
    expect(csp.get("img-src")).toBe("'self' data: blob:");
    expect(csp.get("font-src")).toBe("'self'");
    expect(csp.get("connect-src")).toBe("'self'");
    expect(csp.get("frame-ancestors")).toBe("'none'");
    expect(csp.get("base-uri")).toBe("'self'");
    expect(csp.get("form-action")).toBe("'self'");
    expect(csp.get("object-src")).toBe("'none'");
    expect(csp.get("default-src")).toBe("'self'");
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
  });

  it("adds unsafe-eval in development only", () => {
    expect(directives(buildCsp("n0nce", { dev: true })).get("script-src")).toBe("'self' 'nonce-n0nce' 'strict-dynamic' 'unsafe-eval'");
  });

  it("upgrades insecure requests on https only", () => {
    expect(directives(buildCsp("n", { dev: false, https: true })).has("upgrade-insecure-requests")).toBe(true);
  });

  it("refuses a nonce that could inject directives", () => {
    expect(() => buildCsp("x'; script-src *", { dev: false })).toThrow(/base64/);
  });
});

describe("securityHeaders", () => {
  it("sets every header, and HSTS only on https", () => {
    const http = securityHeaders({ https: false, dev: false, nonce: "abc" });
    expect(http).toEqual({
      "Content-Security-Policy": buildCsp("abc", { dev: false }),
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Content-Type-Options": "nosniff",
      "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    });
    const https = securityHeaders({ https: true, dev: false, nonce: "abc" });
    expect(https["Strict-Transport-Security"]).toBe(HSTS_VALUE);
    expect(HSTS_VALUE).toBe("max-age=31536000; includeSubDomains");
    expect(securityHeaders({ https: false, dev: true, nonce: "abc" })["Content-Security-Policy"]).toContain("'unsafe-eval'");
  });
});

describe("isHttpsRequest", () => {
  const plain = new Headers();
  it("looks at the URL, x-forwarded-proto and the public URL", () => {
    expect(isHttpsRequest({ url: "http://localhost:3000/x", headers: plain })).toBe(false);
    expect(isHttpsRequest({ url: "https://app.example/x", headers: plain })).toBe(true);
    expect(isHttpsRequest({ url: "http://internal:3000/x", headers: new Headers({ "x-forwarded-proto": "https" }) })).toBe(true);
    expect(isHttpsRequest({ url: "http://internal:3000/x", headers: new Headers({ "x-forwarded-proto": "https,http" }) })).toBe(true);
    expect(isHttpsRequest({ url: "http://internal:3000/x", headers: new Headers({ "x-forwarded-proto": "http" }) })).toBe(false);
    expect(isHttpsRequest({ url: "http://internal:3000/x", headers: plain, publicUrl: "https://app.example" })).toBe(true);
    expect(isHttpsRequest({ url: "http://localhost:3000/x", headers: plain, publicUrl: "http://localhost:3000" })).toBe(false);
  });
});

describe("isCrossSiteRequest", () => {
  const host = "app.example:3000";
  function request(method: string, pathname: string, headers: Record<string, string>, extra: Partial<CrossSiteInput> = {}) {
    return isCrossSiteRequest({ method, pathname, headers: new Headers({ host, ...headers }), ...extra });
  }

  it("never refuses safe methods", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) {
      expect(request(method, "/api/trpc/orgs.list", { origin: "https://evil.example" })).toBe(false);
    }
  });

  it("accepts a same-origin Origin, refuses another site's", () => {
    expect(request("POST", "/api/trpc/orgs.create", { origin: "http://app.example:3000" })).toBe(false);
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(request(method, "/api/trpc/orgs.create", { origin: "https://evil.example" })).toBe(true);
    }
    // Same host name, other port or scheme+port: another origin.
    expect(request("POST", "/api/trpc/orgs.create", { origin: "http://app.example:4000" })).toBe(true);
    expect(request("POST", "/api/trpc/orgs.create", { origin: "http://app.example" })).toBe(true);
    // A sibling subdomain is same-site but not same-origin: refused.
    expect(request("POST", "/api/trpc/orgs.create", { origin: "http://evil.app.example:3000" })).toBe(true);
  });

  it("refuses an opaque or non-http Origin", () => {
    expect(request("POST", "/api/trpc/x", { origin: "null", "content-type": "application/json" })).toBe(true);
    expect(request("POST", "/api/trpc/x", { origin: "file://", "content-type": "application/json" })).toBe(true);
    expect(request("POST", "/api/trpc/x", { origin: "not a url" })).toBe(true);
  });

  it("falls back to the Referer when there is no Origin", () => {
    expect(request("POST", "/api/trpc/x", { referer: "http://app.example:3000/t/acme/settings" })).toBe(false);
    expect(request("POST", "/api/trpc/x", { referer: "https://evil.example/page" })).toBe(true);
    // Origin wins over Referer.
    expect(request("POST", "/api/trpc/x", { origin: "https://evil.example", referer: "http://app.example:3000/" })).toBe(true);
  });

  it("compares with x-forwarded-host behind a proxy, and normalises default ports and case", () => {
    const behindProxy = { host: "10.0.0.5:3000", "x-forwarded-host": "App.Example.com, 10.0.0.5" };
    expect(request("POST", "/api/trpc/x", { ...behindProxy, origin: "https://app.example.com" })).toBe(false);
    expect(request("POST", "/api/trpc/x", { ...behindProxy, origin: "https://evil.example" })).toBe(true);
    expect(request("POST", "/api/trpc/x", { host: "app.example.com:443", origin: "https://app.example.com" })).toBe(false);
  });

  it("accepts the configured public origin", () => {
    const headers = { host: "internal:3000", origin: "https://app.example.com" };
    expect(request("POST", "/api/trpc/x", headers)).toBe(true);
    expect(request("POST", "/api/trpc/x", headers, { allowedOrigins: ["https://app.example.com/"] })).toBe(false);
  });

  it("with neither Origin nor Referer, accepts only JSON bodies", () => {
    expect(request("POST", "/api/trpc/orgs.create", { "content-type": "application/json" })).toBe(false);
    expect(request("POST", "/api/trpc/orgs.create", { "content-type": "application/json; charset=utf-8" })).toBe(false);
    expect(request("POST", "/api/trpc/orgs.create", { "content-type": "application/x-www-form-urlencoded" })).toBe(true);
    expect(request("POST", "/api/trpc/orgs.create", { "content-type": "text/plain" })).toBe(true);
    expect(request("POST", "/api/trpc/orgs.create", {})).toBe(true);
  });

  it("leaves signed webhooks and next-auth to their own checks", () => {
    for (const path of ["/api/inngest", "/api/stripe/webhook", "/api/auth/callback/credentials", "/api/auth/signout"]) {
      expect(isCsrfExempt(path)).toBe(true);
      expect(request("POST", path, { origin: "https://evil.example" })).toBe(false);
    }
    for (const path of ["/api/authx", "/api/inngestion", "/api/stripe/webhooks-other", "/api/trpc/accounts.register"]) {
      expect(isCsrfExempt(path)).toBe(false);
      expect(request("POST", path, { origin: "https://evil.example" })).toBe(true);
    }
  });
});
