import "server-only";
import path from "node:path";
import type { Index } from "usearch";
import { env } from "@/server/platform/env";
import { logger } from "@/server/platform/logger";
import { estimateIndexBytes, listIndexFiles, loadIndexFile, newIndex, saveIndexFile, type Quantization } from "./index-files";

/**
 * Per-tenant vector indexes held in this process. Postgres is the source of truth: each tenant
 * has a version counter bumped by every add/delete of chunks, and an index here is a cache of
 * one version of that tenant's chunks. A search names the version it read from Postgres; an
 * index behind it is reloaded (from its saved file when one exists, else rebuilt from the
 * source). One usearch index per tenant, never shared: a tenant's index only ever holds keys
 * its own source returned or its own changes added.
 */

export type VectorEntry = { key: bigint; vector: Float32Array };

export type VectorSource = {
  load(tenantId: string): Promise<{ version: number; dimensions: number | null; entries: AsyncIterable<VectorEntry> }>;
};

export type VectorChange = { fromVersion: number; toVersion: number; add?: VectorEntry[]; remove?: bigint[] };

/** `distance` is the cosine distance, 1 − cosine similarity (0 for the same direction). */
export type VectorMatch = { key: bigint; distance: number };

/** What `applyChange` did: applied in place, dropped the index (next search reloads), or nothing. */
export type ChangeOutcome = "applied" | "dropped" | "not-loaded" | "already-applied";

export type TenantIndexStats = {
  budgetBytes: number;
  bytes: number;
  tenants: { tenantId: string; version: number; dimensions: number | null; vectors: number; bytes: number; dirty: boolean }[];
};

export type TenantVectorIndexesOptions = {
  directory: string;
  memoryBudgetBytes: number;
  source: VectorSource;
  quantization?: Quantization;
  /** How long a changed index waits before it is saved (changes in between are saved together). */
  saveDelayMs?: number;
};

