import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cashBooks } from "../../test/accounting/books";
import { codeOf, contextFor, createUser, TEST_PASSWORD } from "../../test/fixtures";
import { pointAppAtUpstash, useUpstashAdapter } from "../../test/upstash-app";
import { createCaller } from "../api/root";
import { resetTenantApiLimitForTests } from "../api/tenant-rate-limit";
import { authorizeCredentials } from "../modules/accounts/auth";
import { resetSignInLimitsForTests } from "../modules/accounts/sign-in-limits";
import { getDashboard } from "../modules/analytics/dashboard/service";
import { resetCacheForTests, switchCacheStateForTests } from "./cache";
import { logger } from "./logger";
import { accountKey, RateLimited, resetRateLimitsForTests, switchRateLimitStateForTests } from "./rate-limit";

/**
 * The real rate-limit and cache code (`@upstash/redis`, `@upstash/ratelimit`) against the machine's
 * redis-server through the Upstash REST adapter (src/test/upstash-rest.ts). Two "processes" of the
 * app are two states of each module: their own Upstash client, limiter objects and memory.
 */

const WRONG = "not-the-password-at-all";
const signIn = (email: string, password: string, ip: string) => authorizeCredentials({ email, password }, { "x-forwarded-for": ip }).catch((error: unknown) => error);

