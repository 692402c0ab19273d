"use client";

import { useCallback, useMemo, useState, useSyncExternalStore } from "react";
import { readColumnChoice, sameColumns, type ColumnChoice, type ColumnMeta } from "./columns";

/*
 * The columns a list shows, as the viewer left them: for the default list (no saved view)
 * in this browser's local storage, per user and list; for a saved view its stored columns,
 * with unsaved changes kept in memory until saved into the view or discarded.
 */

const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage refused (private mode, a policy): the default columns
  }
}

function writeStored(key: string, choice: ColumnChoice) {
  try {
    if (choice) window.localStorage.setItem(key, JSON.stringify(choice));
    else window.localStorage.removeItem(key);
  } catch {
    // Storage refused: the choice lasts until the page is left.
  }
  for (const listener of listeners) listener();
}

function parseStored(text: string | null): ColumnChoice {
  if (!text) return null;
  try {
    return readColumnChoice(JSON.parse(text));
  } catch {
    return null;
  }
}

export type ColumnsState = {
  /** The choice in effect (null: every column). */
  choice: ColumnChoice;
  setChoice: (choice: ColumnChoice) => void;
  /** A saved view is shown and its columns were changed without saving. */
  modified: boolean;
  /** Forgets unsaved changes to saved views' columns (a view applied again, or another one). */
  discard: () => void;
};

/**
 * `storageKey` names the default list's choice (include the user and the list);
 * `view` is the saved view shown, if any, with the columns it stores.
 */
export function useColumns(all: readonly ColumnMeta[], storageKey: string, view: { id: string; columns: ColumnChoice } | null): ColumnsState {
  const stored = useSyncExternalStore(
    subscribe,
    () => readStored(storageKey),
    () => null,
  );
  const local = useMemo(() => parseStored(stored), [stored]);
  const [drafts, setDrafts] = useState<Record<string, ColumnChoice>>({});
  const viewId = view?.id ?? null;
  const draft = viewId && viewId in drafts ? drafts[viewId]! : undefined;
  const choice = view ? (draft !== undefined ? draft : view.columns) : local;

  const setChoice = useCallback(
    (next: ColumnChoice) => {
      if (viewId) setDrafts((all) => ({ ...all, [viewId]: next }));
      else writeStored(storageKey, next);
    },
    [viewId, storageKey],
  );
  const discard = useCallback(() => setDrafts({}), []);

  return { choice, setChoice, modified: Boolean(view && draft !== undefined && !sameColumns(all, draft, view.columns)), discard };
}