/** `index` is null for a tenant without vectors (its dimensions are not known yet). */
type Loaded = { index: Index | null; version: number; bytes: number; lastUsed: number; dirty: boolean; saveTimer?: NodeJS.Timeout };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Vectors handed to usearch per native call while building (at ~2,000 vectors/s on 2 cores,
// about 0.1 s); the event loop runs between batches.
const BUILD_BATCH = 256;

function assertTenantId(tenantId: string): void {
  // The id becomes a directory name: anything but a uuid could walk out of the index directory.
  if (!UUID.test(tenantId)) throw new Error(`Vector index: tenant id must be a uuid, got "${tenantId.slice(0, 64)}"`);
}

const MIN_SEARCH_K = 10;

export class TenantVectorIndexes {
  private readonly directory: string;
  private readonly budgetBytes: number;
  private readonly source: VectorSource;
  private readonly quantization: Quantization;
  private readonly saveDelayMs: number;
  private readonly loaded = new Map<string, Loaded>();
  private readonly loading = new Map<string, Promise<Loaded>>();
  // A counter rather than the clock: two searches in the same millisecond still have an order.
  private useCounter = 0;
  private closed = false;

  constructor(options: TenantVectorIndexesOptions) {
    this.directory = path.resolve(options.directory);
    this.budgetBytes = options.memoryBudgetBytes;
    this.source = options.source;
    this.quantization = options.quantization ?? "f32";
    this.saveDelayMs = options.saveDelayMs ?? 5_000;
  }

  /**
   * The k nearest chunks of the tenant's own index (cosine distance, smallest first). An index
   * older than `expectedVersion` is reloaded first; a newer one (a change this process applied
   * after the caller read the version) is used as it is.
   */
  async search(tenantId: string, expectedVersion: number, query: Float32Array, k: number): Promise<VectorMatch[]> {
    assertTenantId(tenantId);
    this.assertOpen();
    const entry = await this.ensure(tenantId, expectedVersion);
    entry.lastUsed = ++this.useCounter;
    const index = entry.index;
    if (!index || index.size() === 0 || k < 1) return [];
    if (query.length !== index.dimensions()) {
      throw new Error(`Vector index: the query has ${query.length} dimensions, the tenant's index ${index.dimensions()}`);
    }
    // Never fewer than MIN_SEARCH_K candidates: usearch's graph search asked for one or two
    // neighbours occasionally misses even an exact match (about 1 in 2,000 on small indexes
    // built by batch adds, measured), which a wider search does not.
    const matches = index.search(query, Math.min(Math.max(k, MIN_SEARCH_K), index.size()), 1);
    return Array.from(matches.keys, (key, i) => ({ key, distance: matches.distances[i]! })).slice(0, k);
  }

  /**
   * A change committed to Postgres (chunks added or deleted, version fromVersion → toVersion).
   * Applied in place when this process's index is exactly at fromVersion; otherwise the index
   * no longer matches any version and is dropped, so the next search reloads it.
   */
  applyChange(tenantId: string, change: VectorChange): ChangeOutcome {
    assertTenantId(tenantId);
    const entry = this.loaded.get(tenantId);
    if (!entry) return "not-loaded";
    if (entry.version >= change.toVersion) return "already-applied";
    if (entry.version !== change.fromVersion || !this.tryApplyInPlace(tenantId, entry, change)) {
      this.drop(tenantId, entry);
      return "dropped";
    }
    entry.version = change.toVersion;
    entry.bytes = entry.index ? estimateIndexBytes(entry.index, this.quantization) : 0;
    entry.dirty = true;
    this.scheduleSave(tenantId, entry);
    this.enforceBudget(tenantId);
    return "applied";
  }

  stats(): TenantIndexStats {
    const tenants = [...this.loaded].map(([tenantId, entry]) => ({
      tenantId,
      version: entry.version,
      dimensions: entry.index?.dimensions() ?? null,
      vectors: entry.index?.size() ?? 0,
      bytes: entry.bytes,
      dirty: entry.dirty,
    }));
    return { budgetBytes: this.budgetBytes, bytes: tenants.reduce((sum, t) => sum + t.bytes, 0), tenants };
  }

  /** Saves changed indexes and unloads every tenant (loads in progress finish first). */
  async evictAll(): Promise<void> {
    await Promise.allSettled([...this.loading.values()]);
    for (const tenantId of [...this.loaded.keys()]) this.evict(tenantId);
  }

  /** Shutdown: as evictAll, then refuses further searches. */
  async close(): Promise<void> {
    await this.evictAll();
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("Vector index: used after close()");
  }

  private async ensure(tenantId: string, expectedVersion: number): Promise<Loaded> {
    const current = this.loaded.get(tenantId);
    if (current && current.version >= expectedVersion) return current;
    const pending = this.loading.get(tenantId);
    if (pending) {
      const entry = await pending;
      if (entry.version >= expectedVersion) return entry;
      // That load began before this caller's version was committed: load once more, and use
      // whatever the source then says.
    }
    const again = this.loading.get(tenantId);
    if (again) return again;
    const load = this.load(tenantId, expectedVersion).finally(() => this.loading.delete(tenantId));
    this.loading.set(tenantId, load);
    return load;
  }

  private async load(tenantId: string, expectedVersion: number): Promise<Loaded> {
    const tenantDirectory = path.join(this.directory, tenantId);
    const file = listIndexFiles(tenantDirectory).find((f) => f.version === expectedVersion);
    const fromFile = file && loadIndexFile(file, this.quantization);
    const entry = fromFile
      ? { index: fromFile, version: expectedVersion, dirty: false }
      : await this.build(tenantId, tenantDirectory);
    const loaded: Loaded = { ...entry, bytes: entry.index ? estimateIndexBytes(entry.index, this.quantization) : 0, lastUsed: ++this.useCounter };
    const previous = this.loaded.get(tenantId);
    // Changes applied to the old index while this one loaded can leave it ahead: keep the newer.
    if (previous && previous.version >= loaded.version) return previous;
    if (previous) this.drop(tenantId, previous);
    this.loaded.set(tenantId, loaded);
    this.enforceBudget(tenantId);
    return loaded;
  }

  /** Rebuilds from the source and saves the result, so the next process start loads the file. */
  private async build(tenantId: string, tenantDirectory: string): Promise<Pick<Loaded, "index" | "version" | "dirty">> {
    const snapshot = await this.source.load(tenantId);
    const dimensions = snapshot.dimensions;
    let index: Index | null = null;
    if (dimensions !== null) {
      const built = newIndex(dimensions, this.quantization);
      let keys: bigint[] = [];
      let vectors = new Float32Array(BUILD_BATCH * dimensions);
      const flush = async () => {
        if (keys.length === 0) return;
        built.add(BigUint64Array.from(keys), vectors.subarray(0, keys.length * dimensions), 0);
        keys = [];
        vectors = new Float32Array(BUILD_BATCH * dimensions);
        await new Promise((resolve) => setImmediate(resolve));
      };
      for await (const { key, vector } of snapshot.entries) {
        if (vector.length !== dimensions) {
          throw new Error(`Vector index: tenant ${tenantId}, chunk ${key} has ${vector.length} dimensions, the source said ${dimensions}`);
        }
        vectors.set(vector, keys.length * dimensions);
        keys.push(key);
        if (keys.length === BUILD_BATCH) await flush();
      }
      await flush();
      index = built;
    }
    // A save failure costs a rebuild on the next start, not this search.
    let dirty = false;
    if (index) {
      try {
        saveIndexFile(index, tenantDirectory, snapshot.version);
      } catch (error) {
        dirty = true;
        logger.warn({ err: error, tenantId }, "vector index: could not save a rebuilt index");
      }
    }
    return { index, version: snapshot.version, dirty };
  }

  /** False when the change could not be applied; the index may then be half changed and must go. */
  private tryApplyInPlace(tenantId: string, entry: Loaded, change: VectorChange): boolean {
    try {
      return this.applyInPlace(entry, change);
    } catch (error) {
      logger.warn({ err: error, tenantId }, "vector index: a change could not be applied; the index is reloaded on its next search");
      return false;
    }
  }

  /** False when the change cannot be applied (dimensions differ from the index's). */
  private applyInPlace(entry: Loaded, change: VectorChange): boolean {
    const add = change.add ?? [];
    const dimensions = entry.index?.dimensions() ?? add[0]?.vector.length;
    if (add.some(({ vector }) => vector.length !== dimensions)) return false;
    if (!entry.index && add.length > 0 && dimensions) entry.index = newIndex(dimensions, this.quantization);
    const index = entry.index;
    if (!index) return true;
    // Re-embedded chunks come back under the same key: usearch refuses duplicate keys, so remove first.
    const removals = [...(change.remove ?? []), ...add.map((a) => a.key)];
    if (removals.length > 0) index.remove(BigUint64Array.from(removals));
    if (add.length > 0 && dimensions) {
      const vectors = new Float32Array(add.length * dimensions);
      add.forEach(({ vector }, i) => vectors.set(vector, i * dimensions));
      index.add(BigUint64Array.from(add, (a) => a.key), vectors, 0);
    }
    return true;
  }

  private scheduleSave(tenantId: string, entry: Loaded): void {
    clearTimeout(entry.saveTimer);
    entry.saveTimer = setTimeout(() => this.saveIfDirty(tenantId, entry), this.saveDelayMs);
    entry.saveTimer.unref();
  }

  private saveIfDirty(tenantId: string, entry: Loaded): void {
    clearTimeout(entry.saveTimer);
    entry.saveTimer = undefined;
    if (!entry.dirty || !entry.index || this.loaded.get(tenantId) !== entry) return;
    try {
      saveIndexFile(entry.index, path.join(this.directory, tenantId), entry.version);
      entry.dirty = false;
    } catch (error) {
      logger.warn({ err: error, tenantId }, "vector index: could not save a changed index; the source rebuilds it when needed");
    }
  }

  /** Evicts least recently searched tenants until the budget holds; `keep` (just loaded) stays. */
  private enforceBudget(keep: string): void {
    let total = [...this.loaded.values()].reduce((sum, entry) => sum + entry.bytes, 0);
    while (total > this.budgetBytes) {
      let coldest: [string, Loaded] | undefined;
      for (const candidate of this.loaded) {
        if (candidate[0] !== keep && (!coldest || candidate[1].lastUsed < coldest[1].lastUsed)) coldest = candidate;
      }
      if (!coldest) return;
      this.evict(coldest[0]);
      total -= coldest[1].bytes;
    }
  }

  private evict(tenantId: string): void {
    const entry = this.loaded.get(tenantId);
    if (!entry) return;
    this.saveIfDirty(tenantId, entry);
    this.drop(tenantId, entry);
  }

  /** Forgets the index without saving it (usearch frees its memory when the object is collected). */
  private drop(tenantId: string, entry: Loaded): void {
    clearTimeout(entry.saveTimer);
    if (this.loaded.get(tenantId) === entry) this.loaded.delete(tenantId);
  }
}

let instance: { indexes: TenantVectorIndexes; source: VectorSource } | undefined;

/**
 * The process's indexes, under `<DATA_DIR>/indexes/` within AI_INDEX_MEMORY_MB. The first call
 * names the source (the Postgres chunk store); later calls must pass the same one.
 */
export function tenantVectorIndexes(source: VectorSource): TenantVectorIndexes {
  if (instance && instance.source !== source) throw new Error("Vector index: tenantVectorIndexes() was already set up with another source");
  instance ??= {
    source,
    indexes: new TenantVectorIndexes({
      directory: path.resolve(env().DATA_DIR, "indexes"),
      memoryBudgetBytes: env().AI_INDEX_MEMORY_MB * 1024 * 1024,
      source,
      // bench:vectors: f16 has f32's recall@10 (0.98 at 100k × 384) in ~58% of the memory; i8 loses recall.
      quantization: "f16",
    }),
  };
  return instance.indexes;
}

/** Shutdown (and tests): saves changed indexes and forgets the process's instance. */
export async function closeTenantVectorIndexes(): Promise<void> {
  const current = instance;
  instance = undefined;
  await current?.indexes.close();
}
