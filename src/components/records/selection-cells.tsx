"use client";

import { useEffect, useRef } from "react";

/*
 * The selection column of a record table (bulk actions): a checkbox per row and one for
 * the shown rows. Click or Space toggles a row; Shift+click or Shift+Space selects the
 * range from the last toggled row; ArrowUp and ArrowDown move between the rows' boxes.
 */

/** Rows that can be chosen for actions on several records; the table has no selection column without it. */
export type RowSelection = {
  isSelected: (id: string) => boolean;
  /** `range`: from the last toggled row to this one. */
  onToggle: (id: string, range: boolean) => void;
  /** Selects the shown rows, or clears them when all are selected. */
  onToggleAll: (ids: string[]) => void;
  /** The row's name, for its checkbox's label ("Select Ann Lee"). */
  labelOf: (id: string) => string;
};

const BOX = "size-4 cursor-pointer rounded border-gray-400 text-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600";

export function SelectAllCell({ ids, selection }: { ids: string[]; selection: RowSelection }) {
  const ref = useRef<HTMLInputElement>(null);
  const count = ids.filter((id) => selection.isSelected(id)).length;
  const all = ids.length > 0 && count === ids.length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = count > 0 && !all;
  }, [count, all]);
  return (
    <th scope="col" className="w-10 py-2 pl-4 pr-1">
      {/* The label covers the cell: a 24px target around the 16px box. */}
      <label className="-m-1 flex size-6 items-center justify-center">
        <input ref={ref} type="checkbox" className={BOX} aria-label="Select every row shown" checked={all} onChange={() => selection.onToggleAll(ids)} />
      </label>
    </th>
  );
}

function moveFocus(from: HTMLElement, step: 1 | -1) {
  const boxes = Array.from(from.closest("tbody")?.querySelectorAll<HTMLInputElement>("input[data-row-select]") ?? []);
  boxes[boxes.indexOf(from as HTMLInputElement) + step]?.focus();
}

export function SelectRowCell({ id, selection }: { id: string; selection: RowSelection }) {
  return (
    <td className="w-10 py-3 pl-4 pr-1">
      <label className="-m-1 flex size-6 items-center justify-center">
        <input
          type="checkbox"
          data-row-select
          className={BOX}
          aria-label={`Select ${selection.labelOf(id)}`}
          checked={selection.isSelected(id)}
          // Space is handled on keydown (to know about Shift); the click it would cause on keyup is not.
          onChange={() => undefined}
          onClick={(event) => selection.onToggle(id, event.shiftKey)}
          onKeyDown={(event) => {
            if (event.key === " ") {
              event.preventDefault();
              if (!event.repeat) selection.onToggle(id, event.shiftKey);
            } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
              event.preventDefault();
              moveFocus(event.currentTarget, event.key === "ArrowDown" ? 1 : -1);
            }
          }}
          onKeyUp={(event) => {
            if (event.key === " ") event.preventDefault();
          }}
        />
      </label>
    </td>
  );
}
