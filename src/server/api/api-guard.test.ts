import { describe, expect, it } from "vitest";
import { DELETE, GET, OPTIONS, PATCH, POST, PUT } from "../../app/api/trpc/[trpc]/route";
import { API_CSP } from "./api-guard";

/*
 * The tRPC route does the proxy's API duties itself (the proxy's matcher lets most tRPC
 * requests pass it, src/proxy.ts): the CSRF check and the security headers, for every method.
 */

function expectApiHeaders(response: Response) {
  expect(response.headers.get("Content-Security-Policy")).toBe(API_CSP);
  expect(response.headers.get("X-Frame-Options")).toBe("DENY");
  expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(response.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
  expect(response.headers.get("Permissions-Policy")).toBe("camera=(), microphone=(), geolocation=()");
}

const url = "http://localhost:3000/api/trpc/orgs.create";

describe("the tRPC route without the proxy in front", () => {
  it("refuses a cross-site POST with 403 before reading it, with the security headers", async () => {
    const refused: Record<string, string>[] = [
      { origin: "https://evil.example", host: "localhost:3000", "content-type": "application/json" },
      { referer: "https://evil.example/page", host: "localhost:3000", "content-type": "application/json" },
      { host: "localhost:3000", "content-type": "application/x-www-form-urlencoded" },
    ];
    for (const headers of refused) {
      const response = await POST(new Request(url, { method: "POST", headers, body: JSON.stringify({ json: { name: "Evil Corp" } }) }));
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ error: "Cross-site request refused." });
      expect(response.headers.get("cache-control")).toBe("no-store");
      expectApiHeaders(response);
    }
  });

  it("lets a same-origin or JSON POST reach tRPC (401 without a session), with the security headers", async () => {
    const passed: Record<string, string>[] = [
      { origin: "http://localhost:3000", host: "localhost:3000", "content-type": "application/json" },
      { host: "localhost:3000", "content-type": "application/json" },
    ];
    for (const headers of passed) {
      const response = await POST(new Request(url, { method: "POST", headers, body: JSON.stringify({ json: { name: "Anyone" } }) }));
      expect(response.status).toBe(401);
      expect(response.headers.get("x-request-id")).toBeTruthy();
      expectApiHeaders(response);
    }
  });

  it("puts the security headers on a GET answer, and HSTS only over https", async () => {
    const plain = await GET(new Request("http://localhost:3000/api/trpc/orgs.current"));
    expect(plain.status).toBe(401);
    expectApiHeaders(plain);
    expect(plain.headers.get("Strict-Transport-Security")).toBeNull();
    const https = await GET(new Request("http://localhost:3000/api/trpc/orgs.current", { headers: { "x-forwarded-proto": "https" } }));
    expectApiHeaders(https);
    expect(https.headers.get("Strict-Transport-Security")).toBe("max-age=31536000; includeSubDomains");
  });

  it("answers the other methods as Next would (405, OPTIONS 204), with a message and guarded the same way", async () => {
    for (const handler of [PUT, PATCH, DELETE]) {
      const allowed = await handler(new Request(url, { method: "PUT", headers: { host: "localhost:3000", "content-type": "application/json" } }));
      expect(allowed.status).toBe(405);
      expect(allowed.headers.get("Allow")).toBe("GET, HEAD, OPTIONS, POST");
      expect(await allowed.json()).toEqual({ error: "Method not allowed: use GET or POST." });
      expectApiHeaders(allowed);
      const crossSite = await handler(new Request(url, { method: "PUT", headers: { origin: "https://evil.example", host: "localhost:3000" } }));
      expect(crossSite.status).toBe(403);
      expectApiHeaders(crossSite);
    }
    const options = await OPTIONS(new Request(url, { method: "OPTIONS", headers: { origin: "https://evil.example" } }));
    expect(options.status).toBe(204);
    expect(options.headers.get("Allow")).toBe("GET, HEAD, OPTIONS, POST");
    expectApiHeaders(options);
  });
});
