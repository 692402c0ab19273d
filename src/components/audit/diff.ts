/**
 * A field-by-field comparison of an audit entry's before/after snapshots. Nested
 * objects are flattened to dotted paths ("settings.theme"); arrays and scalars are
 * compared as whole values.
 */

export type DiffKind = "added" | "removed" | "changed" | "unchanged";

export type DiffRow = { path: string; kind: DiffKind; before?: unknown; after?: unknown };

/** The name used for a snapshot that is a single value rather than an object. */
export const VALUE_PATH = "(value)";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
    return;
  }
  out.set(prefix || VALUE_PATH, value);
}

/** Fields of a snapshot: none for null/undefined (nothing recorded). */
function fields(snapshot: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (snapshot === null || snapshot === undefined) return out;
  flatten(snapshot, "", out);
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Every field of either snapshot, in the order they appear (before's fields first), with what happened to it. */
export function diffSnapshots(before: unknown, after: unknown): DiffRow[] {
  const old = fields(before);
  const next = fields(after);
  const rows: DiffRow[] = [];
  for (const [path, value] of old) {
    if (!next.has(path)) rows.push({ path, kind: "removed", before: value });
    else {
      const updated = next.get(path);
      rows.push({ path, kind: same(value, updated) ? "unchanged" : "changed", before: value, after: updated });
    }
  }
  for (const [path, value] of next) {
    if (!old.has(path)) rows.push({ path, kind: "added", after: value });
  }
  return rows;
}

/** A snapshot value as JSON ("text" in quotes, so it cannot be mistaken for a number or null). */
export function formatValue(value: unknown): string {
  if (value === undefined) return "—";
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json;
}

/** Pretty JSON for the raw view ("null" when nothing was recorded). */
export function prettyJson(value: unknown): string {
  return value === undefined ? "null" : (JSON.stringify(value, null, 2) ?? "null");
}
