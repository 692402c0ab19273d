import { z } from "zod";
import { ValidationFailed } from "../../platform/errors";
import { cleanCell, type ColumnMap, type CsvRecord, type ImportChoice, type ImportField } from "./parse";

/*
 * What the engine does to cells before an adapter reads them, by the kind of field a
 * column is mapped to: a choice column's values go through the import's value mapping
 * ("hot" → lead, "in-contract" → customer, or left empty), dates become YYYY-MM-DD in the
 * order the user chose for ambiguous ones, yes/no/1/0 become true/false. Also the
 * distinct values of choice columns with their row counts, for the value-mapping step.
 */

export const DATE_ORDERS = ["dmy", "mdy"] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

/** Column header → (value in the file → allowed value, or "" to leave the cell empty). */
export const valueMappingInput = z
  .record(z.string().max(300), z.record(z.string().max(500), z.string().max(320)))
  .refine((m) => Object.values(m).reduce((n, values) => n + Object.keys(values).length, 0) <= 5_000, "Too many values to map.");

export type ImportOptions = { valueMapping?: Record<string, Record<string, string>>; dateOrder?: DateOrder };

/**
 * The options are stored with the mapping (one jsonb column), under a key no header can
 * have: headers lose their control characters (uniqueHeaders).
 */
const OPTIONS_KEY = "\u0001options";

export function storedMapping(mapping: Record<string, string>, options: ImportOptions): Record<string, string> {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return Object.keys(given).length ? { ...mapping, [OPTIONS_KEY]: JSON.stringify(given) } : mapping;
}

export function readStoredMapping(stored: Record<string, string>): { mapping: Record<string, string>; options: ImportOptions } {
  const { [OPTIONS_KEY]: options, ...mapping } = stored;
  return { mapping, options: options ? (JSON.parse(options) as ImportOptions) : {} };
}

const fold = (text: string) => text.trim().toLocaleLowerCase("en-US");

/** The choice a value names by its value, label or a synonym (case and spacing aside), or null. */
export function choiceFor(choices: ImportChoice[], value: string): string | null {
  const wanted = fold(value);
  const found = choices.find((c) => fold(c.value) === wanted || fold(c.label) === wanted || c.synonyms?.some((s) => fold(s) === wanted));
  return found ? found.value : null;
}

/** "true"/"false" for the ways spreadsheets write a yes or a no; the cell unchanged otherwise. */
export function toBooleanText(text: string): string {
  if (/^(true|yes|y|1|x|on|checked|ja|wahr)$/i.test(text)) return "true";
  if (/^(false|no|n|0|off|unchecked|nein|falsch)$/i.test(text)) return "false";
  return text;
}

const SLASH_DATE = /^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T].*)?$/;

function isoOf(year: number, month: number, day: number): string | null {
  const iso = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

/** The order a d/m/y-or-m/d/y date must be read in: known when a part is over 12 or the separator is a dot (German). */
function orderOf(text: string): DateOrder | "ambiguous" | null {
  const match = SLASH_DATE.exec(text.trim());
  if (!match) return null;
  const [, first, separator, second] = match;
  if (separator === ".") return "dmy";
  if (Number(first) > 12) return "dmy";
  if (Number(second) > 12) return "mdy";
  return Number(first) === Number(second) ? "dmy" : "ambiguous";
}

/** A date cell as YYYY-MM-DD: ISO (with or without a time), dd/mm/yyyy, mm/dd/yyyy (by `order` when ambiguous), dd.mm.yyyy. */
export function toIsoDate(text: string, order: DateOrder | undefined): string {
  const cell = text.trim();
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$/.exec(cell);
  if (iso) return isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3])) ?? cell;
  const match = SLASH_DATE.exec(cell);
  if (!match) return cell;
  const detected = orderOf(cell);
  const use = detected === "ambiguous" ? order : detected;
  if (!use) return cell;
  const [a, b] = [Number(match[1]), Number(match[3])];
  const year = match[4]!.length === 2 ? 2000 + Number(match[4]) - (Number(match[4]) > 69 ? 100 : 0) : Number(match[4]);
  return (use === "dmy" ? isoOf(year, b, a) : isoOf(year, a, b)) ?? cell;
}

type ColumnRule = { index: number; read: (cell: string) => string };

