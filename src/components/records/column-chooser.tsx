"use client";

import clsx from "clsx";
import { useEffect, useId, useRef, useState } from "react";
import { chooserRows, moveColumn, setColumnShown, type ColumnChoice, type ColumnMeta } from "./columns";

/*
 * The column chooser of a record list: a disclosure with one row per column, a checkbox
 * to show or hide it and buttons to move it up or down (keyboard and pointer alike; no
 * dragging needed). The name column is always shown, first.
 */

function Arrow({ up }: { up: boolean }) {
  return (
    <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      {up ? <path d="m6 15 6-6 6 6" /> : <path d="m6 9 6 6 6-6" />}
    </svg>
  );
}

function ColumnsIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden>
      <rect x="3.5" y="4.5" width="17" height="15" rx="2" />
      <path d="M9.5 4.5v15M14.5 4.5v15" />
    </svg>
  );
}

const moveButton =
  "inline-flex size-7 items-center justify-center rounded text-ink-muted hover:bg-surface-sunken hover:text-ink aria-disabled:cursor-not-allowed aria-disabled:text-gray-300 aria-disabled:hover:bg-transparent";

export function ColumnChooser({ columns, choice, onChange }: { columns: readonly ColumnMeta[]; choice: ColumnChoice; onChange: (choice: ColumnChoice) => void }) {
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const panelId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const focusAfter = useRef<string | null>(null);
  const rows = chooserRows(columns, choice);
  const hiddenCount = rows.filter((r) => !r.shown).length;

  // A moved row is re-rendered at its new place: give focus back to the button that moved it.
  useEffect(() => {
    if (!focusAfter.current) return;
    document.getElementById(focusAfter.current)?.focus();
    focusAfter.current = null;
  });

  // Closes on a click outside.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!wrapperRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const buttonId = (key: string, up: boolean) => `${panelId}-${up ? "up" : "down"}-${key}`;

  const move = (column: ColumnMeta, up: boolean) => {
    const next = moveColumn(columns, choice, column.key, up ? -1 : 1);
    const movable = next.filter((key) => !columns.find((c) => c.key === key)?.fixed);
    const at = movable.indexOf(column.key);
    // At an end the pressed button turns inert: keep focus on the one that still moves it.
    const stillMoves = up ? at > 0 : at < movable.length - 1;
    focusAfter.current = buttonId(column.key, stillMoves ? up : !up);
    onChange(next);
    setAnnouncement(`${column.label} moved to position ${next.indexOf(column.key) + 1} of ${next.length}.`);
  };

  return (
    <div
      ref={wrapperRef}
      className="relative"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          event.stopPropagation();
          setOpen(false);
          toggleRef.current?.focus();
        }
      }}
    >
      <button
        ref={toggleRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
        className="inline-flex min-h-9 items-center gap-2 rounded-lg border border-gray-300 bg-white px-3 py-1.5 text-sm font-medium text-ink shadow-sm hover:bg-surface-muted"
      >
        <ColumnsIcon />
        Columns{hiddenCount > 0 ? ` (${hiddenCount} hidden)` : ""}
      </button>
      <div
        id={panelId}
        hidden={!open}
        role="group"
        aria-label="Columns shown and their order"
        className="absolute right-0 z-20 mt-2 w-72 rounded-lg border border-gray-200 bg-white p-2 shadow-lg"
      >
        <p className="px-2 pb-2 text-xs text-ink-muted">Choose the columns to show and their order. Saved with the view; without a view, remembered in this browser.</p>
        <ul className="flex max-h-80 flex-col overflow-y-auto">
          {rows.map(({ column, shown, canMoveUp, canMoveDown }) => (
            <li key={column.key} className={clsx("flex items-center gap-1 rounded px-2 py-0.5", shown ? "text-ink" : "text-ink-muted")}>
              <label className="flex min-h-7 min-w-0 flex-1 cursor-pointer items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={shown}
                  disabled={column.fixed}
                  onChange={(event) => {
                    onChange(setColumnShown(columns, choice, column.key, event.target.checked));
                    setAnnouncement(`${column.label} ${event.target.checked ? "shown" : "hidden"}.`);
                  }}
                />
                <span className="truncate">{column.label}</span>
                {column.fixed && <span className="text-xs text-ink-faint">(always shown)</span>}
              </label>
              {shown && !column.fixed && (
                <>
                  <button type="button" id={buttonId(column.key, true)} className={moveButton} aria-label={`Move ${column.label} up`} aria-disabled={!canMoveUp || undefined} onClick={() => canMoveUp && move(column, true)}>
                    <Arrow up />
                  </button>
                  <button type="button" id={buttonId(column.key, false)} className={moveButton} aria-label={`Move ${column.label} down`} aria-disabled={!canMoveDown || undefined} onClick={() => canMoveDown && move(column, false)}>
                    <Arrow up={false} />
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
        <div className="mt-1 flex justify-between border-t border-gray-100 px-2 pt-2">
          <button
            type="button"
            className="text-sm font-medium text-brand-700 hover:underline"
            onClick={() => {
              onChange(null);
              setAnnouncement("Every column shown, in the default order.");
            }}
          >
            Show all, default order
          </button>
          <button
            type="button"
            className="text-sm font-medium text-ink-muted hover:underline"
            onClick={() => {
              setOpen(false);
              toggleRef.current?.focus();
            }}
          >
            Done
          </button>
        </div>
        <p className="sr-only" role="status">
          {announcement}
        </p>
      </div>
    </div>
  );
}
