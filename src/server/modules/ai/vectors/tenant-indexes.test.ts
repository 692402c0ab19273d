import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TenantVectorIndexes, type VectorChange, type VectorEntry, type VectorSource } from "./tenant-indexes";

// The source interface is the seam: Postgres implements it (tested with the chunk store); here an
// in-memory one counts its loads, so a test can tell a saved file from a rebuild.
class FakeSource implements VectorSource {
  readonly tenants = new Map<string, { version: number; dimensions: number | null; vectors: Map<bigint, Float32Array> }>();
  readonly loads = new Map<string, number>();
  failNext = false;

  async load(tenantId: string) {
    this.loads.set(tenantId, this.loadsOf(tenantId) + 1);
    if (this.failNext) {
      this.failNext = false;
      throw new Error("connection lost");
    }
    // The snapshot is taken when the query starts, as in Postgres; the delay lets searches overlap it.
    const tenant = this.tenants.get(tenantId) ?? { version: 0, dimensions: null, vectors: new Map() };
    const entries = [...tenant.vectors].map(([key, vector]) => ({ key, vector }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const { version, dimensions } = tenant;
    return {
      version,
      dimensions,
      entries: (async function* () {
        yield* entries;
      })(),
    };
  }

  loadsOf(tenantId: string): number {
    return this.loads.get(tenantId) ?? 0;
  }

  /** Commits a change as Postgres would (version bumped) and returns what applyChange receives. */
  commit(tenantId: string, change: { add?: VectorEntry[]; remove?: bigint[] }): VectorChange {
    const tenant = this.tenants.get(tenantId) ?? { version: 0, dimensions: null, vectors: new Map() };
    this.tenants.set(tenantId, tenant);
    for (const key of change.remove ?? []) tenant.vectors.delete(key);
    for (const { key, vector } of change.add ?? []) tenant.vectors.set(key, vector);
    tenant.dimensions ??= change.add?.[0]?.vector.length ?? null;
    tenant.version += 1;
    return { fromVersion: tenant.version - 1, toVersion: tenant.version, ...change };
  }

  versionOf(tenantId: string): number {
    return this.tenants.get(tenantId)?.version ?? 0;
  }
}

const DIMENSIONS = 16;
let seed = 1;
function randomVector(): Float32Array {
  const vector = new Float32Array(DIMENSIONS);
  for (let i = 0; i < DIMENSIONS; i++) vector[i] = ((seed = (seed * 48271) % 2147483647) / 2147483647) * 2 - 1;
  return vector;
}

/** `count` chunks with keys from `firstKey`, committed as one change. */
function chunks(firstKey: number, count: number): VectorEntry[] {
  return Array.from({ length: count }, (_, i) => ({ key: BigInt(firstKey + i), vector: randomVector() }));
}

const keysOf = (matches: { key: bigint }[]) => matches.map((m) => m.key);

let directory: string;
let source: FakeSource;
const open: TenantVectorIndexes[] = [];

function indexes(options: { memoryBudgetBytes?: number; saveDelayMs?: number; source?: FakeSource } = {}): TenantVectorIndexes {
  const instance = new TenantVectorIndexes({ directory, memoryBudgetBytes: options.memoryBudgetBytes ?? 64 * 1024 * 1024, source: options.source ?? source, saveDelayMs: options.saveDelayMs });
  open.push(instance);
  return instance;
}

function filesOf(tenantId: string): string[] {
  const tenantDirectory = path.join(directory, tenantId);
  return fs.existsSync(tenantDirectory) ? fs.readdirSync(tenantDirectory).sort() : [];
}

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "neuroops-vectors-"));
  source = new FakeSource();
});

