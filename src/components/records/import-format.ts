import type { ImportEntityConfig, ImportQueryOptions, ImportState, ImportTarget } from "./import-types";

/* The import wizard's pure rules and formats: what the browser checks before the server does. */

/** The kinds of record in the configuration's order (its keys are E by construction). */
export const importEntities = <E extends string>(config: { entities: Record<E, ImportEntityConfig> }): E[] => Object.keys(config.entities) as E[];

/**
 * The TanStack options of the wizard's query options, for a module's hooks to pass on:
 * `poll` becomes `refetchInterval` (a key left out when it is not set keeps the client's default).
 */
export function importQueryOptions<T>({ poll, ...options }: ImportQueryOptions<T>) {
  return poll ? { ...options, refetchInterval: (query: { state: { data: T | undefined } }) => poll(query.state.data) } : options;
}

/** The import is still moving: pages showing it refresh themselves. */
export const isImportActive = (state: ImportState) => state === "queued" || state === "running";

/** A cancelled import ends as "failed" with a failure text saying so (the status has no value of its own for it). */
export const isCancelled = (item: { state: ImportState; failure: string | null }) => item.state === "failed" && (item.failure ?? "").startsWith("Cancelled");


export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** Share of the file read so far, 0–100 (bytes: rows cannot be counted before the end). */
export function importPercent(item: { state: ImportState; processedBytes: number; totalBytes: number }): number {
  if (item.state === "done") return 100;
  if (!item.totalBytes) return 0;
  return Math.min(100, Math.floor((item.processedBytes / item.totalBytes) * 100));
}

const SPREADSHEET = /\.(xlsx|xlsm|xls|ods|numbers)$/i;

/** Why the browser refuses a file for import, or null when it may be uploaded. */
export function csvFileProblem(file: { name: string; type: string; size: number }, maxBytes: number): string | null {
  const name = file.name || "the file";
  if (SPREADSHEET.test(file.name)) {
    return `“${name}” is a spreadsheet, not a CSV file. In your spreadsheet app choose File → Save As (or Download) → “CSV UTF-8”, then upload that file.`;
  }
  const csvLike = /\.(csv|txt|tsv)$/i.test(file.name) || /^text\/(csv|plain|tab-separated-values)$/.test(file.type) || file.type === "application/vnd.ms-excel";
  if (!csvLike) return `“${name}” does not look like a CSV file. Choose a file ending in .csv.`;
  if (file.size === 0) return `“${name}” is empty. Choose a CSV file whose first row names the columns.`;
  if (file.size > maxBytes) {
    return `“${name}” is ${formatBytes(file.size)}; an import can be at most ${formatBytes(maxBytes)}. Split it into smaller files and import them one after the other.`;
  }
  return null;
}

/** The mapping value of a column left out of the import. */
export const SKIP_COLUMN = "";

/**
 * The problems the browser can see in a mapping (header → target key): a field that
 * takes one column given several (those headers are `clashing`), then the required
 * fields left out. The server checks the mapping again and has the last word.
 */
export function mappingProblems(
  mapping: Record<string, string>,
  targets: ImportTarget[],
  missingFields: (mappedKeys: ReadonlySet<string>) => string[],
): { problems: string[]; clashing: Set<string> } {
  const byKey = new Map<string, string[]>();
  for (const [header, key] of Object.entries(mapping)) if (key !== SKIP_COLUMN) byKey.set(key, [...(byKey.get(key) ?? []), header]);
  const problems: string[] = [];
  const clashing = new Set<string>();
  for (const [key, headers] of byKey) {
    const target = targets.find((t) => t.key === key);
    if (target && !target.repeatable && headers.length > 1) {
      problems.push(`Only one column can go into “${target.label}”; you chose ${headers.map((h) => `“${h}”`).join(" and ")}.`);
      headers.forEach((h) => clashing.add(h));
    }
  }
  problems.push(...missingFields(new Set(byKey.keys())));
  return { problems, clashing };
}

/** Up to three non-empty values of a column in the sample rows. */
export function columnSamples(sampleRows: string[][], index: number): string[] {
  return sampleRows
    .map((row) => (row[index] ?? "").trim())
    .filter(Boolean)
    .slice(0, 3);
}
