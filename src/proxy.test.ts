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
