"use client";

import { keepPreviousData, useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { useCallback, useEffect, useId, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { Icon } from "../shell/icons";
import { Alert } from "../ui/alert";
import { EmptyState } from "../ui/card";
import { readServerError } from "../ui/server-errors";
import { OrganizationsTable, OrganizationsTableSkeleton, type AdminOrganizationRow, type RowOutcome } from "./organizations-table";
import { SuspendDialog } from "./suspend-dialog";

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 300;

type Notice = { tone: "success" | "error"; text: string };

/** The search box's value, once the admin has stopped typing for a moment. */
function useSettledValue(value: string, delayMs: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/** /admin: every organization, newest first, with search, "Load more", suspend and unsuspend. */
export function OrganizationsAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const searchId = useId();
  const [searchInput, setSearchInput] = useState("");
  const search = useSettledValue(searchInput.trim(), SEARCH_DELAY_MS);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [suspending, setSuspending] = useState<AdminOrganizationRow | null>(null);

  const list = useInfiniteQuery(
    trpc.admin.organizations.infiniteQueryOptions(
      { search: search || undefined, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor, placeholderData: keepPreviousData },
    ),
  );
  const organizations = list.data?.pages.flatMap((page) => page.items) ?? [];

  const onOutcome = useCallback((outcome: RowOutcome) => setNotice({ tone: outcome.ok ? "success" : "error", text: outcome.text }), []);

  const onSuspended = useCallback(
    (org: AdminOrganizationRow) => {
      setNotice({ tone: "success", text: `${org.name} is suspended. Its members now see a suspended page, and its data cannot be used.` });
      void queryClient.invalidateQueries(trpc.admin.organizations.pathFilter());
    },
    [queryClient, trpc],
  );

  // A success message goes away on its own; errors stay until dismissed or replaced.
  useEffect(() => {
    if (notice?.tone !== "success") return;
    const timer = setTimeout(() => setNotice(null), 8_000);
    return () => clearTimeout(timer);
  }, [notice]);

  const caption = search ? `Organizations matching “${search}”, newest first` : "Organizations, newest first";

  return (
    <section aria-labelledby="admin-organizations-heading" className="rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h2 id="admin-organizations-heading" className="text-base font-semibold text-ink">
            Organizations
          </h2>
          <p className="mt-0.5 text-sm text-ink-muted">Newest first, with their members, plan and status.</p>
        </div>
        <form role="search" onSubmit={(event) => event.preventDefault()} className="flex w-full flex-col gap-1.5 sm:w-80">
          <label htmlFor={searchId} className="text-sm font-medium text-ink">
            Search organizations
          </label>
          <input
            id={searchId}
            type="search"
            value={searchInput}
            onChange={(event) => setSearchInput(event.target.value)}
            placeholder="Name or slug"
            maxLength={100}
            autoComplete="off"
            spellCheck={false}
            className="rounded-lg border border-gray-300 bg-white px-3 py-2 text-sm text-ink shadow-sm placeholder:text-ink-faint focus:border-brand-500"
          />
        </form>
      </div>

      {notice && (
        <div className="mb-4">
          <Alert tone={notice.tone}>
            <div className="flex items-start justify-between gap-3">
              <p className="min-w-0 break-words">{notice.text}</p>
              <button
                type="button"
                onClick={() => setNotice(null)}
                className="-my-0.5 shrink-0 rounded p-0.5 opacity-70 hover:opacity-100"
                aria-label="Dismiss message"
              >
                <Icon name="close" className="size-4" />
              </button>
            </div>
          </Alert>
        </div>
      )}

      {list.isPending ? (
        <>
          <span className="sr-only" role="status">
            Loading organizations…
          </span>
          <OrganizationsTableSkeleton />
        </>
      ) : list.isError && organizations.length === 0 ? (
        <LoadError
          message={`Could not load organizations: ${readServerError(list.error).message}`}
          retrying={list.isFetching}
          onRetry={() => void list.refetch()}
        />
      ) : organizations.length === 0 ? (
        search ? (
          <EmptyState title={`No organization matches “${search}”.`}>
            <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => setSearchInput("")}>
              Clear the search
            </button>
          </EmptyState>
        ) : (
          <EmptyState title="No organizations yet.">They appear here as soon as someone creates one.</EmptyState>
        )
      ) : (
        <div className="flex flex-col gap-4" aria-busy={list.isPlaceholderData || undefined}>
          {list.isError && <Alert>Could not refresh organizations: {readServerError(list.error).message}</Alert>}
          <OrganizationsTable
            organizations={organizations}
            caption={caption}
            dimmed={list.isPlaceholderData}
            onSuspend={(org) => {
              setNotice(null);
              setSuspending(org);
            }}
            onOutcome={onOutcome}
          />
          <ListFooter
            summary={`Showing ${organizations.length} ${organizations.length === 1 ? "organization" : "organizations"}${list.hasNextPage ? "" : ", all there are"}`}
            hasMore={list.hasNextPage}
            loadingMore={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
          />
        </div>
      )}

      {suspending && <SuspendDialog key={suspending.id} org={suspending} onSuspended={onSuspended} onClose={() => setSuspending(null)} />}
    </section>
  );
}
