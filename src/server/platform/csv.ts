import Papa from "papaparse";

/**
 * Cells a spreadsheet would run as a formula get a leading ' (OWASP "CSV injection"),
 * passed to papaparse as `escapeFormulae`. Not `escapeFormulae: true`: its pattern
 * /^[=+\-@\t\r].*$/ needs the rest of the cell to be one line, so "=HYPERLINK(…)\nx"
 * in a multi-line field would slip through. A cell that is only a negative number
 * ("-12.50") stays as it is: a spreadsheet reads it as that number, never as a formula.
 */
export const CSV_FORMULA_PREFIX = /^[=+@\t\r]|^-(?!\d+(?:\.\d+)?$)/;

/** Rows as CSV lines (CRLF, each line ended), formula cells guarded. */
export function csvLines(rows: unknown[][]): string {
  return `${Papa.unparse(rows, { escapeFormulae: CSV_FORMULA_PREFIX, newline: "\r\n" })}\r\n`;
}
