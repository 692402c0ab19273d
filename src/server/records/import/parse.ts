import { Readable } from "node:stream";
import Papa from "papaparse";
import { z } from "zod";
import { ValidationFailed } from "../../platform/errors";
import { fromLatin1ToWindows1252, utf16WithoutBom } from "../../platform/text-encoding";
import { multilineText, plainText } from "../../platform/validate";

/*
 * The CSV side of the import: reading the head of an uploaded file (headers, first rows,
 * delimiter), the fields a column can go into and a suggested mapping, checking a chosen
 * mapping, and streaming every row of the stored file in order without holding it whole.
 */

/** Uploads above this are refused (413) before they are read. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
export const IMPORT_TOO_LARGE = "The file is too large: an import can be at most 50 MB. Split it into smaller files and import them one after the other.";
/** Rows validated by the preview of a mapping. */
export const PREVIEW_ROWS = 20;
/** Enough of the file for its headers and the preview rows. */
export const HEAD_BYTES = 1024 * 1024;
/**
 * Bytes of the stored file fetched per query while streaming: 1–4 MB, about a sixteenth
 * of the file. A slice of a compressed bytea costs a decompression from its start, so
 * fewer, larger slices keep a 50 MB file from paying that dozens of times.
 */
const chunkBytes = (totalBytes: number) => Math.min(4 * 2 ** 20, Math.max(2 ** 20, Math.ceil(totalBytes / 16)));

/** A value a choice field accepts as is, with the other spellings that mean it ("Opportunity" → prospect). */
export type ImportChoice = { value: string; label: string; synonyms?: string[] };

/**
 * How the engine reads a field's cells before the adapter does: "choice" cells go through
 * the import's value mapping, "date" cells become YYYY-MM-DD, "boolean" cells true/false.
 */
export type ImportFieldKind = "text" | "choice" | "date" | "boolean";

/** A field a CSV column can be mapped to, as the mapping step shows it: a standard field, or "custom.<key>". */
export type ImportTarget = { key: string; label: string; repeatable: boolean; kind?: ImportFieldKind; choices?: ImportChoice[] };

/** A field an adapter accepts: its target, whether every new record needs it, and the header spellings that suggest it. */
export type ImportField = ImportTarget & { required?: boolean; synonyms: string[] };

export const targetOf = ({ key, label, repeatable, kind, choices }: ImportField): ImportTarget => ({
  key,
  label,
  repeatable,
  ...(kind && kind !== "text" ? { kind } : {}),
  ...(choices ? { choices } : {}),
});

export const normalizeHeader = (header: string) =>
  header
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

/**
 * Words that say which channel a column holds (Outlook's "Business Phone", Pipedrive's
 * "Email - Work", Google's "E-mail 2 - Value"), and the label each stands for.
 */
const CHANNEL_WORDS: Record<string, string> = {
  work: "work",
  business: "work",
  office: "work",
  company: "work",
  home: "home",
  personal: "home",
  private: "home",
  mobile: "mobile",
  cell: "mobile",
  other: "other",
  geschäftlich: "work",
  privat: "home",
  mobil: "mobile",
  mobiltelefon: "mobile",
  handy: "mobile",
  iphone: "mobile",
  fax: "fax",
  pager: "pager",
  primary: "",
  main: "",
  value: "",
};
/** Words naming the record a column belongs to, which exporters put before every header ("Person - Email"). */
const ENTITY_PREFIXES = ["person", "contact", "lead", "organization", "organisation", "company", "account"];

/**
 * Spellings of a header to look up, best first: as it is; without a leading entity word
 * ("Person - Name"); then, for fields taking several columns only, without numbering and
 * channel words ("E-mail 2 Address", "Business Phone", "Person - Email - Work").
 */
function headerVariants(header: string): { words: string; anyField: boolean }[] {
  const words = normalizeHeader(header).split(" ").filter(Boolean);
  const unprefixed = words.length > 1 && ENTITY_PREFIXES.includes(words[0]!) ? words.slice(1) : words;
  const bare = (list: string[]) => list.filter((word) => !/^\d+$/.test(word) && !(word in CHANNEL_WORDS)).join(" ");
  return [
    { words: words.join(" "), anyField: true },
    { words: unprefixed.join(" "), anyField: true },
    { words: bare(words), anyField: false },
    { words: bare(unprefixed), anyField: false },
  ].filter((v) => v.words !== "");
}

