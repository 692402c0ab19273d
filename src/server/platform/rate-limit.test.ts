import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { reloadEnv } from "./env";
import { DomainError } from "./errors";
import { logger } from "./logger";
import {
  accountKey,
  assertWithinRateLimits,
  clientIp,
  dropForwardedForWithoutTrustedProxy,
  enforceRateLimits,
  hitRateLimit,
  memoryRateLimitKeysForTests,
  peekRateLimit,
  RATE_LIMITS,
  RateLimited,
  recordRateLimitHits,
  resetRateLimitsForTests,
  passwordResetChecks,
  type RateLimitRule,
} from "./rate-limit";

/** A clock the tests move by hand: the memory store is deterministic. */
function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

const rule: RateLimitRule = { name: "test", limit: 3, windowSeconds: 60 };

function withoutUpstash() {
  delete process.env.UPSTASH_REDIS_REST_URL;
  delete process.env.UPSTASH_REDIS_REST_TOKEN;
  reloadEnv();
}

describe("rate limits (in-memory store)", () => {
  let clock: ReturnType<typeof manualClock>;
  beforeEach(() => {
    withoutUpstash();
    clock = manualClock();
    resetRateLimitsForTests({ now: clock.now });
  });

  it("allows `limit` hits, then refuses with a retry-after within the window", async () => {
    const results = [];
    for (let i = 0; i < rule.limit; i++) results.push(await hitRateLimit(rule, "1.2.3.4"));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0]);

    clock.advance(10_000);
    const refused = await hitRateLimit(rule, "1.2.3.4");
    expect(refused.allowed).toBe(false);
    expect(refused.remaining).toBe(0);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(rule.windowSeconds);
    expect(refused.retryAfterSeconds).toBe(50); // the first hit leaves the window 50 s from now
  });

  it("counts separate keys and separate rules independently", async () => {
    for (let i = 0; i < rule.limit; i++) await hitRateLimit(rule, "a");
    expect((await hitRateLimit(rule, "a")).allowed).toBe(false);
    expect((await hitRateLimit(rule, "b")).allowed).toBe(true);
    expect((await hitRateLimit({ ...rule, name: "other" }, "a")).allowed).toBe(true);
  });

  it("lets requests through again once the window has passed (sliding, not fixed)", async () => {
    await hitRateLimit(rule, "k"); // t = 0
    clock.advance(30_000);
    await hitRateLimit(rule, "k"); // t = 30 s
    await hitRateLimit(rule, "k");
    expect((await hitRateLimit(rule, "k")).allowed).toBe(false);

    clock.advance(30_000); // t = 60 s: only the first hit has left the window
    expect((await hitRateLimit(rule, "k")).allowed).toBe(true);
    const refused = await hitRateLimit(rule, "k");
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(30);

    clock.advance(rule.windowSeconds * 1000); // a full window later: everything expired
    const again = await hitRateLimit(rule, "k");
    expect(again).toEqual({ allowed: true, remaining: rule.limit - 1, retryAfterSeconds: 0 });
  });

  it("does not count refused hits (hammering does not extend the lock-out)", async () => {
    for (let i = 0; i < rule.limit; i++) await hitRateLimit(rule, "k");
    for (let i = 0; i < 20; i++) {
      clock.advance(1_000);
      await hitRateLimit(rule, "k");
    }
    clock.advance(rule.windowSeconds * 1000 - 20_000);
    expect((await hitRateLimit(rule, "k")).allowed).toBe(true);
  });

  it("works with a real clock and a 1 s window", async () => {
    resetRateLimitsForTests();
    const short: RateLimitRule = { name: "short", limit: 2, windowSeconds: 1 };
    expect((await hitRateLimit(short, "k")).allowed).toBe(true);
    expect((await hitRateLimit(short, "k")).allowed).toBe(true);
    const refused = await hitRateLimit(short, "k");
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    expect((await hitRateLimit(short, "k")).allowed).toBe(true);
  });

  it("enforceRateLimits passes under the limits and throws RateLimited over any of them", async () => {
    const checks = passwordResetChecks("9.9.9.9", "Someone@Example.com");
    for (let i = 0; i < RATE_LIMITS.passwordResetPerAccount.limit; i++) await expect(enforceRateLimits(checks)).resolves.toBeUndefined();

    clock.advance(60_000);
    const error = await enforceRateLimits(checks).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimited);
    expect(error).toBeInstanceOf(DomainError);
    const limited = error as RateLimited;
    expect(limited.name).toBe("RateLimited");
    expect(limited.message).toMatch(/^Too many attempts\. Try again in \d+ (seconds?|minutes)\.$/);
    expect(limited.message).toContain("Try again in");
    // The account rule (3 per hour) is the one over: first hit was 60 s ago.
    expect(limited.retryAfterSeconds).toBe(60 * 60 - 60);
    expect(limited.message).toBe("Too many attempts. Try again in 59 minutes.");

    // The same account from another IP is still refused; another account from the same IP is not.
    await expect(enforceRateLimits(passwordResetChecks("8.8.8.8", "someone@example.com"))).rejects.toBeInstanceOf(RateLimited);
    await expect(enforceRateLimits(passwordResetChecks("9.9.9.9", "other@example.com"))).resolves.toBeUndefined();
  });

  it("peeks without counting, and records hits whatever the outcome", async () => {
    const checks = [{ rule, key: "p" }];
    for (let i = 0; i < 10; i++) await expect(assertWithinRateLimits(checks)).resolves.toBeUndefined();
    expect(await peekRateLimit(rule, "p")).toMatchObject({ allowed: true, used: 0, remaining: rule.limit });
    for (let i = 0; i < rule.limit; i++) await recordRateLimitHits(checks);
    expect(await peekRateLimit(rule, "p")).toMatchObject({ allowed: false, used: rule.limit, remaining: 0 });
    clock.advance(15_000);
    await expect(assertWithinRateLimits(checks)).rejects.toThrow("Too many attempts. Try again in 45 seconds.");
  });

  it("says seconds for short waits", async () => {
    for (let i = 0; i < rule.limit; i++) await hitRateLimit(rule, "s");
    clock.advance(59_000);
    await expect(enforceRateLimits([{ rule, key: "s" }])).rejects.toThrow("Too many attempts. Try again in 1 second.");
  });

  it("keeps the memory store bounded", async () => {
    resetRateLimitsForTests({ now: clock.now, maxMemoryKeys: 100 });
    for (let i = 0; i < 1_000; i++) await hitRateLimit(rule, `ip-${i}`);
    expect(memoryRateLimitKeysForTests()).toBeLessThanOrEqual(100);
    // The most recent keys survive eviction.
    for (let i = 0; i < rule.limit - 1; i++) await hitRateLimit(rule, "ip-999");
    expect((await hitRateLimit(rule, "ip-999")).allowed).toBe(false);

    // Expired entries are swept.
    clock.advance(2 * 60_000);
    await hitRateLimit(rule, "fresh");
    expect(memoryRateLimitKeysForTests()).toBe(1);
  });
});

