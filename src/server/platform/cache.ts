import { Redis } from "@upstash/redis";
import superjson from "superjson";
import { afterCommit, type TenantTx } from "../db/tenant";
import { env } from "./env";
import { logger } from "./logger";
import { recordCacheLookup } from "./metrics";

/**
 * A small shared cache of computed figures (the analytics dashboard), per tenant.
 *
 * Backends, as for the rate limits (./rate-limit.ts):
 * - Upstash Redis (`@upstash/redis` REST client) when UPSTASH_REDIS_REST_URL and
 *   UPSTASH_REDIS_REST_TOKEN are set: shared by every instance of the app.
 * - Otherwise an in-memory LRU with a TTL in this process.
 * If Upstash fails, the failure is logged once and the cache is bypassed (computed, not
 * stored) for `UPSTASH_RETRY_AFTER_MS`: Redis down is never an error, only slower.
 *
 * Keys are `tenant:{id}:{area}:{key}`. Invalidation is a per-tenant, per-area version
 * (`tenant:{id}:{area}:version`): each entry stores the version it was computed under and
 * counts only while that is still the current one. A write bumps the version AFTER its
 * transaction commits (`invalidateTenantCacheOnCommit`), and a read takes the version
 * BEFORE computing: a read that overlaps a write stores its figures under the old
 * version, so nothing stale survives the bump. A bump that cannot reach Redis is
 * remembered and sent before the next use of Redis.
 */

export type CacheArea = "analytics";

const UPSTASH_TIMEOUT_MS = 1_000;
const UPSTASH_RETRY_AFTER_MS = 30_000;
const DEFAULT_MAX_ENTRIES = 1_000;

type Entry = { version: number; value: unknown; expiresAt: number };

type State = {
  now: () => number;
  /** LRU order: a Map iterates oldest first; a hit re-inserts. */
  entries: Map<string, Entry>;
  versions: Map<string, number>;
  maxEntries: number;
  upstash?: { redis: Redis; url: string };
  upstashDownUntil: number;
  /** How long the cache is bypassed after an Upstash failure before Redis is tried again. */
  upstashRetryAfterMs: number;
  /** Version keys whose bump failed on Redis: bumped before Redis is read again. */
  pendingBumps: Set<string>;
};

const STATE_KEY = Symbol.for("neuroops.cache");
type GlobalWithState = typeof globalThis & { [STATE_KEY]?: State };

type StateOptions = { now?: () => number; maxEntries?: number; upstashRetryAfterMs?: number };

function newState(options: StateOptions = {}): State {
  return {
    now: options.now ?? Date.now,
    entries: new Map(),
    versions: new Map(),
    maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
    upstashDownUntil: 0,
    upstashRetryAfterMs: options.upstashRetryAfterMs ?? UPSTASH_RETRY_AFTER_MS,
    pendingBumps: new Set(),
  };
}

function state(): State {
  const global = globalThis as GlobalWithState;
  global[STATE_KEY] ??= newState();
  return global[STATE_KEY];
}

export const tenantCacheKey = (tenantId: string, area: CacheArea, key: string) => `tenant:${tenantId}:${area}:${key}`;
const versionKey = (tenantId: string, area: CacheArea) => tenantCacheKey(tenantId, area, "version");

/** The Redis client when Upstash is configured and not marked down; null: use memory (or bypass). */
function redisOf(current: State): Redis | null | "down" {
  const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } = env();
  if (!url || !token) return null;
  if (current.now() < current.upstashDownUntil) return "down";
  if (current.upstash?.url !== url) {
    const redis = new Redis({
      url,
      token,
      enableTelemetry: false,
      // Fail fast: computing the figures is the fallback, waiting on a dead Redis is not.
      retry: { retries: 0 },
      signal: () => AbortSignal.timeout(UPSTASH_TIMEOUT_MS),
      // Values are superjson text (bigints): stored and read back as written.
      automaticDeserialization: false,
    });
    current.upstash = { redis, url };
  }
  return current.upstash.redis;
}

function markDown(current: State, error: unknown, operation: string): void {
  const alreadyKnown = current.upstashDownUntil > current.now();
  current.upstashDownUntil = current.now() + current.upstashRetryAfterMs;
  if (!alreadyKnown) logger.warn({ err: error, operation, retryInSeconds: current.upstashRetryAfterMs / 1000 }, "Upstash cache unreachable: computing without the cache for now");
}

