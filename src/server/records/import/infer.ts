import { cleanCell } from "./parse";
import { toBooleanText, toIsoDate } from "./values";

/*
 * What kind of new field a column looks like, for "import into a new field" in the wizard:
 * the type its values fit (checkbox, number, date, one of a few values, several of them
 * per cell, or text) and, for a select, its options (the distinct values). The user can
 * change both before the field is created; the module creates it with its own service.
 */

export type InferredType = "text" | "number" | "date" | "checkbox" | "single_select" | "multi_select";
export type FieldGuess = { type: InferredType; options: string[] };

/** A select has at most this many options (custom fields allow 100); more distinct values read as text. */
const MAX_OPTIONS = 30;
const MAX_OPTION_LENGTH = 80;
/** Several values in one cell, as the import splits multi-select cells. */
const MULTI_SEPARATOR = /\s*[;|]\s*/;
const NUMBER = /^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

const distinct = (values: string[]) => {
  const seen = new Map<string, string>();
  for (const value of values) if (!seen.has(value.toLocaleLowerCase("en-US"))) seen.set(value.toLocaleLowerCase("en-US"), value);
  return [...seen.values()].sort((a, b) => a.localeCompare(b, "en"));
};

/** A select fits when few distinct values repeat (or the column is short) and each is a short label. */
function fitsSelect(options: string[], cells: number): boolean {
  return options.length > 0 && options.length <= MAX_OPTIONS && options.length < Math.max(cells, 2) && options.every((o) => o.length <= MAX_OPTION_LENGTH);
}

/** The type and options a column's cells suggest (empty cells aside). */
export function guessField(cells: string[]): FieldGuess {
  const values = cells.map((cell) => cleanCell(cell)).filter(Boolean);
  if (!values.length) return { type: "text", options: [] };
  if (values.every((v) => toBooleanText(v) !== v)) return { type: "checkbox", options: [] };
  if (values.every((v) => NUMBER.test(v))) return { type: "number", options: [] };
  // A date reads as one in either order (the wizard asks for the order when it must).
  if (values.every((v) => /^\d{4}-\d{2}-\d{2}$/.test(toIsoDate(v, "dmy")))) return { type: "date", options: [] };
  if (values.some((v) => MULTI_SEPARATOR.test(v))) {
    const parts = distinct(values.flatMap((v) => v.split(MULTI_SEPARATOR).filter(Boolean)));
    if (fitsSelect(parts, values.length + 1)) return { type: "multi_select", options: parts };
  }
  const options = distinct(values);
  if (fitsSelect(options, values.length)) return { type: "single_select", options };
  return { type: "text", options: [] };
}

/** A guess for each column of the file, by header. */
export function guessFields(headers: string[], rows: string[][]): Record<string, FieldGuess> {
  return Object.fromEntries(headers.map((header, index) => [header, guessField(rows.map((row) => row[index] ?? ""))]));
}