/** The channel label a header names ("Mobile Phone" → "mobile", "email_work" → "work", "Business Fax" → "fax"), or null. */
export function channelLabelOf(header: string): string | null {
  const words = normalizeHeader(header).split(" ");
  if (words.includes("fax")) return "fax";
  for (const word of words) {
    const label = CHANNEL_WORDS[word];
    if (label) return label;
  }
  return null;
}

/**
 * A label cell beside a value column (Google's "Phone 1 - Label": "Mobile", "* Work",
 * "Work Fax"): a known channel word as its label, other text lower-cased as it is; null when empty.
 */
export function channelLabelFromCell(cell: string | undefined): string | null {
  const text = cleanCell(cell).replace(/^\*\s*/, "").trim();
  if (!text) return null;
  return channelLabelOf(text) ?? (text.toLowerCase().slice(0, 30) || null);
}

/** The column that names the label of a value column ("E-mail 1 - Value" → "E-mail 1 - Label" or "… - Type"), or undefined. */
function labelColumnOf(headers: string[], header: string): number | undefined {
  const words = normalizeHeader(header);
  if (!/ value$/.test(words)) return undefined;
  const stem = words.slice(0, -" value".length);
  const index = headers.findIndex((h) => normalizeHeader(h) === `${stem} label` || normalizeHeader(h) === `${stem} type`);
  return index < 0 ? undefined : index;
}

/**
 * A first guess at the mapping: each header whose words match a spelling of a field (the
 * first field listing it wins), tried as it is, then without numbering ("E-mail 2"), channel
 * words ("Business Phone") and a leading entity word ("Person - Email - Work"). A field that
 * takes one column gets the first match only; a column describing another ("E-mail 1 - Type",
 * "Phone 1 - Label") is left out.
 */
export function suggestMapping(fields: ImportField[], headers: string[]): Record<string, string> {
  const byWords = new Map<string, ImportField>();
  for (const field of fields) for (const words of field.synonyms.map(normalizeHeader)) if (!byWords.has(words)) byWords.set(words, field);
  const mapping: Record<string, string> = {};
  const taken = new Set<string>();
  for (const header of headers) {
    const variants = headerVariants(header);
    if (/\d/.test(header) && /\b(type|label)$/.test(variants[0]!.words)) continue;
    const field = variants.map((v) => byWords.get(v.words)).find((f, i) => f && (variants[i]!.anyField || f.repeatable));
    if (!field || (!field.repeatable && taken.has(field.key))) continue;
    mapping[header] = field.key;
    taken.add(field.key);
  }
  return mapping;
}

/** CSV header → field key; an empty key leaves the column out. */
export const mappingInput = z.record(multilineText().max(300), plainText().max(100)).refine((m) => Object.keys(m).length <= 500, "Too many columns.");

/** Where each field's values come from: the columns mapped to it, in file order. */
/** Field key → its columns; `labelIndex` is a sibling column naming each value's channel label (Google's "Phone 1 - Label"). */
export type ColumnMap = Map<string, { index: number; header: string; labelIndex?: number }[]>;

/**
 * Checks a mapping against the file's headers and the fields, and returns the columns of
 * each field. Everything wrong is reported at once, as ValidationFailed on "mapping".
 */
