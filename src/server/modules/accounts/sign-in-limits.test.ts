import { beforeEach, describe, expect, it } from "vitest";
import { createUser, TEST_PASSWORD } from "../../../test/fixtures";
import { RateLimited, resetRateLimitsForTests } from "../../platform/rate-limit";
import { authorizeCredentials } from "./auth";
import { MAX_SIGN_IN_DELAY_MS, resetSignInLimitsForTests, signInDelayMs } from "./sign-in-limits";

const WRONG = "not-the-password-at-all";

/** Headers as `next start` hands them over for a client connecting from `ip` (no proxy in front). */
function from(ip: string) {
  return { "x-forwarded-for": ip };
}

async function attempt(email: string, password: string, ip: string) {
  return authorizeCredentials({ email, password }, from(ip)).catch((error: unknown) => error);
}

/** The waits sign-in asked for, instead of sleeping through them. */
let delays: number[] = [];
beforeEach(() => {
  resetRateLimitsForTests();
  delays = [];
  resetSignInLimitsForTests({ sleep: async (ms) => void delays.push(ms) });
});

describe("sign-in attempt limits (no targeted lock-out)", () => {
  it("lets the owner in with the right password from a fresh address while others hammer the account", async () => {
    const owner = await createUser();
    for (const attacker of ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"]) {
      for (let i = 0; i < 5; i++) expect(await attempt(owner.email, WRONG, attacker)).toBeNull();
      expect(await attempt(owner.email, WRONG, attacker)).toBeInstanceOf(RateLimited);
    }
    delays = [];
    expect(await attempt(owner.email, TEST_PASSWORD, "203.0.113.50")).toMatchObject({ id: owner.id });
    // Slowed down, not blocked.
    expect(delays).toEqual([MAX_SIGN_IN_DELAY_MS]);
  });

  it("refuses an address after 5 failures on one account, even with the right password, and only for that account", async () => {
    const owner = await createUser();
    const other = await createUser();
    for (let i = 0; i < 5; i++) expect(await attempt(owner.email, WRONG, "192.0.2.9")).toBeNull();
    const refused = await attempt(owner.email, TEST_PASSWORD, "192.0.2.9");
    expect(refused).toBeInstanceOf(RateLimited);
    expect((refused as RateLimited).message).toMatch(/^Too many attempts\. Try again in \d+ (seconds?|minutes)\.$/);
    expect(await attempt(other.email, TEST_PASSWORD, "192.0.2.9")).toMatchObject({ id: other.id });
  });

  it("counts only failed sign-ins", async () => {
    const owner = await createUser();
    for (let i = 0; i < 12; i++) expect(await attempt(owner.email, TEST_PASSWORD, "198.51.100.7")).toMatchObject({ id: owner.id });
    for (let i = 0; i < 4; i++) expect(await attempt(owner.email, WRONG, "198.51.100.7")).toBeNull();
    expect(await attempt(owner.email, TEST_PASSWORD, "198.51.100.7")).toMatchObject({ id: owner.id });
  });

  it("slows attempts on an account down as its failures grow, up to a cap, and not before the sixth", async () => {
    expect([0, 5, 6, 7, 8, 9, 10, 30].map(signInDelayMs)).toEqual([0, 0, 250, 500, 1000, 2000, 4000, 4000]);
    const owner = await createUser();
    const addresses = ["192.0.2.21", "192.0.2.22", "192.0.2.23"];
    for (let i = 0; i < 9; i++) await attempt(owner.email, WRONG, addresses[i % 3]!);
    expect(delays).toEqual([250, 500, 1000]);
  });

  it("limits failures per address across accounts (password spraying)", async () => {
    const accounts = await Promise.all(Array.from({ length: 3 }, () => createUser()));
    for (let i = 0; i < 10; i++) expect(await attempt(accounts[i % 3]!.email, WRONG, "192.0.2.30")).toBeNull();
    expect(await attempt(accounts[0]!.email, TEST_PASSWORD, "192.0.2.30")).toBeInstanceOf(RateLimited);
    expect(await attempt(accounts[0]!.email, TEST_PASSWORD, "192.0.2.31")).toMatchObject({ id: accounts[0]!.id });
  });

  it("counts every failure of a parallel burst from one address: no more than 5 guesses get checked", async () => {
    const owner = await createUser();
    const results = await Promise.all(Array.from({ length: 12 }, () => attempt(owner.email, WRONG, "192.0.2.40")));
    expect(results.filter((result) => result === null)).toHaveLength(5);
    expect(results.filter((result) => result instanceof RateLimited)).toHaveLength(7);
  });
});
