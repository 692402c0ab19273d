"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { compactQuery, listSearch, parseListQuery, type ListQuery } from "./list-query";
import type { ListEntity } from "./types";

/** The entity's active custom fields (forms, lists, filters). */
export function useCustomFields(entityType: ListEntity | "deal") {
  const trpc = useTRPC();
  return useQuery(trpc.crm.fields.list.queryOptions({ entityType }, { staleTime: 60_000 }));
}

/** The organization's members (owner pickers, member fields). */
export function useMembers() {
  const trpc = useTRPC();
  return useQuery(trpc.members.list.queryOptions(undefined, { staleTime: 60_000 }));
}

export function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/** Filters to change, or a function of the current ones (for toggles). */
export type ListPatch = Partial<ListQuery> | ((current: ListQuery) => Partial<ListQuery>);

/**
 * A list's filters and sort, read from and written to the page's URL. Changes push a
 * history entry (Back returns to the previous filters); `replace` is for typing.
 * Next's router picks up pushState/replaceState, so useSearchParams follows.
 */
export function useListUrl(entity: ListEntity) {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const search = searchParams.toString();
  const query = useMemo(() => parseListQuery(new URLSearchParams(search), entity), [search, entity]);
  const viewId = searchParams.get("view");

  const navigate = useCallback(
    (next: ListQuery, options: { viewId?: string | null; replace?: boolean } = {}) => {
      const url = `${pathname}${listSearch(compactQuery(next), options.viewId)}`;
      if (url === `${window.location.pathname}${window.location.search}`) return;
      if (options.replace) window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
    },
    [pathname],
  );

  /**
   * Changes some filters, starting from the address as it is now: a second change made
   * before the page re-rendered after the first must not undo it.
   */
  const patch = useCallback(
    (changes: ListPatch, options: { replace?: boolean } = {}) => {
      const live = new URLSearchParams(window.location.search);
      const current = parseListQuery(live, entity);
      navigate({ ...current, ...(typeof changes === "function" ? changes(current) : changes) }, { viewId: live.get("view"), replace: options.replace });
    },
    [navigate, entity],
  );

  /** Every filter off; the sort and the saved view stay. */
  const clear = useCallback(() => {
    const live = new URLSearchParams(window.location.search);
    navigate({ sort: parseListQuery(live, entity).sort }, { viewId: live.get("view") });
  }, [navigate, entity]);

  return { query, viewId, navigate, patch, clear };
}

/**
 * What a contact or company form needs before it can render: the entity's custom fields,
 * the members (owner and member fields) and the organization's currency (money fields).
 */
export function useFormData(entityType: ListEntity) {
  const trpc = useTRPC();
  const fields = useCustomFields(entityType);
  const members = useMembers();
  const org = useQuery(trpc.orgs.current.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const failed = [fields, members, org].find((q) => q.isError);
  return {
    ready: Boolean(fields.data && members.data && org.data),
    fields: fields.data ?? [],
    members: members.data ?? [],
    currency: org.data?.baseCurrency ?? "EUR",
    error: failed?.error ?? null,
    retrying: [fields, members, org].some((q) => q.isFetching),
    retry: () => {
      for (const q of [fields, members, org]) if (q.isError) void q.refetch();
    },
  };
}
