import { logger } from "../../platform/logger";
import { accountKey, assertWithinRateLimits, peekRateLimit, RATE_LIMITS, recordRateLimitHits, type RateLimitCheck } from "../../platform/rate-limit";

/**
 * Limits on password checks (sign-in, and the current password when changing it), built so
 * nobody can lock an owner out by failing on purpose:
 * - only failures count;
 * - hard limits are per address (10 failures a minute) and per account + address (5 in 15 minutes);
 * - failures on the account from anywhere never refuse: past 5 in 15 minutes, every attempt on
 *   the account waits first (doubling from 250 ms, at most 4 s), the owner's right password included.
 * Attempts on one account from one address run one at a time in this process, so a burst of
 * parallel guesses cannot all pass the check before the first failure is counted.
 */
export const FREE_FAILURES_PER_ACCOUNT = 5;
const FIRST_DELAY_MS = 250;
export const MAX_SIGN_IN_DELAY_MS = 4_000;

export type PasswordAttempt = { ip: string; email: string };

/** How long an attempt on an account with this many recent failures waits. */
export function signInDelayMs(recentFailures: number): number {
  if (recentFailures <= FREE_FAILURES_PER_ACCOUNT) return 0;
  return Math.min(MAX_SIGN_IN_DELAY_MS, FIRST_DELAY_MS * 2 ** (recentFailures - FREE_FAILURES_PER_ACCOUNT - 1));
}

function checksFor({ ip, email }: PasswordAttempt): { account: RateLimitCheck; accountAndIp: RateLimitCheck; hard: RateLimitCheck[] } {
  const account = accountKey(email);
  const accountAndIp = { rule: RATE_LIMITS.signInFailuresPerAccountAndIp, key: `${account}:${ip}` };
  return {
    account: { rule: RATE_LIMITS.signInFailuresPerAccount, key: account },
    accountAndIp,
    hard: [{ rule: RATE_LIMITS.signInFailuresPerIp, key: ip }, accountAndIp],
  };
}

type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// On globalThis, as the rate-limit store: sign-in (/api/auth) and password change (/api/trpc) are separate route bundles.
type State = { queues: Map<string, Promise<unknown>>; sleep: Sleep };
const STATE_KEY = Symbol.for("neuroops.signInLimits");
type GlobalWithState = typeof globalThis & { [STATE_KEY]?: State };

function state(): State {
  const global = globalThis as GlobalWithState;
  global[STATE_KEY] ??= { queues: new Map(), sleep: realSleep };
  return global[STATE_KEY];
}

/** Runs `task` after every earlier task of the same key has settled. */
async function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const { queues } = state();
  const run = (queues.get(key) ?? Promise.resolve()).then(task, task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  try {
    return await run;
  } finally {
    if (queues.get(key) === settled) queues.delete(key);
  }
}

/**
 * Runs `check` (a password check: a value when right, null when wrong) under the limits above.
 * Throws `RateLimited` when the address is over a hard limit; otherwise returns what `check` does.
 */
export async function withPasswordAttemptLimits<T>(attempt: PasswordAttempt, check: () => Promise<T | null>): Promise<T | null> {
  const checks = checksFor(attempt);
  return oneAtATime(checks.accountAndIp.key, async () => {
    await assertWithinRateLimits(checks.hard);
    const { used } = await peekRateLimit(checks.account.rule, checks.account.key);
    const delay = signInDelayMs(used);
    if (delay > 0) {
      logger.info({ event: "sign_in_slowed", recentFailures: used, delayMs: delay }, "sign-in slowed down: many recent failures on this account");
      await state().sleep(delay);
    }
    const result = await check();
    if (result === null) await recordRateLimitHits([...checks.hard, checks.account]);
    return result;
  });
}

/** Tests: replaces the wait (e.g. to record the delays instead of sleeping) and forgets the queues. */
export function resetSignInLimitsForTests(options: { sleep?: Sleep } = {}): void {
  (globalThis as GlobalWithState)[STATE_KEY] = { queues: new Map(), sleep: options.sleep ?? realSleep };
}
