import { encode } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";
import { authSecret } from "../../platform/env";
import { readSession, sessionCookieName } from "./session";

async function headersWith(token: string) {
  return new Headers({ cookie: `other=1; ${sessionCookieName()}=${token}; x=y` });
}

describe("reading the session cookie", () => {
  const sid = crypto.randomUUID();

  it("returns the user id, session version and session id of a valid token, again from the cache", async () => {
    const token = await encode({ token: { sub: "user-1", sv: 3, sid }, secret: authSecret() });
    const headers = await headersWith(token);
    expect(await readSession(headers)).toEqual({ userId: "user-1", sessionVersion: 3, sessionId: sid });
    expect(await readSession(headers)).toEqual({ userId: "user-1", sessionVersion: 3, sessionId: sid });
  });

  it("rejects a token without a session id, or with one that is not a uuid (issued before server-side sessions)", async () => {
    const noSession = await encode({ token: { sub: "user-5", sv: 1 }, secret: authSecret() });
    const badSession = await encode({ token: { sub: "user-5", sv: 1, sid: "1; drop table users" }, secret: authSecret() });
    expect(await readSession(await headersWith(noSession))).toBeNull();
    expect(await readSession(await headersWith(badSession))).toBeNull();
  });

  it("stops returning a cached token once its session's absolute end has passed", async () => {
    const token = await encode({ token: { sub: "user-6", sv: 1, sid, sxp: Math.floor(Date.now() / 1000) + 60 }, secret: authSecret() });
    const headers = await headersWith(token);
    expect(await readSession(headers)).not.toBeNull();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 61_000 });
    try {
      expect(await readSession(headers)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("rejects an expired token", async () => {
    const token = await encode({ token: { sub: "user-2", sv: 1, sid }, secret: authSecret(), maxAge: -60 });
    expect(await readSession(await headersWith(token))).toBeNull();
  });

  it("rejects a token signed with another secret, a garbage token and a token without a session version", async () => {
    const foreign = await encode({ token: { sub: "user-3", sv: 1, sid }, secret: "another-secret-another-secret-another-1" });
    const noVersion = await encode({ token: { sub: "user-4", sid }, secret: authSecret() });
    expect(await readSession(await headersWith(foreign))).toBeNull();
    expect(await readSession(await headersWith("garbage"))).toBeNull();
    expect(await readSession(await headersWith(noVersion))).toBeNull();
    expect(await readSession(new Headers())).toBeNull();
  });
});
