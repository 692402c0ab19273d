import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { DEMO, expectTenantHome, signIn, signOut } from "./helpers";

/** Headers every response carries (the e2e server is plain http: no HSTS expected). */
function expectCommonSecurityHeaders(response: APIResponse): Record<string, string> {
  const headers = response.headers();
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["permissions-policy"]).toBe("camera=(), microphone=(), geolocation=()");
  expect(headers["strict-transport-security"]).toBeUndefined();
  return headers;
}

/** An API response: the common headers and a policy that lets the JSON load or frame nothing. */
function expectApiSecurityHeaders(response: APIResponse): void {
  expect(expectCommonSecurityHeaders(response)["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
}

/** A page: the common headers and the nonce-based CSP; returns the CSP. */
function expectSecurityHeaders(response: APIResponse): string {
  const headers = expectCommonSecurityHeaders(response);
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]+=*' 'strict-dynamic'(;|$)/);
  expect(csp).not.toContain("unsafe-eval"); // e2e runs the production build
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(csp).toContain("form-action 'self'");
  return csp;
}

function nonceOf(csp: string): string {
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  if (!nonce) throw new Error(`no nonce in ${csp}`);
  return nonce;
}

/** Records CSP violations of a page: Chromium's console reports and the DOM event. */
async function watchForCspProblems(page: Page): Promise<() => Promise<string[]>> {
  const consoleProblems: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|evaluate)/i.test(message.text())) {
      consoleProblems.push(`${message.type()}: ${message.text()}`);
    }
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      w.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
    });
  });
  return async () => [
    ...consoleProblems,
    ...(await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])),
  ];
}

test.describe("security headers and CSRF", () => {
  test("a page carries the security headers and a fresh CSP nonce on every script", async ({ request }) => {
    const first = await request.get("/sign-in");
    expect(first.status()).toBe(200);
    const csp = expectSecurityHeaders(first);
    const nonce = nonceOf(csp);

    // Next applies the nonce from the CSP to every script it renders.
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    const second = await request.get("/sign-in");
    expect(nonceOf(expectSecurityHeaders(second))).not.toBe(nonce);
  });

  test("API responses carry the security headers too, with a policy that loads nothing", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expectApiSecurityHeaders(response);
  });

  test("signing in and out works with no CSP violation", async ({ page }) => {
    const problems = await watchForCspProblems(page);
    await signIn(page, DEMO.email, DEMO.password);
    await expectTenantHome(page, DEMO.orgSlug, { name: DEMO.name, firstName: DEMO.name.split(" ")[0]! });
    // The page is hydrated (its scripts ran under the CSP): the account menu works.
    await signOut(page, DEMO.name);
    expect(await problems()).toEqual([]);
  });

  test("a cross-site POST is refused with 403; same-origin and JSON API clients are not", async ({ request, baseURL }) => {
    const evil = await request.post("/api/trpc/orgs.create", {
      headers: { origin: "https://evil.example" },
      data: { json: { name: "Evil Corp" } },
    });
    expect(evil.status()).toBe(403);
    expect(await evil.json()).toEqual({ error: "Cross-site request refused." });
    expectApiSecurityHeaders(evil);

    const evilReferer = await request.post("/api/trpc/orgs.create", {
      headers: { referer: "https://evil.example/page" },
      data: { json: { name: "Evil Corp" } },
    });
    expect(evilReferer.status()).toBe(403);

    // What a cross-site HTML form sends: no JSON content type, refused even without Origin.
    const form = await request.post("/api/trpc/orgs.create", { form: { name: "Evil Corp" } });
    expect(form.status()).toBe(403);

    // Same origin: reaches tRPC, which asks for a session.
    const sameOrigin = await request.post("/api/trpc/orgs.create", {
      headers: { origin: new URL(baseURL!).origin },
      data: { json: { name: "Anyone" } },
    });
    expect(sameOrigin.status()).toBe(401);

    // No Origin/Referer but JSON (curl, scripts): reaches tRPC as well.
    const json = await request.post("/api/trpc/orgs.create", { data: { json: { name: "Anyone" } } });
    expect(json.status()).toBe(401);
  });
});
