import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { authSecret } from "../../platform/env";
import { readSession, sessionCookieName } from "./session";

async function headersWith(token: string) {
  return new Headers({ cookie: `other=1; ${sessionCookieName()}=${token}; x=y` });
}

describe("reading the session cookie", () => {
  it("returns the user id and session version of a valid token, again from the cache", async () => {
    const token = await encode({ token: { sub: "user-1", sv: 3 }, secret: authSecret() });
    const headers = await headersWith(token);
    expect(await readSession(headers)).toEqual({ userId: "user-1", sessionVersion: 3 });
    expect(await readSession(headers)).toEqual({ userId: "user-1", sessionVersion: 3 });
  });

  it("rejects an expired token", async () => {
    const token = await encode({ token: { sub: "user-2", sv: 1 }, secret: authSecret(), maxAge: -60 });
    expect(await readSession(await headersWith(token))).toBeNull();
  });

  it("rejects a token signed with another secret, a garbage token and a token without a session version", async () => {
    const foreign = await encode({ token: { sub: "user-3", sv: 1 }, secret: "another-secret-another-secret-another-1" });
    const noVersion = await encode({ token: { sub: "user-4" }, secret: authSecret() });
    expect(await readSession(await headersWith(foreign))).toBeNull();
    expect(await readSession(await headersWith("garbage"))).toBeNull();
    expect(await readSession(await headersWith(noVersion))).toBeNull();
    expect(await readSession(new Headers())).toBeNull();
  });
});
