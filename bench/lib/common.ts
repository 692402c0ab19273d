import os from "node:os";
import postgres from "postgres";

/* Small helpers shared by the benchmarks. */

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function positiveInt(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** A connection URL fit to print: the password masked. */
export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function log(message: string): void {
  console.log(`[bench] ${message}`);
}

/** "nproc 2, AMD EPYC, 24 GiB RAM" */
export function machineSummary(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  return `nproc ${os.availableParallelism()}, ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM`;
}

// Resources to release on exit, in reverse order of creation.
const cleanups: { name: string; run: () => Promise<void> | void }[] = [];

/** Registers a clean-up; the returned function runs it early (and unregisters it). */
export function onCleanup(name: string, run: () => Promise<void> | void): () => Promise<void> {
  const entry = { name, run };
  cleanups.push(entry);
  return async () => {
    const at = cleanups.indexOf(entry);
    if (at >= 0) cleanups.splice(at, 1);
    await run();
  };
}

export async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    const { name, run } = cleanups.pop()!;
    try {
      await run();
    } catch (error) {
      console.error(`[bench] clean-up "${name}" failed:`, error instanceof Error ? error.message : error);
    }
  }
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
export const int = (n: number) => Math.round(n).toLocaleString("en-US");

/** Rows as aligned columns: the first left-aligned, the others right-aligned. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ")).join("\n");
}

/** Runs a benchmark's main: its clean-ups run on success, failure and Ctrl-C; exit code 1 when it failed. */
export async function runBench(main: () => Promise<void>): Promise<never> {
  let exitCode = 0;
  let interrupted = false;
  process.once("SIGINT", () => {
    interrupted = true;
    console.error("\n[bench] interrupted; cleaning up");
    void cleanUp().finally(() => process.exit(130));
  });
  try {
    await main();
  } catch (error) {
    exitCode = 1;
    console.error("[bench] FAILED:", error instanceof Error ? (error.stack ?? error.message) : error);
  }
  if (interrupted) return new Promise<never>(() => {});
  await cleanUp();
  process.exit(exitCode);
}

/** The 1, 5 and 15 minute load averages, printed beside every figure (the machines are shared). */
export function loadAverage(): string {
  return os.loadavg().map((n) => n.toFixed(2)).join(" ");
}

/** Runs `fn` on one short-lived admin connection (create or drop a benchmark database). */
export async function adminDo(url: string, fn: (sql: postgres.Sql) => Promise<void>): Promise<void> {
  const sql = postgres(url, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  try {
    await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** A small deterministic PRNG (mulberry32) in [0, 1): the same seed gives the same data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
