import { sql, type SQL } from "drizzle-orm";

/*
 * Values written into a statement as literals instead of bind parameters, for the statements
 * every tenant request runs (the tenant settings and the membership check).
 *
 * Why: the app's pool runs with `prepare: false` (PgBouncer in transaction mode), and then
 * postgres.js sends a statement that has parameters in two round trips: Parse/Describe/Flush,
 * wait for the parameter types, then Bind/Execute/Sync. It also cannot pipeline the next
 * statement behind it. A statement without parameters goes as one simple Query message: one
 * round trip, and the next statement is sent right behind it. On every tenant request this
 * saves three round trips (docs/performance.md, round 3).
 *
 * Safety: a literal built here never contains a quote or a backslash, so it reads the same
 * whatever `standard_conforming_strings` says, and nothing in it can end the literal: an id
 * must be a UUID (or empty), and any other text is sent hex-encoded unless it is made only
 * of letters, digits and `._:-`.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLAIN_TEXT = /^[A-Za-z0-9._:-]*$/;

export class UnsafeLiteralError extends Error {}

/** `'<uuid>'::uuid`; anything but a UUID is refused (throws). */
export function uuidLiteral(value: string): SQL {
  if (!UUID.test(value)) throw new UnsafeLiteralError(`Not a UUID: ${JSON.stringify(value.slice(0, 80))}`);
  return sql.raw(`'${value}'::uuid`);
}

/** A UUID or '' as text (the tenant settings hold ids as text; '' means none); anything else is refused. */
export function idTextLiteral(value: string): SQL {
  if (value !== "" && !UUID.test(value)) throw new UnsafeLiteralError(`Not a UUID: ${JSON.stringify(value.slice(0, 80))}`);
  return sql.raw(`'${value}'`);
}

/** Any text: plain when made of letters, digits and `._:-`, else decoded from hex by Postgres. */
export function textLiteral(value: string): SQL {
  if (PLAIN_TEXT.test(value)) return sql.raw(`'${value}'`);
  return sql.raw(`convert_from(decode('${Buffer.from(value, "utf8").toString("hex")}', 'hex'), 'UTF8')`);
}
