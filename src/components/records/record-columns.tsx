"use client";

import clsx from "clsx";
import { EditableCell, type CellEdit } from "./inline-edit";
import type { ListSort } from "./list-state";
import { SortHeader, type SortWords } from "./sort";

/*
 * A record table's column headers and cells (record-table.tsx lays out the rows): sortable
 * headers for the sorts an index serves, cells with an in-place editor where the viewer may
 * edit, and the responsive hiding of the list's default layout.
 */

export type Breakpoint = "sm" | "md" | "lg" | "xl" | "2xl";

/** Literal classes, so that Tailwind sees them. */
const HIDE_BELOW: Record<Breakpoint, string> = {
  sm: "hidden sm:table-cell",
  md: "hidden md:table-cell",
  lg: "hidden lg:table-cell",
  xl: "hidden xl:table-cell",
  "2xl": "hidden 2xl:table-cell",
};

/**
 * How the table is laid out: `responsive` in the list's default columns (some appear only
 * on wider screens, the first cell carries what they would show), not when the viewer
 * chose the columns (every chosen column shows; the table scrolls sideways).
 */
export type CellLayout = { responsive: boolean };

export type RecordColumn<Row, F extends string> = {
  key: string;
  label: string;
  /** Sorts by this field when set (only sorts an index serves: see the list procedure). */
  sortField?: F;
  /** In the default layout, hidden below this screen width. */
  hideBelow?: Breakpoint;
  /** Classes of the header cell (alignment, padding). */
  headerClassName?: string;
  /** Classes of the body cells. */
  cellClassName?: string | ((row: Row) => string);
  cell: (row: Row, layout: CellLayout) => React.ReactNode;
  /** The in-cell editor; leave out for viewers (no editor is offered then). */
  edit?: CellEdit<Row>;
};

const hideClass = (column: { hideBelow?: Breakpoint }, layout: CellLayout) => (layout.responsive && column.hideBelow ? HIDE_BELOW[column.hideBelow] : undefined);

export function ColumnHeader<Row, F extends string>({
  column,
  layout,
  sort,
  sortWords,
  onSort,
  className,
}: {
  column: RecordColumn<Row, F>;
  layout: CellLayout;
  sort: ListSort<F>;
  sortWords: SortWords<F>;
  onSort: (sort: ListSort<F>) => void;
  className?: string;
}) {
  const classes = clsx(className, hideClass(column, layout), column.headerClassName);
  return column.sortField ? (
    <SortHeader label={column.label} field={column.sortField} words={sortWords[column.sortField]} sort={sort} onSort={onSort} className={classes} />
  ) : (
    <th scope="col" className={clsx("px-3 py-2 font-medium", classes)}>
      {column.label}
    </th>
  );
}

/** A body cell: the row header (`th`) for the first column, a `td` otherwise. */
export function ColumnCell<Row, F extends string>({ column, row, layout, rowHeader, className }: { column: RecordColumn<Row, F>; row: Row; layout: CellLayout; rowHeader: boolean; className?: string }) {
  const own = typeof column.cellClassName === "function" ? column.cellClassName(row) : column.cellClassName;
  const classes = clsx(className, hideClass(column, layout), own);
  const content = column.cell(row, layout);
  const inner = column.edit && (column.edit.editable?.(row) ?? true) ? <EditableCell row={row} edit={column.edit}>{content}</EditableCell> : content;
  return rowHeader ? (
    <th scope="row" className={clsx("text-left font-normal", classes)}>
      {inner}
    </th>
  ) : (
    <td className={classes}>{inner}</td>
  );
}
