import { sql, type SQL } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import type { ImportBase } from "./batch";
import { channelLabelFromCell, channelLabelOf, cleanCell, type CsvRecord } from "./parse";

/* Reading a row's cells by field (through the mapping) and writing a batch set-based: helpers for adapters. */

export function columnsOf(ctx: ImportBase, key: string) {
  return ctx.columns.get(key) ?? [];
}

/** The cell of the (one) column mapped to `key`, cleaned; "" when unmapped. */
export function cellOf(ctx: ImportBase, row: CsvRecord, key: string): string {
  const column = columnsOf(ctx, key)[0];
  return column ? cleanCell(row.cells[column.index]) : "";
}

/** Every value of the columns mapped to `key`, each cell split on `separator`. */
export function cellsOf(ctx: ImportBase, row: CsvRecord, key: string, separator: RegExp): string[] {
  return columnsOf(ctx, key).flatMap((column) =>
    cleanCell(row.cells[column.index])
      .split(separator)
      .map((part) => part.trim())
      .filter(Boolean),
  );
}

/**
 * Every value of the columns mapped to `key` with its channel label: from a label column
 * beside it (Google's "Phone 1 - Label"), else from the header ("Mobile Phone" → "mobile",
 * "Email (work)" → "work"), else null.
 */
export function labelledCellsOf(ctx: ImportBase, row: CsvRecord, key: string, separator: RegExp): { value: string; label: string | null }[] {
  return columnsOf(ctx, key).flatMap((column) => {
    const label = (column.labelIndex === undefined ? null : channelLabelFromCell(row.cells[column.labelIndex])) ?? channelLabelOf(column.header);
    return cleanCell(row.cells[column.index])
      .split(separator)
      .map((part) => part.trim())
      .filter(Boolean)
      .map((value) => ({ value, label }));
  });
}

/** Lists in one cell: "a; b | c". */
export const LIST_SEPARATOR = /[;|]/;

/** The column a field came from, for messages ("Work email: Enter a valid email address…"). */
export function labelOf(ctx: ImportBase, key: string, fallback: string): string {
  return columnsOf(ctx, key)[0]?.header ?? fallback;
}

/** Zod field errors as one sentence per field, named by their column. */
export function describeErrors(fields: Record<string, string[]>, label: (path: string) => string): string {
  return Object.entries(fields)
    .map(([path, messages]) => `${label(path)}: ${[...new Set(messages)].join(" ")}`)
    .join(" ");
}

/** The fields a row has a value for (an update changes only those). */
export const givenKeys = (raw: Record<string, unknown>) => new Set(Object.keys(raw).filter((key) => raw[key] !== ""));

export const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/**
 * Several inserts as ONE statement (data-modifying CTEs): one round trip instead of
 * several per batch. Foreign keys are checked at the end of the statement, so rows may
 * point at rows a sibling inserts.
 */
export async function together(tx: TenantTx, statements: SQL[]): Promise<void> {
  if (!statements.length) return;
  const ctes = statements.map((statement, i) => sql`${sql.raw(`s${i}`)} as (${statement})`);
  await tx.execute(sql`with ${sql.join(ctes, sql`, `)} select 1`);
}
