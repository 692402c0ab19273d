import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./validation";

const ORIGIN = "https://app.example.test";

describe("safeCallbackUrl (where sign-in goes next)", () => {
  it.each([
    ["/t/acme-demo", "/t/acme-demo"],
    ["/t/acme-demo/crm?view=board#deals", "/t/acme-demo/crm?view=board#deals"],
    ["/account", "/account"],
    [`/invite/${encodeURIComponent("abc.def")}`, "/invite/abc.def"],
  ])("follows the same-origin path %j", (value, expected) => {
    expect(safeCallbackUrl(value)).toBe(expected);
  });

  it.each([
    ["protocol-relative", "//evil.example"],
    ["backslash after the slash (browsers read it as //)", "/\\evil.example"],
    ["two backslashes", "\\\\evil.example"],
    ["a tab between the slashes", "/\t/evil.example"],
    ["a newline between the slashes", "/\n/evil.example"],
    ["a carriage return", "/\r/evil.example"],
    ["a NUL byte", "/\u0000/evil.example"],
    ["another site", "https://evil.example/t/acme-demo"],
    ["another site, scheme in capitals", "HTTPS://evil.example"],
    ["javascript:", "javascript:alert(document.cookie)"],
    ["javascript: with a tab inside", "java\tscript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["dot segments that collapse to //", "/..//evil.example"],
    ["encoded slashes", "%2F%2Fevil.example"],
    ["an encoded backslash", "/%5Cevil.example"],
    ["an encoded tab", "/%09/evil.example"],
    ["an encoded slash after the first", "/%2Fevil.example"],
    ["double-encoded slashes", "%252F%252Fevil.example"],
    ["credentials trick", "https://app.example.test@evil.example/"],
  ])("refuses %s: %j", (_label, value) => {
    expect(safeCallbackUrl(value)).toBe("/");
    expect(safeCallbackUrl(value, ORIGIN)).toBe("/");
  });

  it("goes home when there is no callback", () => {
    expect(safeCallbackUrl(undefined)).toBe("/");
    expect(safeCallbackUrl(null)).toBe("/");
    expect(safeCallbackUrl("")).toBe("/");
  });

  it("accepts an absolute URL only on the app's own origin, and returns it as a path", () => {
    expect(safeCallbackUrl(`${ORIGIN}/t/acme-demo?x=1`, ORIGIN)).toBe("/t/acme-demo?x=1");
    expect(safeCallbackUrl("https://app.example.test.evil.example/t", ORIGIN)).toBe("/");
    expect(safeCallbackUrl("http://app.example.test/t", ORIGIN)).toBe("/");
    // Without a known origin only paths are followed.
    expect(safeCallbackUrl(`${ORIGIN}/t/acme-demo`)).toBe("/");
  });
});
