import { createHash } from "node:crypto";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { env } from "./env";
import { DomainError } from "./errors";
import { logger } from "./logger";
import { recordRateLimitRefusal } from "./metrics";

/**
 * Rate limits (sign-in, registration, password reset, invitations).
 *
 * Backends:
 * - Upstash (`@upstash/ratelimit` sliding window over the `@upstash/redis` REST client)
 *   when UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN are set: shared by every
 *   instance of the app.
 * - Otherwise an in-memory sliding log in this process. Correct for ONE process only:
 *   with several instances each one counts on its own (configure Upstash there).
 *
 * If Upstash is configured but fails (unreachable, timeout, error), the failure is
 * logged once and the memory store takes over for `UPSTASH_RETRY_AFTER_MS` before
 * Upstash is tried again: a Redis outage never blocks sign-in (ARCHITECTURE, "Redis down").
 *
 * Keys are `ratelimit:{rule.name}:{key}`. Use `accountKey(email)` for per-account
 * rules: the e-mail is lower-cased and hashed, never stored in clear in Redis.
 * Per-tenant rules (`hitTenantRateLimit`, the API limit) are keyed `tenant:{id}:ratelimit:{rule.name}`
 * and counted as a sliding window of two fixed windows (@upstash/ratelimit's `slidingWindow`,
 * and the same arithmetic in memory): O(1) per hit however high the limit.
 */

export type RateLimitRule = { name: string; limit: number; windowSeconds: number };
export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number };
/**
 * One rule applied to one key (an address, a hashed account, …). `tooMany` says what is over
 * in a sentence ("Try again in …" follows); without it the message is "Too many attempts."
 */
export type RateLimitCheck = { rule: RateLimitRule; key: string; tooMany?: string };

