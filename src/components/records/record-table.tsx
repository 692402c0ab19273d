"use client";

import clsx from "clsx";
import type { ListSort } from "./list-state";
import { SelectAllCell, SelectRowCell, type RowSelection } from "./selection-cells";
import { SortHeader, type SortWords } from "./sort";

/*
 * A record list's table: one row a record, the first column is the row's header (the
 * record's name, a link), sortable columns ask the server for a new order. Columns say
 * at which width they appear; the first one carries what the hidden ones would show.
 */

export type RecordColumn<Row, F extends string> = {
  key: string;
  label: string;
  /** Sorts by this field when set. */
  sortField?: F;
  /** Classes of the header cell (visibility, alignment, padding). */
  headerClassName?: string;
  /** Classes of the body cells. */
  cellClassName?: string | ((row: Row) => string);
  cell: (row: Row) => React.ReactNode;
};

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
}) {
  const [first, ...rest] = columns;
  const ids = rows.map((r) => r.id);
  const header = (column: RecordColumn<Row, F>, extra?: string) =>
    column.sortField ? (
      <SortHeader key={column.key} label={column.label} field={column.sortField} words={sortWords[column.sortField]} sort={sort} onSort={onSort} className={clsx(extra, column.headerClassName)} />
    ) : (
      <th key={column.key} scope="col" className={clsx("px-3 py-2 font-medium", extra, column.headerClassName)}>
        {column.label}
      </th>
    );
  const cellClass = (column: RecordColumn<Row, F>, row: Row) => (typeof column.cellClassName === "function" ? column.cellClassName(row) : column.cellClassName);

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
              {first && (
                <th scope="row" className={clsx("py-3 pr-3 text-left font-normal", selection ? "pl-3" : "pl-4", cellClass(first, row))}>
                  {first.cell(row)}
                </th>
              )}
              {rest.map((column, i) => (
                <td key={column.key} className={clsx("py-3", i === rest.length - 1 ? "pl-3 pr-4" : "px-3", cellClass(column, row))}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
