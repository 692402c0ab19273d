"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { compactListState, listStateSearch, parseListState, type ListSpec, type ListStateBase } from "./list-state";

export function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/** Filters to change, or a function of the current ones (for toggles). */
export type ListPatch<Q> = Partial<Q> | ((current: Q) => Partial<Q>);
export type PatchList<Q> = (changes: ListPatch<Q>, options?: { replace?: boolean }) => void;

/**
 * A list's filters and sort, read from and written to the page's URL. Changes push a
 * history entry (Back returns to the previous filters); `replace` is for typing.
 * Next's router picks up pushState/replaceState, so useSearchParams follows.
 * `spec` must be a module-level constant (it is a dependency of the callbacks).
 */
export function useListUrl<Q extends ListStateBase>(spec: ListSpec<Q>) {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const search = searchParams.toString();
  const query = useMemo(() => parseListState(spec, new URLSearchParams(search)), [search, spec]);
  const viewId = searchParams.get("view");

  const navigate = useCallback(
    (next: Q, options: { viewId?: string | null; replace?: boolean } = {}) => {
      const url = `${pathname}${listStateSearch(spec, compactListState(spec, next), options.viewId)}`;
      if (url === `${window.location.pathname}${window.location.search}`) return;
      if (options.replace) window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
    },
    [pathname, spec],
  );

  /**
   * Changes some filters, starting from the address as it is now: a second change made
   * before the page re-rendered after the first must not undo it.
   */
  const patch: PatchList<Q> = useCallback(
    (changes, options = {}) => {
      const live = new URLSearchParams(window.location.search);
      const current = parseListState(spec, live);
      navigate({ ...current, ...(typeof changes === "function" ? changes(current) : changes) }, { viewId: live.get("view"), replace: options.replace });
    },
    [navigate, spec],
  );

  /** Every filter off; the sort and the saved view stay. */
  const clear = useCallback(() => {
    const live = new URLSearchParams(window.location.search);
    navigate({ sort: parseListState(spec, live).sort } as Q, { viewId: live.get("view") });
  }, [navigate, spec]);

  return { query, viewId, navigate, patch, clear };
}

/** Options for a keyset-paginated list query: wait for valid input, follow `nextCursor`, keep the old page while the next loads. */
export function keysetOptions(enabled: boolean) {
  return {
    enabled,
    getNextPageParam: (page: { nextCursor?: string | null }) => page.nextCursor,
    placeholderData: keepPreviousData,
  };
}