export function checkMapping(
  entity: { what: string; checkColumns?(columns: ColumnMap): string[] },
  headers: string[],
  mapping: Record<string, string>,
  fields: ImportField[],
): ColumnMap {
  const targets = new Map(fields.map((t) => [t.key, t]));
  const problems: string[] = [];
  const columns: ColumnMap = new Map();
  for (const [header, key] of Object.entries(mapping)) {
    if (key === "") continue;
    const index = headers.indexOf(header);
    if (index < 0) {
      problems.push(`The file has no column "${header}".`);
      continue;
    }
    const target = targets.get(key);
    if (!target) {
      problems.push(`"${key}" (for column "${header}") is not a field you can import into.`);
      continue;
    }
    const labelIndex = target.repeatable ? labelColumnOf(headers, header) : undefined;
    columns.set(key, [...(columns.get(key) ?? []), labelIndex === undefined ? { index, header } : { index, header, labelIndex }]);
  }
  // In file order (a stored mapping comes back from jsonb in another order): the first column gives the primary email.
  for (const list of columns.values()) list.sort((a, b) => a.index - b.index);
  for (const [key, list] of columns) {
    const target = targets.get(key)!;
    if (!target.repeatable && list.length > 1) {
      problems.push(`Only one column can go into "${target.label}"; you chose ${list.map((c) => `"${c.header}"`).join(" and ")}.`);
    }
  }
  problems.push(...(entity.checkColumns?.(columns) ?? []));
  for (const field of fields) {
    if (field.required && !columns.has(field.key)) problems.push(`"${field.label}" is required for every new ${entity.what}: choose the column that holds it.`);
  }
  if (problems.length) throw new ValidationFailed({ mapping: problems }, "The column mapping needs attention.");
  return columns;
}

