"use client";

import clsx from "clsx";
import type { ListSort } from "./list-state";
import { ColumnCell, ColumnHeader, type CellLayout, type RecordColumn } from "./record-columns";
import { SelectAllCell, SelectRowCell, type RowSelection } from "./selection-cells";
import type { SortWords } from "./sort";

/*
 * A record list's table: one row a record, the first column is the row's header (the
 * record's name, a link), sortable columns ask the server for a new order. Columns say
 * at which width they appear; the first one carries what the hidden ones would show.
 */

export type { RecordColumn } from "./record-columns";

export type { RowSelection } from "./selection-cells";

export function RecordTable<Row extends { id: string }, F extends string>({
  rows,
  columns,
  sort,
  sortWords,
  onSort,
  caption,
  dimmed,
  selection,
  layout = { responsive: true },
}: {
  rows: Row[];
  /** The first column is the row header. */
  columns: RecordColumn<Row, F>[];
  sort: ListSort<F>;
  sortWords: SortWords<F>;
  onSort: (sort: ListSort<F>) => void;
  caption: string;
  dimmed: boolean;
  selection?: RowSelection;
  /** Columns (record-columns.tsx): responsive in the default layout, all shown when the viewer chose them. */
  layout?: CellLayout;
}) {
  const [first, ...rest] = columns;
  const ids = rows.map((r) => r.id);
  // --- columns: headers and cells (record-columns.tsx) ---
  const header = (column: RecordColumn<Row, F>, extra?: string) => (
    <ColumnHeader key={column.key} column={column} layout={layout} sort={sort} sortWords={sortWords} onSort={onSort} className={extra} />
  );
  // --- end columns ---

  return (
    <div className={clsx("relative -mx-5 overflow-x-auto border-y border-gray-200 transition-opacity sm:mx-0 sm:rounded-lg sm:border", dimmed && "opacity-60")}>
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-surface-muted text-left text-xs font-medium uppercase tracking-wide text-ink-faint">
          <tr>
            {/* Selection column (bulk actions): ./selection-cells.tsx */}
            {selection && <SelectAllCell ids={ids} selection={selection} />}
            {first && header(first, selection ? undefined : "pl-4")}
            {rest.map((column, i) => header(column, i === rest.length - 1 ? "pr-4" : undefined))}
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 bg-white">
          {rows.map((row) => (
            <tr key={row.id} className={clsx("align-top hover:bg-surface-muted/60", selection?.isSelected(row.id) && "bg-brand-50/60")}>
              {selection && <SelectRowCell id={row.id} selection={selection} />}
              {/* --- columns: cells (record-columns.tsx) --- */}
              {first && <ColumnCell column={first} row={row} layout={layout} rowHeader className={clsx("py-3 pr-3", selection ? "pl-3" : "pl-4")} />}
              {rest.map((column, i) => (
                <ColumnCell key={column.key} column={column} row={row} layout={layout} rowHeader={false} className={clsx("py-3", i === rest.length - 1 ? "pl-3 pr-4" : "px-3")} />
              ))}
              {/* --- end columns --- */}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