/** The cell rewrites of a mapping (null when there are none). */
export function cellRewriter(fields: ImportField[], columns: ColumnMap, options: ImportOptions): ((row: CsvRecord) => CsvRecord) | null {
  const rules: ColumnRule[] = [];
  for (const field of fields) {
    for (const column of columns.get(field.key) ?? []) {
      if (field.kind === "choice" && field.choices) {
        const chosen = new Map(Object.entries(options.valueMapping?.[column.header] ?? {}).map(([from, to]) => [fold(from), to]));
        const choices = field.choices;
        rules.push({ index: column.index, read: (cell) => chosen.get(fold(cell)) ?? choiceFor(choices, cell) ?? cell });
      } else if (field.kind === "date") rules.push({ index: column.index, read: (cell) => toIsoDate(cell, options.dateOrder) });
      else if (field.kind === "boolean") rules.push({ index: column.index, read: toBooleanText });
    }
  }
  if (!rules.length) return null;
  return (row) => {
    const cells = [...row.cells];
    for (const rule of rules) {
      const cell = cleanCell(cells[rule.index]);
      if (cell !== "") cells[rule.index] = rule.read(cell);
    }
    return { rowNumber: row.rowNumber, cells };
  };
}

/** At most this many distinct values of a column are offered for mapping. */
const MAX_DISTINCT = 200;

export type ColumnValues = {
  header: string;
  field: { key: string; label: string };
  /** The allowed values, as the field names them. */
  choices: ImportChoice[];
  /** Each distinct value: how many rows have it, and what it becomes (the user's choice, else the recognised one, else null: not allowed). */
  values: { value: string; rows: number; mappedTo: string | null; recognised: string | null }[];
  /** False when the file has more distinct values than listed, or more rows than were read. */
  complete: boolean;
};

/** The distinct values of the columns mapped to choice fields, with how many rows each is on. */
export function choiceColumnValues(fields: ImportField[], columns: ColumnMap, rows: string[][], options: ImportOptions, wholeFile: boolean): ColumnValues[] {
  const result: ColumnValues[] = [];
  for (const field of fields) {
    if (field.kind !== "choice" || !field.choices) continue;
    for (const column of columns.get(field.key) ?? []) {
      const counts = new Map<string, number>();
      for (const row of rows) {
        const cell = cleanCell(row[column.index]);
        if (cell) counts.set(cell, (counts.get(cell) ?? 0) + 1);
      }
      const chosen = options.valueMapping?.[column.header] ?? {};
      const values = [...counts]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, MAX_DISTINCT)
        .map(([value, count]) => {
          const recognised = choiceFor(field.choices!, value);
          return { value, rows: count, recognised, mappedTo: value in chosen ? chosen[value]! : recognised };
        });
      result.push({ header: column.header, field: { key: field.key, label: field.label }, choices: field.choices, values, complete: wholeFile && counts.size <= MAX_DISTINCT });
    }
  }
  return result;
}

export type DateColumns = { headers: string[]; ambiguous: string[]; example: string | null };

/** The columns mapped to date fields, and which of them hold dates that read both ways (03/04/2024). */
export function dateColumns(fields: ImportField[], columns: ColumnMap, rows: string[][]): DateColumns {
  const headers: string[] = [];
  const ambiguous: string[] = [];
  let example: string | null = null;
  for (const field of fields) {
    if (field.kind !== "date") continue;
    for (const column of columns.get(field.key) ?? []) {
      headers.push(column.header);
      const cells = rows.map((row) => cleanCell(row[column.index])).filter(Boolean);
      const orders = new Set(cells.map(orderOf));
      // One unambiguous date settles the column's order; only a column without one needs the user.
      if (orders.has("ambiguous") && !orders.has("dmy") && !orders.has("mdy")) {
        ambiguous.push(column.header);
        example ??= cells.find((cell) => orderOf(cell) === "ambiguous") ?? null;
      }
    }
  }
  return { headers, ambiguous, example };
}

/** Checks the options against the mapping and fields: ValidationFailed on "valueMapping" or "dateOrder". */
export function checkOptions(fields: ImportField[], mapping: Record<string, string>, options: ImportOptions, dates: DateColumns): void {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const problems: string[] = [];
  for (const [header, values] of Object.entries(options.valueMapping ?? {})) {
    const field = byKey.get(mapping[header] ?? "");
    if (!field || field.kind !== "choice" || !field.choices) {
      problems.push(`Column "${header}" is not mapped to a field with a list of values.`);
      continue;
    }
    const allowed = new Set(field.choices.map((c) => c.value));
    for (const [from, to] of Object.entries(values)) {
      if (to !== "" && !allowed.has(to)) problems.push(`"${to}" (for "${from}" in column "${header}") is not a value of "${field.label}".`);
    }
  }
  const fieldErrors: Record<string, string[]> = {};
  if (problems.length) fieldErrors.valueMapping = problems;
  // Fixed by the user picking an order; the engine would otherwise fail each such row.
  if (dates.ambiguous.length && !options.dateOrder) {
    fieldErrors.dateOrder = [`Say how to read dates like ${dates.example ?? "03/04/2024"} in ${dates.ambiguous.map((h) => `"${h}"`).join(", ")}: day first or month first.`];
  }
  if (Object.keys(fieldErrors).length) throw new ValidationFailed(fieldErrors, "The import options need attention.");
}
