"use client";

import { useCallback, useMemo, useRef, useState } from "react";

/*
 * Which rows of a record list are chosen for a bulk action: some ids (picked one by one,
 * by range or page by page), or every record matching the list's filter less some
 * (the selection is then the filter, resolved on the server). It empties itself when
 * the filter changes (`resetKey`): a selection made under other filters means nothing.
 */

export type SelectionState = { mode: "ids"; ids: ReadonlySet<string> } | { mode: "all"; excluded: ReadonlySet<string> };

const EMPTY: SelectionState = { mode: "ids", ids: new Set() };

export function isSelected(state: SelectionState, id: string): boolean {
  return state.mode === "ids" ? state.ids.has(id) : !state.excluded.has(id);
}

/** `ids` set to `on` (selected or not) in either mode. */
export function withRows(state: SelectionState, ids: string[], on: boolean): SelectionState {
  if (state.mode === "ids") {
    const next = new Set(state.ids);
    for (const id of ids) if (on) next.add(id);
    else next.delete(id);
    return { mode: "ids", ids: next };
  }
  const excluded = new Set(state.excluded);
  for (const id of ids) if (on) excluded.delete(id);
  else excluded.add(id);
  return { mode: "all", excluded };
}

/** The rows from `anchor` to `id` in the order shown (just `id` when the anchor is not shown any more). */
export function rangeOf(order: string[], anchor: string | null, id: string): string[] {
  const to = order.indexOf(id);
  const from = anchor === null ? -1 : order.indexOf(anchor);
  if (to < 0) return [];
  if (from < 0) return [id];
  return order.slice(Math.min(from, to), Math.max(from, to) + 1);
}

/** How many records the selection holds, given how many match the filter (when known). */
export function selectedCount(state: SelectionState, matching: number | null): number | null {
  if (state.mode === "ids") return state.ids.size;
  return matching === null ? null : Math.max(0, matching - state.excluded.size);
}

export function useRowSelection(resetKey: string) {
  const [state, setState] = useState<SelectionState>(EMPTY);
  const [key, setKey] = useState(resetKey);
  const anchor = useRef<string | null>(null);
  if (key !== resetKey) {
    // Adjusting state while rendering (React's pattern for "reset when a prop changes").
    setKey(resetKey);
    setState(EMPTY);
  }

  /** Toggles a row; with `range`, every row from the last toggled one to this one takes its new state. */
  const toggle = useCallback((id: string, order: string[], range: boolean) => {
    // Read now: the updater runs later, after the anchor has moved to this row.
    const rows = range ? rangeOf(order, anchor.current, id) : [id];
    setState((current) => withRows(current, rows.length ? rows : [id], !isSelected(current, id)));
    anchor.current = id;
  }, []);

  /** The shown rows all selected, or (when they already are) none of them. */
  const togglePage = useCallback((ids: string[]) => {
    setState((current) => withRows(current, ids, !ids.every((id) => isSelected(current, id))));
  }, []);

  const selectAllMatching = useCallback(() => setState({ mode: "all", excluded: new Set() }), []);
  const clear = useCallback(() => {
    anchor.current = null;
    setState(EMPTY);
  }, []);

  const empty = state.mode === "ids" && state.ids.size === 0;
  return useMemo(() => ({ state, empty, toggle, togglePage, selectAllMatching, clear }), [state, empty, toggle, togglePage, selectAllMatching, clear]);
}

export type RowSelectionControl = ReturnType<typeof useRowSelection>;