describe("rate limit keys and client IPs", () => {
  it("hashes account keys from the lower-cased, trimmed e-mail", () => {
    const key = accountKey("  Dana@Example.COM ");
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).toBe(accountKey("dana@example.com"));
    expect(key).not.toContain("dana");
  });

  // `next start` sets x-forwarded-for to the socket's address only when the request has none, and
  // never appends (next/dist/server/base-server.js). So each trusted proxy in front appends the
  // address it saw, and the client is the N-th entry from the right behind N trusted proxies.
  it("behind one trusted proxy takes the entry that proxy appended: rotating the rest changes nothing", () => {
    for (const forged of ["1.1.1.1", "2.2.2.2, 3.3.3.3", "unknown", ""]) {
      const header = forged ? `${forged}, 198.51.100.9` : "198.51.100.9";
      expect(clientIp(new Headers({ "x-forwarded-for": header }), 1)).toBe("198.51.100.9");
    }
  });

  it("behind two trusted proxies takes the second entry from the right", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.9, 10.0.0.2" }), 2)).toBe("198.51.100.9");
    expect(clientIp({ "x-forwarded-for": ["6.6.6.6", "198.51.100.9, 10.0.0.2"] }, 2)).toBe("198.51.100.9");
  });

  it("with fewer entries than trusted proxies takes the farthest one there is", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.9" }), 2)).toBe("198.51.100.9");
  });

  it("reads TRUSTED_PROXY_COUNT, default 0: with no proxy the header is Next's record of the socket address", () => {
    delete process.env.TRUSTED_PROXY_COUNT;
    reloadEnv();
    // Without a trusted proxy the header is only ever Next's own (dropForwardedForWithoutTrustedProxy
    // removes a client's value before Next fills it in); a longer chain came from the client.
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientIp(new Headers({ "x-forwarded-for": "1.1.1.1, 203.0.113.7" }))).toBe("203.0.113.7");
    process.env.TRUSTED_PROXY_COUNT = "1";
    try {
      reloadEnv();
      expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.9, 10.0.0.2" }))).toBe("10.0.0.2");
    } finally {
      delete process.env.TRUSTED_PROXY_COUNT;
      reloadEnv();
    }
  });

  it("drops a client's x-forwarded-for before Next when no proxy is trusted, so Next records the socket address", () => {
    const direct = new Headers({ "x-forwarded-for": "1.2.3.4", "x-nonce": "n" });
    dropForwardedForWithoutTrustedProxy(direct, 0);
    expect(direct.has("x-forwarded-for")).toBe(false);
    expect(direct.get("x-nonce")).toBe("n");
    const proxied = new Headers({ "x-forwarded-for": "1.2.3.4, 198.51.100.9" });
    dropForwardedForWithoutTrustedProxy(proxied, 1);
    expect(proxied.get("x-forwarded-for")).toBe("1.2.3.4, 198.51.100.9");
  });

  it("ignores x-real-ip (any client can send it) and says unknown without an address", () => {
    expect(clientIp(new Headers({ "x-real-ip": "198.51.100.4" }), 1)).toBe("unknown");
    expect(clientIp(new Headers({ "x-real-ip": "198.51.100.4", "x-forwarded-for": "203.0.113.7" }), 0)).toBe("203.0.113.7");
    expect(clientIp(new Headers(), 0)).toBe("unknown");
    expect(clientIp(new Headers({ "x-forwarded-for": " , " }), 1)).toBe("unknown");
  });

  it("accepts next-auth's plain header object and caps the length", () => {
    expect(clientIp({ "x-forwarded-for": "2001:db8::1", host: "x" }, 0)).toBe("2001:db8::1");
    expect(clientIp({ "x-forwarded-for": "x".repeat(500) }, 0)).toHaveLength(64);
  });
});