describe.runIf(process.env.TEST_DATABASE_MODE === "postgres")("rate limits and the tenant cache on real Redis", () => {
  const adapter = useUpstashAdapter({ pointApp: true });
  beforeEach(async () => {
    resetSignInLimitsForTests({ sleep: async () => {} });
    resetTenantApiLimitForTests();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    pointAppAtUpstash(null);
    resetRateLimitsForTests();
    resetCacheForTests();
    resetTenantApiLimitForTests();
  });

  it("shares sign-in and registration limits between two app processes, under ratelimit: keys with no e-mail in clear", async () => {
    const processA = resetRateLimitsForTests();
    const processB = resetRateLimitsForTests();
    const owner = await createUser();
    const ip = "198.51.100.23";
    // Five failures on one account from one address, split between the two processes…
    for (const [i, current] of [processA, processB, processA, processB, processA].entries()) {
      switchRateLimitStateForTests(current);
      expect(await signIn(owner.email, WRONG, ip), `failure ${i + 1}`).toBeNull();
    }
    // …and either process refuses the sixth attempt, the right password included.
    switchRateLimitStateForTests(processB);
    const refused = await signIn(owner.email, TEST_PASSWORD, ip);
    expect(refused).toBeInstanceOf(RateLimited);
    expect((refused as RateLimited).message).toMatch(/Try again in \d+ minutes\./);
    switchRateLimitStateForTests(processA);
    expect(await signIn(owner.email, TEST_PASSWORD, ip)).toBeInstanceOf(RateLimited);
    // Another address is not refused.
    expect(await signIn(owner.email, TEST_PASSWORD, "198.51.100.24")).toMatchObject({ id: owner.id });

    // Registration: 5 an hour per address, across processes (the tRPC procedure, as the form calls it).
    const register = (i: number) =>
      codeOf(createCaller({ ...contextFor(null), ip: "203.0.113.77" }).accounts.register({ name: `Reg ${i}`, email: `reg-${i}-${crypto.randomUUID()}@example.test`, password: TEST_PASSWORD }));
    for (let i = 0; i < 5; i++) {
      switchRateLimitStateForTests(i % 2 === 0 ? processA : processB);
      expect(await register(i)).toBe("OK");
    }
    switchRateLimitStateForTests(processB);
    expect(await register(5)).toBe("TOO_MANY_REQUESTS");

    const keys = await adapter.keys();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(/^ratelimit:/);
    expect(keys.join("\n")).toContain(`ratelimit:sign-in:account-ip:${accountKey(owner.email)}:${ip}:`);
    expect(keys.join("\n")).toContain("ratelimit:register:ip:203.0.113.77:");
    expect(keys.join("\n").toLowerCase()).not.toContain(owner.email.toLowerCase());
  });

  it("stores the dashboard's figures once, serves them to another process, and drops them when a posting commits", async () => {
    const books = await cashBooks();
    const dashboard = () => books.run((tx) => getDashboard(tx, books.actor, {}));
    const processA = resetCacheForTests();
    const first = await dashboard();
    expect(first.cached).toBe(false);
    expect((await dashboard()).cached).toBe(true);

    const processB = resetCacheForTests(); // nothing in its memory: a hit can only come from Redis
    const fromRedis = await dashboard();
    expect(fromRedis.cached).toBe(true);
    expect(fromRedis.revenue.figures).toEqual(first.revenue.figures); // bigints survive the round trip

    await books.sale(first.today, "12345"); // process B commits a posting
    switchCacheStateForTests(processA);
    const fresh = await dashboard();
    expect(fresh.cached).toBe(false);
    const usd = (figures: { currency: string; amountMinor: bigint }[]) => figures.find((f) => f.currency === "USD")?.amountMinor ?? 0n;
    expect(usd(fresh.revenue.figures) - usd(first.revenue.figures)).toBe(12345n);
    switchCacheStateForTests(processB);
    expect((await dashboard()).cached).toBe(true);

    const keys = await adapter.keys();
    expect(keys).toContain(`tenant:${books.org.id}:analytics:version`);
    for (const key of keys) expect(key.startsWith(`tenant:${books.org.id}:analytics:`)).toBe(true);
  });

  it("keeps working when Redis is unreachable (limits in memory, cache bypassed), logs it once, and goes back to Redis after the retry window", async () => {
    let now = Date.now();
    const clock = () => now;
    resetRateLimitsForTests({ now: clock, upstashRetryAfterMs: 5_000 });
    resetCacheForTests({ now: clock, upstashRetryAfterMs: 5_000 });
    const books = await cashBooks();
    const dashboard = () => books.run((tx) => getDashboard(tx, books.actor, {}));
    const apiCall = () => codeOf(createCaller(contextFor(books.owner, books.org.id)).orgs.current());
    const before = await dashboard(); // stored in Redis while it is up
    expect((await dashboard()).cached).toBe(true);

    await adapter.stop();
    const warn = vi.spyOn(logger, "warn");
    // Many requests of every kind during the outage.
    for (let i = 0; i < 20; i++) expect(await apiCall()).toBe("OK");
    for (let i = 0; i < 3; i++) expect((await dashboard()).cached).toBe(false);
    await books.sale(before.today, "500"); // its invalidation cannot reach Redis: remembered
    const ip = "192.0.2.200";
    for (let i = 0; i < 5; i++) expect(await signIn(books.owner.email, WRONG, ip)).toBeNull();
    expect(await signIn(books.owner.email, WRONG, ip)).toBeInstanceOf(RateLimited); // still limited, in memory

    const messages = warn.mock.calls.map((call) => String(call[1]));
    expect(messages.filter((m) => m.includes("Upstash rate limiter unreachable"))).toHaveLength(1);
    expect(messages.filter((m) => m.includes("Upstash cache unreachable"))).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(2);

    // Redis is back, but inside the retry window nothing is sent to it.
    await adapter.start();
    const requestsBefore = adapter.stats.requests;
    expect(await apiCall()).toBe("OK");
    expect((await dashboard()).cached).toBe(false);
    expect(adapter.stats.requests).toBe(requestsBefore);

    now += 5_001; // past the window: both use Redis again
    expect(await apiCall()).toBe("OK");
    const after = await dashboard();
    // The posting made during the outage was sent first: the figures stored before it are not served.
    expect(after.cached).toBe(false);
    const usd = (figures: { currency: string; amountMinor: bigint }[]) => figures.find((f) => f.currency === "USD")?.amountMinor ?? 0n;
    expect(usd(after.revenue.figures) - usd(before.revenue.figures)).toBe(500n);
    expect((await dashboard()).cached).toBe(true);
    expect(adapter.stats.requests).toBeGreaterThan(requestsBefore);
    const keys = await adapter.keys();
    expect(keys.some((key) => key.startsWith(`tenant:${books.org.id}:ratelimit:api:`))).toBe(true);
    expect(warn).toHaveBeenCalledTimes(2); // no new warning
  });
});
