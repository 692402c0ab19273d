import type { SQL } from "drizzle-orm";
import { withTenant, type TenantScope, type TenantTx } from "../db/tenant";
import { csvLines } from "../platform/csv";
import { keysetPage, pageOf, type KeysetPage, type SortColumn, type SortDirection } from "./lists";

/*
 * CSV export of a list view: the rows the list would show with the same filters and sort
 * (the entity's own list conditions), streamed in keyset pages of EXPORT_PAGE rows, one
 * short tenant transaction per page with the member's role, so record visibility applies
 * exactly as in the list. Cells that a spreadsheet would run as formulas are guarded.
 */

export const EXPORT_PAGE = 1_000;

export type ExportRow = Record<string, unknown> & { cursor: string };

/** One entity's export: its list conditions and sort, and how a page is read and written. */
export type ExportSource = {
  fileName: string;
  sort: SortColumn[];
  direction: SortDirection;
  /** The row id the keyset ends with (`c.id`). */
  id: SQL;
  conditions: SQL[];
  columns: string[];
  /** At most `limit` rows in `query.order`, each with `query.cursor` selected as `cursor`. */
  page(tx: TenantTx, query: KeysetPage, limit: number): Promise<ExportRow[]>;
  cells(row: ExportRow): unknown[];
};

/**
 * Builds the source in a first tenant transaction (its errors, e.g. ValidationFailed on a
 * bad filter, come before any byte is sent) and returns the CSV as a stream that reads
 * one page per pull. The file starts with a BOM so that Excel reads it as UTF-8.
 */
export async function streamCsvExport(
  scope: TenantScope,
  prepare: (tx: TenantTx) => Promise<ExportSource>,
): Promise<{ fileName: string; stream: ReadableStream<Uint8Array> }> {
  const source = await withTenant(scope, prepare);
  const encoder = new TextEncoder();
  let cursor: string | null = null;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvLines([source.columns])}`));
      }
      const query = keysetPage(source.sort, source.id, source.direction, cursor, source.conditions);
      const rows = await withTenant(scope, (tx) => source.page(tx, query, EXPORT_PAGE + 1));
      const page = pageOf(rows, EXPORT_PAGE);
      if (page.items.length) controller.enqueue(encoder.encode(csvLines(page.items.map((row) => source.cells(row as ExportRow).map((cell) => cell ?? "")))));
      if (page.nextCursor) cursor = page.nextCursor;
      else controller.close();
    },
  });
  return { fileName: source.fileName, stream };
}
