/** Small helpers shared by the benchmarks (bench/api.ts, bench/jobs.ts). */
import os from "node:os";

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
