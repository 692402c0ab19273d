import { ValidationFailed } from "../platform/errors";

/*
 * Page cursors of every keyset list: the sort key of the last row of a page (sort
 * values + id) as Postgres printed it in json, base64url-encoded. A cursor comes back
 * from the client, so it is checked value by value against the type it will be cast to:
 * a forged or stale cursor is a ValidationFailed, never a failing cast in the database.
 */

/** The Postgres type a sort value is cast back to in the WHERE of the next page. */
export type CursorCast = "timestamptz" | "text" | "bigint" | "date" | "int";

const INVALID = "This page link is no longer valid. Start from the first page.";

const invalid = () => new ValidationFailed({ cursor: [INVALID] });

/** The cursor of a row: its json sort key (as selected by `cursorColumn`), encoded. */
export function encodeCursor(sortKeyJson: string): string {
  return Buffer.from(sortKeyJson).toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(?:Z|[+-](\d{2})(?::?(\d{2}))?)?$/;
const INTEGER = /^-?\d{1,19}$/;

function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isTimestamp(text: string): boolean {
  const match = TIMESTAMP.exec(text);
  if (!match || !isCalendarDate(match[1]!) || Number(match[2]) >= 24 || Number(match[3]) >= 60 || Number(match[4]) >= 60) return false;
  // Postgres refuses a zone offset beyond ±15:59.
  return Number(match[6] ?? 0) <= 15 && Number(match[7] ?? 0) < 60;
}

/** The value as the text the cast accepts, or null when it would not cast. */
function castable(value: unknown, cast: CursorCast | "uuid"): string | null {
  if (cast === "int" || cast === "bigint") {
    if (typeof value === "number") return Number.isSafeInteger(value) && (cast === "bigint" || Math.abs(value) <= 2_147_483_647) ? String(value) : null;
    if (typeof value !== "string" || !INTEGER.test(value)) return null;
    const big = BigInt(value);
    const max = cast === "int" ? 2_147_483_647n : 9_223_372_036_854_775_807n;
    return big <= max && big >= -max - 1n ? value : null;
  }
  if (typeof value !== "string") return null;
  if (cast === "text") return value.includes("\u0000") ? null : value;
  if (cast === "uuid") return UUID.test(value) ? value : null;
  if (cast === "date") return isCalendarDate(value) ? value : null;
  return isTimestamp(value) ? value : null;
}

/**
 * The sort values and id a cursor holds, each as text that casts to its column's type.
 * ValidationFailed on "cursor" when it is not one this list could have made.
 */
export function decodeCursor(cursor: string, casts: CursorCast[]): { values: string[]; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== casts.length + 1) throw invalid();
  const values = casts.map((cast, i) => castable(parsed[i], cast));
  const id = castable(parsed[casts.length], "uuid");
  if (id === null || values.some((v) => v === null)) throw invalid();
  return { values: values as string[], id };
}