afterEach(async () => {
  for (const instance of open.splice(0)) await instance.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

describe("TenantVectorIndexes", () => {
  it("builds a tenant's index on its first search, from the source, and saves it", async () => {
    const tenant = randomUUID();
    const data = chunks(1, 50);
    source.commit(tenant, { add: data });
    const store = indexes();
    expect(source.loadsOf(tenant)).toBe(0);
    expect(store.stats().tenants).toEqual([]);

    const matches = await store.search(tenant, 1, data[7]!.vector, 3);

    expect(matches[0]).toEqual({ key: 8n, distance: expect.closeTo(0, 5) });
    expect(matches).toHaveLength(3);
    expect(source.loadsOf(tenant)).toBe(1);
    expect(filesOf(tenant)).toEqual([`v1-${DIMENSIONS}.usearch`]);
    expect(store.stats().tenants).toEqual([{ tenantId: tenant, version: 1, dimensions: DIMENSIONS, vectors: 50, bytes: expect.any(Number), dirty: false }]);
  });

  it("concurrent searches of one tenant share one load", async () => {
    const tenant = randomUUID();
    const data = chunks(1, 20);
    source.commit(tenant, { add: data });
    const store = indexes();

    const results = await Promise.all(data.slice(0, 5).map((chunk) => store.search(tenant, 1, chunk.vector, 1)));

    expect(results.map((r) => r[0]?.key)).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(source.loadsOf(tenant)).toBe(1);
  });

  it("reloads when a search names a newer version (another process changed the tenant), and deletes the older file", async () => {
    const tenant = randomUUID();
    source.commit(tenant, { add: chunks(1, 20) });
    const store = indexes();
    await store.search(tenant, 1, randomVector(), 5);
    const [added] = chunks(500, 1);
    source.commit(tenant, { add: [added!] }); // applied elsewhere: this process never hears of it

    const matches = await store.search(tenant, 2, added!.vector, 1);

    expect(keysOf(matches)).toEqual([500n]);
    expect(source.loadsOf(tenant)).toBe(2);
    expect(store.stats().tenants[0]?.version).toBe(2);
    expect(filesOf(tenant)).toEqual([`v2-${DIMENSIONS}.usearch`]);
  });

  it("keeps an index newer than the caller's version, and takes the source's version when it is newer than expected", async () => {
    const tenant = randomUUID();
    source.commit(tenant, { add: chunks(1, 10) });
    source.commit(tenant, { add: chunks(11, 10) });
    source.commit(tenant, { add: chunks(21, 10) });
    const store = indexes();

    await store.search(tenant, 1, randomVector(), 1); // the caller read version 1; Postgres is at 3 by now
    expect(store.stats().tenants[0]).toMatchObject({ version: 3, vectors: 30 });
    await store.search(tenant, 2, randomVector(), 1);
    await store.search(tenant, 3, randomVector(), 1);

    expect(source.loadsOf(tenant)).toBe(1);
  });

  it("keeps the old index when changes applied to it during a load leave it newer than the loaded snapshot", async () => {
    const tenant = randomUUID();
    source.commit(tenant, { add: chunks(1, 10) });
    const store = indexes();
    await store.search(tenant, 1, randomVector(), 1);
    const toTwo = source.commit(tenant, { add: chunks(11, 1) }); // committed; this caller reads version 2 first

    const searching = store.search(tenant, 2, randomVector(), 1); // loads the version-2 snapshot
    expect(store.applyChange(tenant, toTwo)).toBe("applied"); // the notifications arrive meanwhile
    const [third] = chunks(12, 1);
    expect(store.applyChange(tenant, source.commit(tenant, { add: [third!] }))).toBe("applied");
    await searching;

    expect(store.stats().tenants[0]).toMatchObject({ version: 3, vectors: 12 });
    expect(keysOf(await store.search(tenant, 3, third!.vector, 1))).toEqual([12n]);
    expect(source.loadsOf(tenant)).toBe(2);
  });

  it("after a restart loads the saved file and does not call the source", async () => {
    const tenant = randomUUID();
    const data = chunks(1, 40);
    source.commit(tenant, { add: data });
    const before = await indexes().search(tenant, 1, data[3]!.vector, 5);

    const restarted = new FakeSource();
    const after = await indexes({ source: restarted }).search(tenant, 1, data[3]!.vector, 5);

    expect(restarted.loadsOf(tenant)).toBe(0);
    expect(keysOf(after)).toEqual(keysOf(before));
    expect(keysOf(after)[0]).toBe(4n);
  });

  it("after a restart rebuilds from the source when the saved file is of an older version", async () => {
    const tenant = randomUUID();
    source.commit(tenant, { add: chunks(1, 10) });
    await indexes().search(tenant, 1, randomVector(), 1);
    const [added] = chunks(100, 1);
    source.commit(tenant, { add: [added!] });

    const matches = await indexes().search(tenant, 2, added!.vector, 1);

    expect(keysOf(matches)).toEqual([100n]);
    expect(source.loadsOf(tenant)).toBe(2);
  });

  it("applies a change in place when the index is at its fromVersion, and saves it after the delay", async () => {
    const tenant = randomUUID();
    const data = chunks(1, 30);
    source.commit(tenant, { add: data });
    const store = indexes({ saveDelayMs: 20 });
    await store.search(tenant, 1, randomVector(), 1);
    const added = chunks(200, 3);
    const change = source.commit(tenant, { add: added, remove: [5n, 6n] });

    expect(store.applyChange(tenant, change)).toBe("applied");
    const matches = await store.search(tenant, 2, added[1]!.vector, 40);

    expect(source.loadsOf(tenant)).toBe(1);
    expect(keysOf(matches)[0]).toBe(201n);
    expect(keysOf(matches)).toHaveLength(31);
    expect(keysOf(matches)).not.toContain(5n);
    expect(keysOf(matches)).not.toContain(6n);
    expect(store.stats().tenants[0]).toMatchObject({ version: 2, vectors: 31, dirty: true });
    expect(store.applyChange(tenant, change)).toBe("already-applied");

    await expect.poll(() => filesOf(tenant)).toEqual([`v2-${DIMENSIONS}.usearch`]);
    expect(store.stats().tenants[0]?.dirty).toBe(false);
    const restarted = new FakeSource();
    const afterRestart = await indexes({ source: restarted }).search(tenant, 2, data[4]!.vector, 40);
    expect(restarted.loadsOf(tenant)).toBe(0);
    expect(keysOf(afterRestart)).toHaveLength(31);
    expect(keysOf(afterRestart)).not.toContain(5n);
  });

  it("re-embedding a chunk under its key replaces its vector", async () => {
    const tenant = randomUUID();
    source.commit(tenant, { add: chunks(1, 10) });
    const store = indexes();
    await store.search(tenant, 1, randomVector(), 1);
    const replacement = randomVector();

    expect(store.applyChange(tenant, source.commit(tenant, { add: [{ key: 3n, vector: replacement }] }))).toBe("applied");

    const matches = await store.search(tenant, 2, replacement, 10);
    expect(matches[0]).toEqual({ key: 3n, distance: expect.closeTo(0, 5) });
    expect(keysOf(matches)).toHaveLength(10);
  });

  it("deleting a document's chunks removes their vectors, even for a query equal to one of them", async () => {
    const tenant = randomUUID();
    const data = chunks(1, 20);
    source.commit(tenant, { add: data });
    const store = indexes();
    await store.search(tenant, 1, randomVector(), 1);
    const document = [8n, 9n, 10n];

    expect(store.applyChange(tenant, source.commit(tenant, { remove: document }))).toBe("applied");

    const matches = await store.search(tenant, 2, data[8]!.vector, 20);
    expect(keysOf(matches)).toHaveLength(17);
    for (const key of document) expect(keysOf(matches)).not.toContain(key);
    expect(matches[0]!.distance).toBeGreaterThan(0.01);
  });

  it("a change that does not follow the loaded version drops the index; the next search reloads it", async () => {
    const tenant = randomUUID();
    source.commit(tenant, { add: chunks(1, 10) });
    const store = indexes();
    await store.search(tenant, 1, randomVector(), 1);
    source.commit(tenant, { add: chunks(11, 1) }); // version 2, never announced here
    const [late] = chunks(12, 1);
    const change = source.commit(tenant, { add: [late!] }); // 2 → 3

    expect(store.applyChange(tenant, change)).toBe("dropped");
    expect(store.stats().tenants).toEqual([]);
    expect(store.applyChange(randomUUID(), change)).toBe("not-loaded");

    const matches = await store.search(tenant, 3, late!.vector, 20);
    expect(source.loadsOf(tenant)).toBe(2);
    expect(keysOf(matches)).toHaveLength(12);
    expect(keysOf(matches)[0]).toBe(12n);
  });

  it("a change that cannot be applied (dimensions differ, or a key twice) drops the index instead of half applying it", async () => {
    const tenant = randomUUID();
    source.commit(tenant, { add: chunks(1, 10) });
    const store = indexes();
    await store.search(tenant, 1, randomVector(), 1);
    const other = randomVector();

    expect(store.applyChange(tenant, { fromVersion: 1, toVersion: 2, add: [{ key: 50n, vector: new Float32Array(8) }] })).toBe("dropped");
    await store.search(tenant, 1, randomVector(), 1);
    expect(store.applyChange(tenant, { fromVersion: 1, toVersion: 2, add: [{ key: 51n, vector: other }, { key: 51n, vector: other }] })).toBe("dropped");
    expect(store.stats().tenants).toEqual([]);
  });

  it("a failed load is shared by its waiting searches and not kept: the next search loads again", async () => {
    const tenant = randomUUID();
    source.commit(tenant, { add: chunks(1, 10) });
    const store = indexes();
    source.failNext = true;

    const failed = await Promise.allSettled([store.search(tenant, 1, randomVector(), 1), store.search(tenant, 1, randomVector(), 1)]);

    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(source.loadsOf(tenant)).toBe(1);
    expect(await store.search(tenant, 1, randomVector(), 3)).toHaveLength(3);
    expect(source.loadsOf(tenant)).toBe(2);
  });

  it("a tenant without vectors searches empty until its first chunks arrive", async () => {
    const tenant = randomUUID();
    const store = indexes();

    expect(await store.search(tenant, 0, randomVector(), 5)).toEqual([]);
    const [first] = chunks(1, 1);
    expect(store.applyChange(tenant, source.commit(tenant, { add: [first!] }))).toBe("applied");

    expect(await store.search(tenant, 1, first!.vector, 5)).toEqual([{ key: 1n, distance: expect.closeTo(0, 5) }]);
    expect(source.loadsOf(tenant)).toBe(1);
  });

  it("over budget, evicts the least recently searched tenant, saving its unsaved change first", async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    for (const tenant of [a, b, c]) source.commit(tenant!, { add: chunks(1, 100) });
    const probe = indexes();
    await probe.search(a!, 1, randomVector(), 1);
    const oneTenant = probe.stats().bytes;
    await probe.evictAll();
    const store = indexes({ memoryBudgetBytes: Math.round(oneTenant * 2.5), saveDelayMs: 60_000 });

    await store.search(a!, 1, randomVector(), 1);
    await store.search(b!, 1, randomVector(), 1);
    const [added] = chunks(1000, 1);
    expect(store.applyChange(a!, source.commit(a!, { add: [added!] }))).toBe("applied");
    await store.search(a!, 2, randomVector(), 1); // a is now the most recently searched
    expect(store.applyChange(b!, source.commit(b!, { remove: [1n] }))).toBe("applied"); // b changed, not searched
    await store.search(c!, 1, randomVector(), 1);

    expect(store.stats().tenants.map((t) => t.tenantId).sort()).toEqual([a, c].sort());
    expect(store.stats().bytes).toBeLessThanOrEqual(store.stats().budgetBytes);
    expect(filesOf(b!)).toEqual([`v2-${DIMENSIONS}.usearch`]); // saved on eviction
    expect(filesOf(a!)).toEqual([`v1-${DIMENSIONS}.usearch`]); // still loaded, its save still pending
  });

  it("never evicts the tenant just loaded, even over a tiny budget", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    source.commit(a!, { add: chunks(1, 30) });
    const bData = chunks(101, 30);
    source.commit(b!, { add: bData });
    const store = indexes({ memoryBudgetBytes: 1 });

    await store.search(a!, 1, randomVector(), 1);
    const matches = await store.search(b!, 1, bData[0]!.vector, 1);

    expect(keysOf(matches)).toEqual([101n]);
    expect(store.stats().tenants.map((t) => t.tenantId)).toEqual([b]);
    await store.search(a!, 1, randomVector(), 1);
    expect(source.loadsOf(a!)).toBe(1); // reloaded from its saved file
    expect(store.stats().tenants.map((t) => t.tenantId)).toEqual([a]);
  });

  it("a tenant's search never returns another tenant's keys, even for the other's exact vectors", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const aData = chunks(1, 40);
    const bData = chunks(1001, 40);
    source.commit(a!, { add: aData });
    source.commit(b!, { add: bData });
    const store = indexes();
    const bKeys = new Set(bData.map((chunk) => chunk.key));

    await store.search(b!, 1, bData[0]!.vector, 1);
    for (const { vector } of bData) {
      const fromA = await store.search(a!, 1, vector, 100);
      expect(keysOf(fromA)).toHaveLength(40);
      expect(keysOf(fromA).filter((key) => bKeys.has(key))).toEqual([]);
      expect(fromA[0]!.distance).toBeGreaterThan(0.01);
      const fromB = await store.search(b!, 1, vector, 1);
      expect(fromB[0]!.distance).toBeCloseTo(0, 5);
    }
    expect(store.stats().tenants).toHaveLength(2);
  });

  it("a save removes temporary files abandoned by a crashed save, not another process's save in progress", async () => {
    const tenant = randomUUID();
    const tenantDirectory = path.join(directory, tenant);
    fs.mkdirSync(tenantDirectory, { recursive: true });
    const abandoned = path.join(tenantDirectory, ".v1-16.usearch.123.abcd.tmp");
    const inProgress = path.join(tenantDirectory, ".v1-16.usearch.456.ef01.tmp");
    fs.writeFileSync(abandoned, "partial");
    fs.writeFileSync(inProgress, "partial");
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.utimesSync(abandoned, twoHoursAgo, twoHoursAgo);
    source.commit(tenant, { add: chunks(1, 5) });

    await indexes().search(tenant, 1, randomVector(), 1);

    expect(filesOf(tenant)).toEqual([".v1-16.usearch.456.ef01.tmp", `v1-${DIMENSIONS}.usearch`]);
  });

  it("refuses a tenant id that is not a uuid before touching the disk", async () => {
    const store = indexes();

    await expect(store.search("../../etc", 1, randomVector(), 1)).rejects.toThrow(/uuid/);
    expect(() => store.applyChange("a/b", { fromVersion: 0, toVersion: 1 })).toThrow(/uuid/);
    expect(source.loads.size).toBe(0);
    expect(fs.readdirSync(directory)).toEqual([]);
  });
});
