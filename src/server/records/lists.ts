import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { decodeCursor, encodeCursor, type CursorCast } from "./cursor";

/*
 * Keyset pagination for every record list: the page after a cursor is the rows whose sort
 * key (sort columns + id) comes after the cursor's, so deep pages cost what the first
 * does and rows added meanwhile neither repeat nor vanish. The cursor holds the sort key
 * as Postgres printed it (json), so timestamps keep their microseconds (./cursor.ts).
 */

export type SortColumn = { expr: SQL; cast: CursorCast };
export type SortDirection = "asc" | "desc";

export const sortDirection = z.enum(["asc", "desc"]);
export const listLimit = z.number().int().min(1).max(200).default(50);
/** A page cursor as ./cursor.ts writes it (base64url); what it holds is checked when decoded. */
export const cursorInput = z
  .string()
  .max(1000, "This page link is no longer valid. Start from the first page.")
  .regex(/^[A-Za-z0-9_-]*$/, "This page link is no longer valid. Start from the first page.")
  .nullish();

/**
 * A list procedure's input: its filters (all optional), a sort over `sortFields` (by
 * default the first, descending), the cursor of the page and its size.
 */
export function listInput<Shape extends z.ZodRawShape, Field extends string>(filterShape: Shape, sortFields: readonly [Field, ...Field[]]) {
  const filters = z.object(filterShape);
  return z.object({
    // Every filter is optional, so {} is a valid value (TypeScript cannot see that through a generic shape).
    filters: filters.default({} as never),
    sort: z.object({ field: z.enum(sortFields), direction: sortDirection }).default({ field: sortFields[0], direction: "desc" }),
    cursor: cursorInput,
    limit: listLimit,
  });
}

/** The row's sort key as json text, selected as a column named `cursor` (see `pageOf`). */
export function cursorColumn(columns: SortColumn[], id: SQL): SQL {
  return sql`json_build_array(${sql.join([...columns.map((c) => c.expr), id], sql`, `)})::text`;
}

/** `rows` holds one more row than the page: the page, and the cursor after its last row if there is more. */
export function pageOf<Row extends { cursor: string }>(rows: Row[], limit: number): { items: Omit<Row, "cursor">[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor(page[page.length - 1]!.cursor) : null;
  return { items: page.map(({ cursor: _cursor, ...item }) => item), nextCursor };
}

export function orderByKey(columns: SortColumn[], id: SQL, direction: SortDirection): SQL {
  const dir = direction === "asc" ? sql`asc` : sql`desc`;
  return sql.join(
    [...columns.map((c) => sql`${c.expr} ${dir}`), sql`${id} ${dir}`],
    sql`, `,
  );
}

/** `(columns…, id) > / < (cursor values)` or undefined on the first page. */
export function afterCursor(columns: SortColumn[], id: SQL, direction: SortDirection, cursor: string | null | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const key = decodeCursor(cursor, columns.map((c) => c.cast));
  const left = sql.join([...columns.map((c) => c.expr), id], sql`, `);
  const right = sql.join(
    [...columns.map((c, i) => sql`${key.values[i]}::${sql.raw(c.cast)}`), sql`${key.id}::uuid`],
    sql`, `,
  );
  return direction === "asc" ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`;
}

export type KeysetPage = { where: SQL; order: SQL; cursor: SQL };

/**
 * The parts of a keyset page query: `where` (the conditions and, after the first page,
 * the cursor's), `order`, and `cursor` to select as the `cursor` column for `pageOf`.
 */
export function keysetPage(sort: SortColumn[], id: SQL, direction: SortDirection, cursor: string | null | undefined, conditions: SQL[]): KeysetPage {
  const after = afterCursor(sort, id, direction, cursor);
  const all = after ? [...conditions, after] : conditions;
  return {
    where: all.length ? sql.join(all, sql` and `) : sql`true`,
    order: orderByKey(sort, id, direction),
    cursor: cursorColumn(sort, id),
  };
}

/** Date-range filter values: a day ("2026-11-01") or an instant; "to" days are inclusive. */
export const dateBound = z.iso.date("Use a date like 2026-11-25.").nullish();

export function dateRange(column: SQL, from: string | null | undefined, to: string | null | undefined): SQL[] {
  const conditions: SQL[] = [];
  if (from) conditions.push(sql`${column} >= ${from}::date`);
  if (to) conditions.push(sql`${column} < (${to}::date + 1)`);
  return conditions;
}

/**
 * Words typed into a list's or the global search box as a prefix tsquery:
 * "ann smi" → 'ann':* & 'smi':*. Only letters, digits and @ . _ - survive, so the
 * text can never be tsquery syntax. Null when nothing searchable is left.
 */
export function prefixQuery(text: string): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}@._-]+/u)
    .map((w) => w.replace(/^[._@-]+|[._@-]+$/g, ""))
    .filter(Boolean)
    .slice(0, 8);
  if (!words.length) return null;
  return words.map((w) => `'${w.replace(/'/g, "")}':*`).join(" & ");
}
