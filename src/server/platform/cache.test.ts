import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTenant } from "../../test/fixtures";
import { withTenant } from "../db/tenant";
import { invalidateTenantCache, invalidateTenantCacheOnCommit, resetCacheForTests, tenantCached } from "./cache";
import { reloadEnv } from "./env";
import { logger } from "./logger";

function withoutUpstash() {
  delete process.env.UPSTASH_REDIS_REST_URL;
  delete process.env.UPSTASH_REDIS_REST_TOKEN;
  reloadEnv();
}

function useUpstash(url: string) {
  process.env.UPSTASH_REDIS_REST_URL = url;
  process.env.UPSTASH_REDIS_REST_TOKEN = "test-token";
  reloadEnv();
  resetCacheForTests();
}

afterEach(() => {
  vi.restoreAllMocks();
  withoutUpstash();
  resetCacheForTests();
});

/** A counter that says how often a value was computed. */
function computer<T>(value: () => T) {
  const state = { calls: 0 };
  return { state, compute: async () => (state.calls++, value()) };
}

describe("the tenant cache in memory", () => {
  it("computes once, then serves the stored value (bigints kept) until invalidated", async () => {
    const { state, compute } = computer(() => ({ amountMinor: 12n }));
    expect(await tenantCached("t1", "analytics", "k", { ttlSeconds: 60 }, compute)).toEqual({ value: { amountMinor: 12n }, cached: false });
    expect(await tenantCached("t1", "analytics", "k", { ttlSeconds: 60 }, compute)).toEqual({ value: { amountMinor: 12n }, cached: true });
    // Another tenant, same key: its own entry.
    expect((await tenantCached("t2", "analytics", "k", { ttlSeconds: 60 }, compute)).cached).toBe(false);
    await invalidateTenantCache("t1", "analytics");
    expect((await tenantCached("t1", "analytics", "k", { ttlSeconds: 60 }, compute)).cached).toBe(false);
    expect((await tenantCached("t2", "analytics", "k", { ttlSeconds: 60 }, compute)).cached).toBe(true);
    expect(state.calls).toBe(3);
  });

  it("expires entries after their TTL and evicts the least recently used over the cap", async () => {
    let now = 1_000_000;
    resetCacheForTests({ now: () => now, maxEntries: 2 });
    const { state, compute } = computer(() => "v");
    await tenantCached("t", "analytics", "a", { ttlSeconds: 10 }, compute);
    now += 9_000;
    expect((await tenantCached("t", "analytics", "a", { ttlSeconds: 10 }, compute)).cached).toBe(true);
    now += 2_000;
    expect((await tenantCached("t", "analytics", "a", { ttlSeconds: 10 }, compute)).cached).toBe(false);
    await tenantCached("t", "analytics", "b", { ttlSeconds: 10 }, compute);
    await tenantCached("t", "analytics", "a", { ttlSeconds: 10 }, compute); // a is now the most recent
    await tenantCached("t", "analytics", "c", { ttlSeconds: 10 }, compute); // evicts b
    expect((await tenantCached("t", "analytics", "a", { ttlSeconds: 10 }, compute)).cached).toBe(true);
    expect((await tenantCached("t", "analytics", "b", { ttlSeconds: 10 }, compute)).cached).toBe(false);
    expect(state.calls).toBe(5);
  });

  it("invalidates when the writing transaction commits, not before, and not at all after a rollback", async () => {
    const { org } = await createTenant();
    const { compute } = computer(() => "figures");
    const read = () => tenantCached(org.id, "analytics", "k", { ttlSeconds: 60 }, compute);
    await read();
    await withTenant({ tenantId: org.id }, async (tx) => {
      invalidateTenantCacheOnCommit(tx, "analytics");
      invalidateTenantCacheOnCommit(tx, "analytics");
      // Still inside the transaction: a concurrent reader keeps the cached figures.
      expect((await read()).cached).toBe(true);
    });
    expect((await read()).cached).toBe(false);
    await expect(
      withTenant({ tenantId: org.id }, async (tx) => {
        invalidateTenantCacheOnCommit(tx, "analytics");
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect((await read()).cached).toBe(true);
  });
});

/** A stand-in for Upstash's REST API: GET-less POST of one command, or /pipeline of several. */
async function redisStandIn() {
  const store = new Map<string, string>();
  const commands: string[][] = [];
  const exec = (command: string[]): unknown => {
    commands.push(command);
    const [name, ...args] = command;
    switch (name!.toLowerCase()) {
      case "mget":
        return args.map((key) => store.get(key) ?? null);
      case "set":
        store.set(args[0]!, args[1]!);
        return "OK";
      case "incr": {
        const next = Number(store.get(args[0]!) ?? 0) + 1;
        store.set(args[0]!, String(next));
        return next;
      }
      default:
        throw new Error(`stand-in: ${name} not implemented`);
    }
  };
  const encode = (value: unknown, base64: boolean): unknown => {
    if (!base64) return value;
    if (typeof value === "string") return Buffer.from(value).toString("base64");
    if (Array.isArray(value)) return value.map((v) => encode(v, base64));
    return value;
  };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const base64 = req.headers["upstash-encoding"] === "base64";
      const parsed = JSON.parse(body) as string[] | string[][];
      const answer = req.url?.startsWith("/pipeline") ? (parsed as string[][]).map((c) => ({ result: encode(exec(c), base64) })) : { result: encode(exec(parsed as string[]), base64) };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, store, commands, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe("the tenant cache on Upstash", () => {
  it("stores entries under tenant:{id}:analytics:… with the version, and a bump makes the next read fresh", async () => {
    const redis = await redisStandIn();
    try {
      useUpstash(redis.url);
      const { state, compute } = computer(() => ({ amountMinor: 1234567890123456789n }));
      expect(await tenantCached("t1", "analytics", "dashboard:x", { ttlSeconds: 60 }, compute)).toEqual({ value: { amountMinor: 1234567890123456789n }, cached: false });
      expect([...redis.store.keys()]).toEqual(["tenant:t1:analytics:dashboard:x"]);
      expect(await tenantCached("t1", "analytics", "dashboard:x", { ttlSeconds: 60 }, compute)).toEqual({ value: { amountMinor: 1234567890123456789n }, cached: true });
      await invalidateTenantCache("t1", "analytics");
      expect(redis.store.get("tenant:t1:analytics:version")).toBe("1");
      expect((await tenantCached("t1", "analytics", "dashboard:x", { ttlSeconds: 60 }, compute)).cached).toBe(false);
      expect(state.calls).toBe(2);
      expect(redis.commands.find((c) => c[0]!.toLowerCase() === "set")!.slice(3).map(String)).toEqual(["ex", "60"]);
    } finally {
      await redis.close();
    }
  });

  it("bypasses the cache when Upstash is down: computes, never fails, logs once", async () => {
    const warn = vi.spyOn(logger, "warn");
    useUpstash("http://127.0.0.1:9");
    const { state, compute } = computer(() => "live");
    const started = Date.now();
    for (let i = 0; i < 3; i++) expect(await tenantCached("t1", "analytics", "k", { ttlSeconds: 60 }, compute)).toEqual({ value: "live", cached: false });
    await expect(invalidateTenantCache("t1", "analytics")).resolves.toBeUndefined();
    expect(state.calls).toBe(3);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![1])).toMatch(/Upstash cache unreachable/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("sends a bump that failed while Upstash was down before it reads again", async () => {
    const redis = await redisStandIn();
    try {
      let now = 1_000_000;
      useUpstash(redis.url);
      resetCacheForTests({ now: () => now });
      const { compute } = computer(() => "v");
      await tenantCached("t1", "analytics", "k", { ttlSeconds: 600 }, compute);
      // Upstash goes away for a write, then comes back.
      process.env.UPSTASH_REDIS_REST_URL = "http://127.0.0.1:9";
      reloadEnv();
      vi.spyOn(logger, "warn").mockImplementation(() => undefined);
      await invalidateTenantCache("t1", "analytics");
      process.env.UPSTASH_REDIS_REST_URL = redis.url;
      reloadEnv();
      now += 31_000;
      expect((await tenantCached("t1", "analytics", "k", { ttlSeconds: 600 }, compute)).cached).toBe(false);
      expect(redis.store.get("tenant:t1:analytics:version")).toBe("1");
    } finally {
      await redis.close();
    }
  });
});
