import { z, type ZodError } from "zod";
import { ValidationFailed } from "./errors";

/**
 * Field errors keyed by the dotted path of the field ("name", "emails.0.value",
 * "custom.budget"), as forms show them next to their inputs. Top-level fields keep
 * their plain names; form-wide problems go under "_form".
 */
export function fieldErrorsOf(error: ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_form";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** Parses like `schema.parse`, but fails as a domain error (BAD_REQUEST with field errors), whoever the caller. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationFailed(fieldErrorsOf(result.error));
  return result.data;
}

/*
 * Building blocks for input schemas, so that each schema says what it accepts and hostile
 * input is a 400 with a message rather than a failing statement in Postgres (which refuses
 * NUL in text, int8 beyond its range, and timestamps before 4713 BC).
 */

export const CONTROL_CHARACTERS_MESSAGE = "Remove the invisible control characters from this text.";

/** No C0/C1 control character nor DEL: names, labels, searches, ids, one-line fields. */
const ONE_LINE = /^[^\u0000-\u001f\u007f-\u009f]*$/;
/** The same, but tabs and line breaks allowed: notes, bodies, CSV headers. */
const MULTI_LINE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$/;

/** A one-line text: any string without control characters. Chain `.trim().min().max()` as on `z.string()`. */
export function plainText(): z.ZodString {
  return z.string().regex(ONE_LINE, CONTROL_CHARACTERS_MESSAGE);
}

/** Multi-line text: tabs and line breaks (\t \n \r) are kept, other control characters refused. */
export function multilineText(): z.ZodString {
  return z.string().regex(MULTI_LINE, CONTROL_CHARACTERS_MESSAGE);
}

const MAX_INT8 = 9_223_372_036_854_775_807n;

/** A positive Postgres bigint (int8) written in decimal, as bigint ids and cursors travel: 1 … 2^63−1. */
export function int8Text(message: string) {
  return z
    .string(message)
    .refine((digits) => /^\d{1,19}$/.test(digits) && BigInt(digits) >= 1n && BigInt(digits) <= MAX_INT8, message);
}

/** Years 1 to 9999: every date a person means, and all of them fit Postgres's timestamptz. */
const EARLIEST = new Date("0001-01-01T00:00:00.000Z");
const LATEST = new Date("9999-12-31T23:59:59.999Z");
const DATE_RANGE_MESSAGE = "Use a date between the years 1 and 9999.";

/** A moment as a Date (superjson carries Dates), within years 1–9999. */
export function dateTime(message: string) {
  return z.date(message).min(EARLIEST, DATE_RANGE_MESSAGE).max(LATEST, DATE_RANGE_MESSAGE);
}

/** A moment as a Date or a date/time string (query parameters, date fields), within years 1–9999. */
export function dateOrDateText(message: string) {
  return z
    .union([z.date(message), z.string(message).max(40, message).regex(/^\d{4}-\d{2}-\d{2}/, message)], message)
    .transform((value) => new Date(value))
    .pipe(z.date(message).min(EARLIEST, DATE_RANGE_MESSAGE).max(LATEST, DATE_RANGE_MESSAGE));
}

/** Optional free text when creating: trimmed; empty or absent → null. `multiline` keeps tabs and line breaks (notes). */
export const optionalText = (max: number, label: string, options: { multiline?: boolean } = {}) =>
  (options.multiline ? multilineText() : plainText())
    .trim()
    .max(max, `${label} can be at most ${max} characters.`)
    .nullish()
    .transform((value) => value || null);

/** The same field in a partial update: absent stays undefined (unchanged); empty → null (cleared). */
export const patchText = (max: number, label: string, options: { multiline?: boolean } = {}) =>
  (options.multiline ? multilineText() : plainText())
    .trim()
    .max(max, `${label} can be at most ${max} characters.`)
    .nullish()
    .transform((value) => (value === undefined ? undefined : value || null));