async function flushPendingBumps(current: State, redis: Redis): Promise<void> {
  if (current.pendingBumps.size === 0) return;
  const keys = [...current.pendingBumps];
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.incr(key);
  await pipeline.exec();
  for (const key of keys) current.pendingBumps.delete(key);
}

/**
 * The value under `key` for this tenant and area, computed by `compute` when absent,
 * expired or older than the area's last invalidation. Values may hold bigints and Dates
 * (stored as superjson). Never throws for the cache's sake: only `compute` can throw.
 */
export async function tenantCached<T>(tenantId: string, area: CacheArea, key: string, options: { ttlSeconds: number }, compute: () => Promise<T>): Promise<{ value: T; cached: boolean }> {
  const current = state();
  const fullKey = tenantCacheKey(tenantId, area, key);
  const vKey = versionKey(tenantId, area);
  const redis = redisOf(current);
  if (redis === "down") {
    recordCacheLookup(area, "bypass");
    return { value: await compute(), cached: false };
  }
  if (redis) {
    let version: number;
    try {
      await flushPendingBumps(current, redis);
      const [versionText, stored] = await redis.mget<(string | null)[]>(vKey, fullKey);
      version = Number(versionText ?? 0);
      if (stored) {
        const entry = superjson.parse<{ version: number; value: T }>(stored);
        if (entry.version === version) {
          recordCacheLookup(area, "hit");
          return { value: entry.value, cached: true };
        }
      }
    } catch (error) {
      markDown(current, error, "read");
      recordCacheLookup(area, "bypass");
      return { value: await compute(), cached: false };
    }
    recordCacheLookup(area, "miss");
    const value = await compute();
    try {
      await redis.set(fullKey, superjson.stringify({ version, value }), { ex: options.ttlSeconds });
    } catch (error) {
      markDown(current, error, "write");
    }
    return { value, cached: false };
  }
  const version = current.versions.get(vKey) ?? 0;
  const entry = current.entries.get(fullKey);
  if (entry && entry.version === version && entry.expiresAt > current.now()) {
    current.entries.delete(fullKey);
    current.entries.set(fullKey, entry);
    recordCacheLookup(area, "hit");
    return { value: entry.value as T, cached: true };
  }
  recordCacheLookup(area, "miss");
  const value = await compute();
  current.entries.delete(fullKey);
  current.entries.set(fullKey, { version, value, expiresAt: current.now() + options.ttlSeconds * 1000 });
  for (const oldest of current.entries.keys()) {
    if (current.entries.size <= current.maxEntries) break;
    current.entries.delete(oldest);
  }
  return { value, cached: false };
}

/** Makes every cached value of the tenant's area stale, now. Prefer the OnCommit form inside a transaction. */
export async function invalidateTenantCache(tenantId: string, area: CacheArea): Promise<void> {
  const current = state();
  const vKey = versionKey(tenantId, area);
  current.versions.set(vKey, (current.versions.get(vKey) ?? 0) + 1);
  const redis = redisOf(current);
  if (redis === null) return;
  current.pendingBumps.add(vKey);
  if (redis === "down") return;
  try {
    await flushPendingBumps(current, redis);
  } catch (error) {
    markDown(current, error, "invalidate");
  }
}

/**
 * The seam for writes: called by a service inside its tenant transaction (posting an entry,
 * a stock movement…), it invalidates the area once the transaction has committed.
 */
export function invalidateTenantCacheOnCommit(tx: TenantTx, area: CacheArea): void {
  const areas = invalidating.get(tx) ?? new Set<CacheArea>();
  if (areas.has(area)) return; // one bump per transaction, however many postings it makes
  areas.add(area);
  invalidating.set(tx, areas);
  afterCommit(tx, (tenantId) => invalidateTenantCache(tenantId, area));
}

const invalidating = new WeakMap<TenantTx, Set<CacheArea>>();

/** This process's cache state, opaque (tests switch between two to act as two app processes). */
export type CacheStateForTests = { readonly __brand: "CacheState" };

/**
 * Forgets everything and the Upstash client (tests; call after `reloadEnv()` too) and returns the
 * new state; `upstashRetryAfterMs` shortens the time the cache is bypassed after a failure.
 */
export function resetCacheForTests(options: StateOptions = {}): CacheStateForTests {
  const fresh = newState(options);
  (globalThis as GlobalWithState)[STATE_KEY] = fresh;
  return fresh as unknown as CacheStateForTests;
}

/** Makes `saved` (from resetCacheForTests) the current state again: another "process". */
export function switchCacheStateForTests(saved: CacheStateForTests): void {
  (globalThis as GlobalWithState)[STATE_KEY] = saved as unknown as State;
}
