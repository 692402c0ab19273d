"use client";

import { useEffect, useId, useRef } from "react";
import { Button } from "@/components/ui/button";
import type { RecordNoun } from "./record-list";
import { selectedCount, type SelectionState } from "./row-selection";

/*
 * The bar of a record list with a selection: how many records are chosen (announced
 * politely), the module's actions and "Clear selection", as a toolbar (one Tab stop,
 * arrow keys between its buttons). Above it, the offer to extend a full page to every
 * record matching the filter, or the note that this is the selection.
 */

export const countOf = (n: number, noun: RecordNoun) => `${n.toLocaleString("en-US")} ${n === 1 ? noun.one : noun.many}`;

/** Left/Right/Home/End move focus between the toolbar's buttons (the WAI-ARIA toolbar pattern). */
function onToolbarKey(event: React.KeyboardEvent<HTMLDivElement>) {
  if (!["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) return;
  const items = Array.from(event.currentTarget.querySelectorAll<HTMLElement>("button:not([disabled])"));
  const at = items.indexOf(document.activeElement as HTMLElement);
  if (at < 0) return;
  event.preventDefault();
  const next = event.key === "Home" ? 0 : event.key === "End" ? items.length - 1 : (at + (event.key === "ArrowRight" ? 1 : -1) + items.length) % items.length;
  items[next]?.focus();
}

export function BulkBar({
  noun,
  state,
  matching,
  shownIds,
  hasMore,
  onSelectAllMatching,
  onClear,
  children,
}: {
  noun: RecordNoun;
  state: SelectionState;
  /** How many records match the filter (null while counting or unknown). */
  matching: number | null;
  /** The rows loaded in the table. */
  shownIds: string[];
  /** Whether more rows match than are loaded. */
  hasMore: boolean;
  onSelectAllMatching: () => void;
  onClear: () => void;
  /** The action buttons. */
  children: React.ReactNode;
}) {
  const labelId = useId();
  const toolbar = useRef<HTMLDivElement>(null);
  const count = selectedCount(state, matching);
  const empty = state.mode === "ids" && state.ids.size === 0;
  const pageSelected = state.mode === "ids" && shownIds.length > 0 && shownIds.every((id) => state.ids.has(id));
  const text = empty ? "" : count === null ? `Every ${noun.one} matching the filter selected` : `${countOf(count, noun)} selected`;

  // Keep the toolbar's roving focus simple: only the first button is in the Tab order.
  useEffect(() => {
    const buttons = Array.from(toolbar.current?.querySelectorAll<HTMLElement>("button") ?? []);
    buttons.forEach((button, i) => button.setAttribute("tabindex", i === 0 ? "0" : "-1"));
  });

  return (
    <>
      {/* Always in the page, so that screen readers announce changes of the count. */}
      <p className="sr-only" role="status" aria-live="polite">
        {text}
      </p>
      {!empty && (
        <div className="flex flex-col gap-2 rounded-lg border border-brand-200 bg-brand-50 px-3 py-2 text-sm text-ink">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
            <span id={labelId} className="font-medium">
              {text}
            </span>
            <div ref={toolbar} role="toolbar" aria-label={`Actions on the selected ${noun.many}`} aria-describedby={labelId} className="flex flex-wrap items-center gap-2" onKeyDown={onToolbarKey}>
              {children}
              <Button type="button" variant="secondary" onClick={onClear}>
                Clear selection
              </Button>
            </div>
          </div>
          {pageSelected && hasMore && (
            <p>
              All {countOf(shownIds.length, noun)} shown are selected.{" "}
              <button type="button" className="min-h-6 font-medium text-brand-700 underline hover:text-brand-800" onClick={onSelectAllMatching}>
                {matching === null ? `Select every ${noun.one} matching the filter` : `Select all ${countOf(matching, noun)} matching the filter`}
              </button>
            </p>
          )}
          {state.mode === "all" && (
            <p className="text-ink-muted">
              The selection is the filter: {noun.many} that match it when the action runs are included{state.excluded.size ? `, except the ${countOf(state.excluded.size, noun)} you unticked` : ""}.
            </p>
          )}
        </div>
      )}
    </>
  );
}