describe("rate limits with Upstash configured", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    withoutUpstash();
    resetRateLimitsForTests();
  });

  function useUpstash(url: string) {
    process.env.UPSTASH_REDIS_REST_URL = url;
    process.env.UPSTASH_REDIS_REST_TOKEN = "test-token";
    reloadEnv();
    resetRateLimitsForTests();
  }

  it("falls back to the in-memory store when Upstash is unreachable, logs once, and still enforces the limit", async () => {
    const warn = vi.spyOn(logger, "warn");
    useUpstash("http://127.0.0.1:9");
    const started = Date.now();
    const results = [];
    for (let i = 0; i < rule.limit + 1; i++) results.push(await hitRateLimit(rule, "1.2.3.4"));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]!.retryAfterSeconds).toBeGreaterThan(0);
    expect(results[3]!.retryAfterSeconds).toBeLessThanOrEqual(rule.windowSeconds);
    await expect(enforceRateLimits([{ rule, key: "1.2.3.4" }])).rejects.toThrow(/Try again in/);
    // Upstash is not retried on every hit while it is down.
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![1])).toMatch(/Upstash rate limiter unreachable/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("sends namespaced keys to Upstash, with account e-mails hashed, and falls back when it answers errors", async () => {
    const bodies: string[] = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        bodies.push(body);
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "ERR stand-in refuses everything" }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const warn = vi.spyOn(logger, "warn");
      useUpstash(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      await expect(enforceRateLimits(passwordResetChecks("203.0.113.9", "Dana@Example.com"))).resolves.toBeUndefined();

      const sent = bodies.join("\n");
      expect(sent).toContain(`ratelimit:password-reset:ip:203.0.113.9`);
      expect(sent).toContain(`ratelimit:password-reset:account:${accountKey("dana@example.com")}`);
      expect(sent.toLowerCase()).not.toContain("dana@example.com");
      expect(warn).toHaveBeenCalledTimes(1);

      // Still limited, by the memory store.
      for (let i = 1; i < RATE_LIMITS.passwordResetPerAccount.limit; i++) await enforceRateLimits(passwordResetChecks("203.0.113.9", "dana@example.com"));
      await expect(enforceRateLimits(passwordResetChecks("203.0.113.9", "dana@example.com"))).rejects.toBeInstanceOf(RateLimited);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