/** Thrown by `enforceRateLimits`; the API layer answers 429 TOO_MANY_REQUESTS with Retry-After. */
export class RateLimited extends DomainError {
  constructor(
    message: string,
    public readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export const RATE_LIMITS = {
  // Sign-in counts failures only (src/server/modules/accounts/sign-in-limits.ts): a hard limit per
  // address and per account + address; on the account alone failures only slow attempts down.
  signInFailuresPerIp: { name: "sign-in:ip", limit: 10, windowSeconds: 60 },
  signInFailuresPerAccountAndIp: { name: "sign-in:account-ip", limit: 5, windowSeconds: 15 * 60 },
  /** Never refuses: its count sets the sign-in backoff. The limit only bounds what is counted. */
  signInFailuresPerAccount: { name: "sign-in:account", limit: 50, windowSeconds: 15 * 60 },
  registerPerIp: { name: "register:ip", limit: 5, windowSeconds: 60 * 60 },
  passwordResetPerIp: { name: "password-reset:ip", limit: 5, windowSeconds: 60 * 60 },
  passwordResetPerAccount: { name: "password-reset:account", limit: 3, windowSeconds: 60 * 60 },
  // Invitation emails carry names the inviter chose: bounded so they are no relay for spam.
  invitationsPerUser: { name: "invitations:user", limit: 20, windowSeconds: 60 * 60 },
  invitationsPerTenant: { name: "invitations:tenant", limit: 30, windowSeconds: 60 * 60 },
} as const satisfies Record<string, RateLimitRule>;

/** The key of a per-account rule: sha256 of the trimmed, lower-cased e-mail (hex). */
export function accountKey(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
}

export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/** One header of a `Headers` or a plain header record (several values joined with commas). */
export function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(",") : value;
}

function forwardedForEntries(headers: HeaderSource): string[] {
  return (headerValue(headers, "x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/**
 * The caller's address, for per-address rate limits. Accepts a `Headers` or a plain header
 * object (next-auth's `authorize(credentials, req)` gets `req.headers` as an object).
 *
 * What `next start` does (Next 16, `next/dist/server/base-server.js`):
 * `req.headers['x-forwarded-for'] ??= socket.remoteAddress`. It records the socket's address
 * only when the request carries no X-Forwarded-For, and never appends to one it received.
 * So, with `trustedProxyCount` (TRUSTED_PROXY_COUNT) = N:
 * - N ≥ 1: every trusted proxy appends the address it received the request from; the
 *   nearest one's own address is not in the header (Next does not append it). The client is
 *   the N-th entry from the right; anything left of it was written by the client.
 * - N = 0: the header must be Next's record of the socket address, which needs the client's
 *   own header removed before Next fills it in (`dropForwardedForWithoutTrustedProxy`, in the
 *   proxy); the last entry is taken.
 * `X-Real-IP` is ignored: any client can send it.
 */
export function clientIp(headers: HeaderSource, trustedProxyCount: number = env().TRUSTED_PROXY_COUNT): string {
  const entries = forwardedForEntries(headers);
  if (entries.length === 0) return "unknown";
  const fromRight = Math.max(trustedProxyCount, 1);
  // Fewer entries than trusted proxies: the request skipped one; the farthest entry is the best there is.
  const ip = entries[Math.max(entries.length - fromRight, 0)]!;
  return ip.slice(0, 64);
}

/**
 * For the proxy (src/proxy.ts), on the headers it passes on: with no trusted proxy in front, a
 * client's X-Forwarded-For is removed, so Next fills in the socket's address when it handles
 * the request after the proxy (it sets the header only when absent).
 */
export function dropForwardedForWithoutTrustedProxy(requestHeaders: Headers, trustedProxyCount: number = env().TRUSTED_PROXY_COUNT): void {
  if (trustedProxyCount === 0) requestHeaders.delete("x-forwarded-for");
}

/** Convenience: the checks for one password-reset request. */
export function passwordResetChecks(ip: string, email: string): RateLimitCheck[] {
  return [
    { rule: RATE_LIMITS.passwordResetPerIp, key: ip },
    { rule: RATE_LIMITS.passwordResetPerAccount, key: accountKey(email) },
  ];
}

function storageKey(rule: RateLimitRule, key: string): string {
  return `ratelimit:${rule.name}:${key}`;
}

// ---------------------------------------------------------------------------------------
// In-memory sliding log: per key, the times of the hits still inside the window (at most
// `limit` of them). Exact, and small because the limits are small.

type Clock = () => number;

const DEFAULT_MAX_KEYS = 50_000;
const SWEEP_INTERVAL_MS = 60_000;

type MemoryEntry = { hits: number[]; expiresAt: number };
/** A sliding-window counter: hits in fixed window `index` and in the one before it. */
type WindowEntry = { index: number; current: number; previous: number };

class MemoryStore {
  private readonly entries = new Map<string, MemoryEntry>();
  private readonly windows = new Map<string, WindowEntry>();
  private nextSweepAt = 0;

  constructor(
    private readonly now: Clock,
    private readonly maxKeys: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  hit(rule: RateLimitRule, key: string): RateLimitResult {
    const now = this.now();
    const windowMs = rule.windowSeconds * 1000;
    this.maybeSweep(now);

    const name = storageKey(rule, key);
    const entry = this.entries.get(name) ?? { hits: [], expiresAt: 0 };
    const windowStart = now - windowMs;
    while (entry.hits.length > 0 && entry.hits[0]! <= windowStart) entry.hits.shift();

    let result: RateLimitResult;
    if (entry.hits.length >= rule.limit) {
      const retryAfterMs = entry.hits[0]! + windowMs - now;
      result = { allowed: false, remaining: 0, retryAfterSeconds: clampRetry(retryAfterMs, rule) };
    } else {
      entry.hits.push(now);
      result = { allowed: true, remaining: rule.limit - entry.hits.length, retryAfterSeconds: 0 };
    }
    entry.expiresAt = (entry.hits.at(-1) ?? now) + windowMs;

    // Re-insert so the Map's order is least-recently-used first (used by eviction).
    this.entries.delete(name);
    if (entry.hits.length > 0) this.entries.set(name, entry);
    if (this.entries.size > this.maxKeys) this.evict(now);
    return result;
  }

  /**
   * A hit on a sliding-window counter: the current fixed window's count plus the previous
   * window's weighted by how much of it still overlaps the sliding window (as @upstash/ratelimit's
   * `slidingWindow` script). Refused hits are not counted. A few Map operations: microseconds.
   */
  hitWindow(rule: RateLimitRule, name: string): RateLimitResult {
    const now = this.now();
    const windowMs = rule.windowSeconds * 1000;
    const index = Math.floor(now / windowMs);
    let entry = this.windows.get(name);
    if (!entry || entry.index < index - 1) entry = { index, current: 0, previous: 0 };
    else if (entry.index === index - 1) entry = { index, current: 0, previous: entry.current };
    const elapsed = (now % windowMs) / windowMs;
    const weighted = Math.floor(entry.previous * (1 - elapsed));
    if (weighted + entry.current >= rule.limit) {
      // Free again when the current window ends, or sooner once enough of the previous one has slid out.
      const untilWindowEnd = (index + 1) * windowMs - now;
      const needed = entry.previous > 0 && entry.current < rule.limit ? ((1 - (rule.limit - entry.current) / entry.previous) * windowMs) - (now % windowMs) : untilWindowEnd;
      this.storeWindow(name, entry);
      return { allowed: false, remaining: 0, retryAfterSeconds: clampRetry(Math.min(untilWindowEnd, Math.max(needed, 0)), rule) };
    }
    entry.current++;
    this.storeWindow(name, entry);
    return { allowed: true, remaining: Math.max(0, rule.limit - weighted - entry.current), retryAfterSeconds: 0 };
  }

  private storeWindow(name: string, entry: WindowEntry): void {
    this.windows.delete(name); // re-inserted: the Map's order is least recently used first
    this.windows.set(name, entry);
    if (this.windows.size > this.maxKeys) {
      // Tenants that stopped calling go first; their windows have expired by then.
      for (const oldest of this.windows.keys()) {
        if (this.windows.size <= Math.floor(this.maxKeys * 0.9)) break;
        this.windows.delete(oldest);
      }
    }
  }

  /** What a hit would say, without counting one. */
  peek(rule: RateLimitRule, key: string): RateLimitResult & { used: number } {
    const now = this.now();
    const windowMs = rule.windowSeconds * 1000;
    const live = (this.entries.get(storageKey(rule, key))?.hits ?? []).filter((time) => time > now - windowMs);
    const allowed = live.length < rule.limit;
    return {
      allowed,
      used: live.length,
      remaining: Math.max(0, rule.limit - live.length),
      retryAfterSeconds: allowed ? 0 : clampRetry(live[0]! + windowMs - now, rule),
    };
  }

  private maybeSweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_INTERVAL_MS;
    for (const [name, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(name);
  }

  /** Over the cap: drop expired entries, then the least recently used, down to 90 % of the cap. */
  private evict(now: number): void {
    for (const [name, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(name);
    const target = Math.floor(this.maxKeys * 0.9);
    for (const name of this.entries.keys()) {
      if (this.entries.size <= target) break;
      this.entries.delete(name);
    }
  }
}

function clampRetry(retryAfterMs: number, rule: RateLimitRule): number {
  return Math.min(rule.windowSeconds, Math.max(1, Math.ceil(retryAfterMs / 1000)));
}

// ---------------------------------------------------------------------------------------
// Upstash

const UPSTASH_TIMEOUT_MS = 1_500;
const UPSTASH_RETRY_AFTER_MS = 30_000;

type UpstashBackend = { redis: Redis; limiters: Map<string, Ratelimit>; url: string };

function upstashBackend(state: State): UpstashBackend | null {
  const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } = env();
  if (!url || !token) return null;
  if (state.upstash?.url !== url) {
    const redis = new Redis({
      url,
      token,
      enableTelemetry: false,
      // Fail fast: a slow Redis must not hold up sign-in; the memory store takes over.
      retry: { retries: 1, backoff: () => 50 },
      signal: () => AbortSignal.timeout(UPSTASH_TIMEOUT_MS),
    });
    state.upstash = { redis, limiters: new Map(), url };
  }
  return state.upstash;
}

function upstashLimiter(backend: UpstashBackend, rule: RateLimitRule, prefix = `ratelimit:${rule.name}`): Ratelimit {
  const id = `${prefix}|${rule.limit}|${rule.windowSeconds}`;
  let limiter = backend.limiters.get(id);
  if (!limiter) {
    limiter = new Ratelimit({
      redis: backend.redis,
      limiter: Ratelimit.slidingWindow(rule.limit, `${rule.windowSeconds} s`),
      prefix, // the library adds ":{key}" (and a window suffix)
      analytics: false,
      timeout: 0, // no "allow on timeout": the fetch is aborted instead and we fall back
      enableProtection: false,
    });
    backend.limiters.set(id, limiter);
  }
  return limiter;
}

async function hitUpstash(backend: UpstashBackend, rule: RateLimitRule, key: string, now: number, prefix?: string): Promise<RateLimitResult> {
  const response = await upstashLimiter(backend, rule, prefix).limit(key);
  if (response.reason === "timeout") throw new Error("Upstash rate limit timed out");
  if (response.success) {
    return { allowed: true, remaining: Math.max(0, response.remaining), retryAfterSeconds: 0 };
  }
  return { allowed: false, remaining: 0, retryAfterSeconds: clampRetry(response.reset - now, rule) };
}

async function peekUpstash(backend: UpstashBackend, rule: RateLimitRule, key: string, now: number): Promise<RateLimitResult & { used: number }> {
  const { remaining, reset } = await upstashLimiter(backend, rule).getRemaining(key);
  const allowed = remaining > 0;
  return { allowed, used: Math.max(0, rule.limit - remaining), remaining: Math.max(0, remaining), retryAfterSeconds: allowed ? 0 : clampRetry(reset - now, rule) };
}

// ---------------------------------------------------------------------------------------
// State lives on globalThis so every route bundle of the Next server shares one store.

type State = {
  now: Clock;
  memory: MemoryStore;
  upstash?: UpstashBackend;
  /** Upstash failed: use memory until this time. */
  upstashDownUntil: number;
  /** How long memory stands in after a failure before Upstash is tried again. */
  upstashRetryAfterMs: number;
};

const STATE_KEY = Symbol.for("neuroops.rateLimit");
type GlobalWithState = typeof globalThis & { [STATE_KEY]?: State };

type StateOptions = { now?: Clock; maxMemoryKeys?: number; upstashRetryAfterMs?: number };

function newState(options: StateOptions = {}): State {
  const now = options.now ?? Date.now;
  return { now, memory: new MemoryStore(now, options.maxMemoryKeys ?? DEFAULT_MAX_KEYS), upstashDownUntil: 0, upstashRetryAfterMs: options.upstashRetryAfterMs ?? UPSTASH_RETRY_AFTER_MS };
}

function state(): State {
  const global = globalThis as GlobalWithState;
  global[STATE_KEY] ??= newState();
  return global[STATE_KEY];
}

/** Runs `operation` on Upstash when it is configured and up, else (or when it fails) on the memory store. */
async function onBackend<T>(
  baseRule: RateLimitRule,
  upstash: (backend: UpstashBackend, rule: RateLimitRule, now: number) => Promise<T>,
  memory: (store: MemoryStore, rule: RateLimitRule) => T,
): Promise<T> {
  const multiplier = env().RATE_LIMIT_MULTIPLIER;
  const rule = multiplier === 1 ? baseRule : { ...baseRule, limit: baseRule.limit * multiplier };
  const current = state();
  const now = current.now();
  const backend = upstashBackend(current);
  if (backend && now >= current.upstashDownUntil) {
    try {
      return await upstash(backend, rule, now);
    } catch (error) {
      const alreadyKnown = current.upstashDownUntil > now; // a concurrent hit failed first
      current.upstashDownUntil = current.now() + current.upstashRetryAfterMs;
      if (!alreadyKnown) {
        logger.warn(
          { err: error, rule: rule.name, retryInSeconds: current.upstashRetryAfterMs / 1000 },
          "Upstash rate limiter unreachable: using the in-memory store for now",
        );
      }
    }
  }
  return memory(current.memory, rule);
}

/** Counts one hit of `key` against `rule` and says whether it is within the limit. */
export function hitRateLimit(rule: RateLimitRule, key: string): Promise<RateLimitResult> {
  return onBackend(
    rule,
    (backend, effective, now) => hitUpstash(backend, effective, key, now),
    (memory, effective) => memory.hit(effective, key),
  );
}

/**
 * Counts one hit of the tenant against a per-tenant `rule` (the API limit): key
 * `tenant:{id}:ratelimit:{rule.name}` (on Upstash followed by the window's number), a sliding
 * window counter in memory or on Upstash, with the same fallback as every rule.
 */
export function hitTenantRateLimit(rule: RateLimitRule, tenantId: string): Promise<RateLimitResult> {
  return onBackend(
    rule,
    // prefix "tenant" + key "{id}:ratelimit:{name}": one limiter per rule, keys still start with tenant:{id}:
    (backend, effective, now) => hitUpstash(backend, effective, `${tenantId}:ratelimit:${rule.name}`, now, "tenant"),
    (memory, effective) => memory.hitWindow(effective, `tenant:${tenantId}:ratelimit:${rule.name}`),
  );
}

/** Whether a hit of `key` would be within `rule`, and how many hits the window holds; counts nothing. */
export function peekRateLimit(rule: RateLimitRule, key: string): Promise<RateLimitResult & { used: number }> {
  return onBackend(
    rule,
    (backend, effective, now) => peekUpstash(backend, effective, key, now),
    (memory, effective) => memory.peek(effective, key),
  );
}

function formatWait(seconds: number): string {
  if (seconds < 120) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

function throwIfDenied(checks: RateLimitCheck[], results: RateLimitResult[]): void {
  const denied = checks.map((check, i) => ({ check, result: results[i]! })).filter(({ result }) => !result.allowed);
  if (denied.length === 0) return;
  for (const { check } of denied) recordRateLimitRefusal(check.rule.name);
  const longest = denied.reduce((a, b) => (b.result.retryAfterSeconds > a.result.retryAfterSeconds ? b : a));
  const wait = longest.result.retryAfterSeconds;
  logger.info({ event: "rate_limited", rules: denied.map(({ check }) => check.rule.name), retryAfterSeconds: wait }, "rate limit reached");
  throw new RateLimited(`${longest.check.tooMany ?? "Too many attempts."} Try again in ${formatWait(wait)}.`, wait);
}

/**
 * Counts one hit on every check; throws `RateLimited` (with the longest wait) when any
 * of them is over its limit.
 */
export async function enforceRateLimits(checks: RateLimitCheck[]): Promise<void> {
  throwIfDenied(checks, await Promise.all(checks.map(({ rule, key }) => hitRateLimit(rule, key))));
}

/** Throws `RateLimited` when any check is already at its limit; counts nothing (see `recordRateLimitHits`). */
export async function assertWithinRateLimits(checks: RateLimitCheck[]): Promise<void> {
  throwIfDenied(checks, await Promise.all(checks.map(({ rule, key }) => peekRateLimit(rule, key))));
}

/** Counts one hit on every check, whatever the outcome (e.g. a failed attempt, after the fact). */
export async function recordRateLimitHits(checks: RateLimitCheck[]): Promise<void> {
  await Promise.all(checks.map(({ rule, key }) => hitRateLimit(rule, key)));
}

/** This process's limiter state, opaque (tests switch between two to act as two app processes). */
export type RateLimitStateForTests = { readonly __brand: "RateLimitState" };

/**
 * Forgets every count and the Upstash client (tests; call after `reloadEnv()` too) and returns the
 * new state. `now` injects a clock for the memory store; `maxMemoryKeys` lowers its cap;
 * `upstashRetryAfterMs` shortens the time memory stands in after an Upstash failure.
 */
export function resetRateLimitsForTests(options: StateOptions = {}): RateLimitStateForTests {
  const fresh = newState(options);
  (globalThis as GlobalWithState)[STATE_KEY] = fresh;
  return fresh as unknown as RateLimitStateForTests;
}

/** Makes `saved` (from resetRateLimitsForTests) the current state again: another "process". */
export function switchRateLimitStateForTests(saved: RateLimitStateForTests): void {
  (globalThis as GlobalWithState)[STATE_KEY] = saved as unknown as State;
}

/** Number of keys the memory store holds (tests). */
export function memoryRateLimitKeysForTests(): number {
  return state().memory.size;
}