/** Headers as the mapping names them: trimmed, blanks named by position, repeats numbered. */
export function uniqueHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((cell, i) => {
    // Control characters out: they never belong in a header, and the import's options use one as their key.
    const base = cell.replace(/[\u0000-\u001f]/g, "").trim() || `Column ${i + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

/**
 * A cell as a value: trimmed, and the quote our own CSV export puts before a leading
 * = + - @ (against formula injection) taken off again, so exported files re-import as they were.
 */
export function cleanCell(cell: string | undefined): string {
  const text = (cell ?? "").trim();
  return /^'[=+\-@]/.test(text) ? text.slice(1) : text;
}

export const isBlankRow = (cells: string[]) => cells.every((cell) => cell.trim() === "");

const NOT_UTF8 = "The file is not UTF-8 text. Save it as \"CSV UTF-8\" (Excel: File → Save As) and upload it again.";

/** The stored file cannot be read as CSV text: retrying cannot help. */
export class CsvUnreadable extends Error {}

/** The encodings a file may come in: UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text") and Windows-1252 (Excel's "CSV" in western locales). */
export type CsvEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export type CsvHead = { headers: string[]; rows: string[][]; delimiter: string; encoding: CsvEncoding };

/** Control characters no spreadsheet writes into text (tab, CR and LF aside): a file with them is not text. */
const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

function decodeAs(encoding: CsvEncoding, bytes: Uint8Array, complete: boolean): string | null {
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: !complete });
    // Node 20 decodes "windows-1252" as ISO-8859-1: € – ’ … would arrive as invisible controls.
    return encoding === "windows-1252" ? fromLatin1ToWindows1252(text) : text;
  } catch {
    return null;
  }
}

/**
 * The encoding of a file from its head, and its text. UTF-16 is recognised by its BOM or
 * its zero bytes, and only when it holds a line break (an export ends its lines; four bytes
 * after a BOM are more likely not text). Otherwise UTF-8 when it decodes as such, else
 * Windows-1252 when that gives text (no control characters other than tab and line ends).
 */
function decodeHead(head: Uint8Array, complete: boolean): { encoding: CsvEncoding; text: string } {
  const bom = head[0] === 0xff && head[1] === 0xfe ? "utf-16le" : head[0] === 0xfe && head[1] === 0xff ? "utf-16be" : null;
  const wide: CsvEncoding | null = bom ?? utf16WithoutBom(head);
  if (wide) {
    const text = decodeAs(wide, head, complete);
    if (text !== null && /[\r\n]/.test(text) && !NOT_TEXT.test(text)) return { encoding: wide, text };
  }
  const utf8 = decodeAs("utf-8", head, complete);
  if (utf8 !== null) return { encoding: "utf-8", text: utf8 };
  const western = decodeAs("windows-1252", head, complete);
  if (western !== null && !NOT_TEXT.test(western)) return { encoding: "windows-1252", text: western };
  throw new ValidationFailed({ file: [NOT_UTF8] }, NOT_UTF8);
}

const DELIMITERS = [",", ";", "\t", "|"];

/**
 * The delimiter the header row uses, when one stands out there; else Papa guesses from the
 * rows. Headers seldom hold commas while data rows may: a German Excel file separates with
 * semicolons and writes prices as 12,50, which makes the comma the rows' most regular
 * character, and Papa's guess over all rows then splits every price in two.
 */
function delimiterOption(text: string): { delimiter: string } | { delimitersToGuess: string[] } {
  const header = (/^[^\r\n]*/.exec(text)?.[0] ?? "").replace(/"[^"]*"/g, "");
  const counts = DELIMITERS.map((d) => ({ d, n: header.split(d).length - 1 }))
    .filter((c) => c.n > 0)
    .sort((a, b) => b.n - a.n);
  if (counts.length && (counts.length === 1 || counts[0]!.n > counts[1]!.n)) return { delimiter: counts[0]!.d };
  return { delimitersToGuess: DELIMITERS };
}

/**
 * The headers, the first data rows (blank rows left out), the delimiter and the encoding,
 * from the first HEAD_BYTES of a file. `complete` says whether those bytes are the whole
 * file (if not, a row cut off at the end is not returned).
 */
export function readHead(head: Uint8Array, complete: boolean, rowLimit = PREVIEW_ROWS): CsvHead {
  const { encoding, text } = decodeHead(head, complete);
  const parsed = Papa.parse<string[]>(text, { preview: rowLimit + 50, ...delimiterOption(text) });
  const records = parsed.data;
  // The last record of an incomplete head may be cut off.
  if (!complete && records.length > 1) records.pop();
  const [first, ...rest] = records;
  if (!first || isBlankRow(first)) {
    const message = "The file is empty or its first row is blank. The first row must name the columns.";
    throw new ValidationFailed({ file: [message] }, message);
  }
  return { headers: uniqueHeaders(first), rows: rest.filter((row) => !isBlankRow(row)).slice(0, rowLimit), delimiter: parsed.meta.delimiter || ",", encoding };
}

export type CsvRecord = { rowNumber: number; cells: string[] };

export type ByteSource = {
  totalBytes: number;
  /** Reads `length` bytes from `offset` (0-based) of the stored file. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Bytes handed to the parser so far (progress; the parser runs at most a chunk ahead of its reader). */
  bytesRead: number;
  /** Bytes per read; by default about a sixteenth of the file (tests use tiny ones). */
  chunkBytes?: number;
};

async function* decodedChunks(source: ByteSource, encoding: CsvEncoding): AsyncGenerator<string> {
  // The decoder drops a BOM and keeps a multi-byte character split across chunks for the next one.
  const decoder = new TextDecoder(encoding, { fatal: true });
  const text = encoding === "windows-1252" ? fromLatin1ToWindows1252 : (decoded: string) => decoded;
  try {
    const size = source.chunkBytes ?? chunkBytes(source.totalBytes);
    for (let offset = 0; offset < source.totalBytes; offset += size) {
      const bytes = await source.read(offset, Math.min(size, source.totalBytes - offset));
      source.bytesRead = offset + bytes.byteLength;
      const chunk = text(decoder.decode(bytes, { stream: true }));
      if (chunk) yield chunk;
    }
    const rest = text(decoder.decode());
    if (rest) yield rest;
  } catch (error) {
    if (error instanceof TypeError) throw new CsvUnreadable(NOT_UTF8);
    throw error;
  }
}

/**
 * Every record of the stored file after the header, in order, with its row number as a
 * spreadsheet shows it (header = row 1, first data row = row 2). Parsed by papaparse
 * from chunks read on demand, so memory stays at a chunk or two whatever the file size.
 */
export async function* csvRecords(source: ByteSource, delimiter: string, encoding: CsvEncoding = "utf-8"): AsyncGenerator<CsvRecord> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter });
  const input = Readable.from(decodedChunks(source, encoding));
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);
  let index = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (index > 0) yield { rowNumber: index + 1, cells };
      index++;
    }
  } finally {
    input.destroy();
    parser.destroy();
  }
}
