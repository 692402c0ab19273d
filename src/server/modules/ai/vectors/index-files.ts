import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Index, MetricKind, ScalarKind } from "usearch";

/**
 * One tenant's index on disk and in memory: how it is built, named, saved and sized. The files
 * live in `<directory>/<tenantId>/v<version>-<dimensions>.usearch`; only the newest is kept.
 */

export type Quantization = "f32" | "f16" | "i8";

/** Graph settings, measured by `npm run bench:vectors` (recall@10 ≥ 0.97 at 384 dimensions). */
export type IndexSettings = { connectivity: number; expansionAdd: number; expansionSearch: number };
export const INDEX_SETTINGS: Readonly<IndexSettings> = { connectivity: 16, expansionAdd: 128, expansionSearch: 64 };

const SCALARS: Record<Quantization, ScalarKind> = { f32: ScalarKind.F32, f16: ScalarKind.F16, i8: ScalarKind.I8 };
const SCALAR_BYTES: Record<Quantization, number> = { f32: 4, f16: 2, i8: 1 };

export function newIndex(dimensions: number, quantization: Quantization, settings: Partial<IndexSettings> = {}): Index {
  const { connectivity, expansionAdd, expansionSearch } = { ...INDEX_SETTINGS, ...settings };
  return new Index({
    dimensions,
    metric: MetricKind.Cos,
    quantization: SCALARS[quantization],
    connectivity,
    expansion_add: expansionAdd,
    expansion_search: expansionSearch,
    multi: false,
  });
}

/**
 * Bytes an index holds, estimated: usearch's JS binding has no `memoryUsage()` (2.25 exposes only
 * size/capacity), so this mirrors its C++ `memory_usage()`: per vector the quantized vector, the
 * node head (key + level), the base-level neighbour list (2·M slots) and the expected upper levels
 * (1/(M-1) lists of M slots); per reserved slot the node and vector pointers and the key lookup.
 */
export function estimateIndexBytes(index: Index, quantization: Quantization): number {
  const m = index.connectivity();
  const perVector = index.dimensions() * SCALAR_BYTES[quantization] + 10 + (2 * m * 4 + 4) + (m * 4 + 4) / (m - 1) + 16;
  const perSlot = 8 + 8 + 24;
  return Math.round(index.size() * perVector + index.capacity() * perSlot + 64 * 1024);
}

export type IndexFile = { path: string; version: number; dimensions: number };

const FILE_NAME = /^v(\d+)-(\d+)\.usearch$/;

export function indexFileName(version: number, dimensions: number): string {
  return `v${version}-${dimensions}.usearch`;
}

/** The tenant's saved index files (temporary files of saves in progress excluded). */
export function listIndexFiles(tenantDirectory: string): IndexFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(tenantDirectory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return names.flatMap((name) => {
    const match = FILE_NAME.exec(name);
    return match ? [{ path: path.join(tenantDirectory, name), version: Number(match[1]), dimensions: Number(match[2]) }] : [];
  });
}

/**
 * Saves through a temporary file and a rename, so a reader (this process after a restart, or
 * another process sharing the directory) never sees half a file; then deletes older versions.
 */
export function saveIndexFile(index: Index, tenantDirectory: string, version: number): string {
  fs.mkdirSync(tenantDirectory, { recursive: true });
  const target = path.join(tenantDirectory, indexFileName(version, index.dimensions()));
  const temporary = path.join(tenantDirectory, `.${indexFileName(version, index.dimensions())}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    index.save(temporary);
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  for (const file of listIndexFiles(tenantDirectory)) {
    if (file.version < version) fs.rmSync(file.path, { force: true });
  }
  removeAbandonedTemporaryFiles(tenantDirectory);
  return target;
}

// Older than any save takes: left by a process that died while saving.
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

function removeAbandonedTemporaryFiles(tenantDirectory: string): void {
  for (const name of fs.readdirSync(tenantDirectory)) {
    if (!name.endsWith(".tmp")) continue;
    const file = path.join(tenantDirectory, name);
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > ABANDONED_AFTER_MS) fs.rmSync(file, { force: true });
    } catch {
      // Renamed or removed by its own process meanwhile.
    }
  }
}

/** Loads a saved file; undefined when it is gone (another process saved a newer one) or unreadable. */
export function loadIndexFile(file: IndexFile, quantization: Quantization): Index | undefined {
  const index = newIndex(file.dimensions, quantization);
  try {
    index.load(file.path);
  } catch {
    // A truncated or foreign file: the source rebuilds it. Deleting it keeps the next load from trying again.
    fs.rmSync(file.path, { force: true });
    return undefined;
  }
  return index.dimensions() === file.dimensions ? index : undefined;
}
