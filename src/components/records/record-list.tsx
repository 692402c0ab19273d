"use client";

import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/card";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { TableSkeleton } from "./parts";

/*
 * The card of a record list: its filters, then whichever the list is in: a date range
 * that cannot match, loading, failed, empty (with or without filters), or the records
 * with "Load more" while the keyset pagination has more.
 */

/** A keyset-paginated list query as TanStack's useInfiniteQuery returns it (only what is read). */
export type KeysetPages<Row> = {
  data?: { pages: { items: Row[] }[] };
  error: unknown;
  isPending: boolean;
  isError: boolean;
  isFetching: boolean;
  isPlaceholderData: boolean;
  isFetchNextPageError: boolean;
  isFetchingNextPage: boolean;
  hasNextPage: boolean;
  refetch: () => Promise<unknown>;
  fetchNextPage: () => Promise<unknown>;
};

/** The words for one kind of record: "company", "companies". */
export type RecordNoun = { one: string; many: string };

export function rowsOf<Row>(list: KeysetPages<Row>): Row[] {
  return list.data?.pages.flatMap((p) => p.items) ?? [];
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function RecordList<Row>({
  noun,
  list,
  filters,
  filtered,
  rangeProblem,
  onClearFilters,
  emptyActions,
  children,
}: {
  noun: RecordNoun;
  list: KeysetPages<Row>;
  /** The filter form and the sort menu. */
  filters: React.ReactNode;
  filtered: boolean;
  rangeProblem: { message: string } | null;
  onClearFilters: () => void;
  /** Under "No … yet." when nothing is filtered (what the viewer may do, or a note). */
  emptyActions: React.ReactNode;
  /** The table of the loaded rows (given `dimmed` while the next filters load). */
  children: (rows: Row[], dimmed: boolean) => React.ReactNode;
}) {
  const rows = rowsOf(list);
  const listError = list.isError ? readServerError(list.error) : null;
  const count = `${rows.length} ${rows.length === 1 ? noun.one : noun.many}`;
  const headingId = `${noun.many}-heading`;

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-5 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <h2 id={headingId} className="sr-only">
        {capitalize(noun.one)} list
      </h2>
      {filters}

      {rangeProblem ? (
        <EmptyState title={`No ${noun.many} for these dates.`}>{rangeProblem.message}</EmptyState>
      ) : list.isPending ? (
        <>
          <span className="sr-only" role="status">
            Loading {noun.many}…
          </span>
          <TableSkeleton />
        </>
      ) : listError && rows.length === 0 ? (
        <LoadError message={`Could not load ${noun.many}: ${listError.message}`} retrying={list.isFetching} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState title={`No ${noun.many} match these filters.`}>
            <button type="button" className="font-medium text-brand-700 hover:underline" onClick={onClearFilters}>
              Clear filters
            </button>{" "}
            to see every {noun.one}.
          </EmptyState>
        ) : (
          <EmptyState title={`No ${noun.many} yet.`}>{emptyActions}</EmptyState>
        )
      ) : (
        <div className="flex flex-col gap-4" aria-busy={list.isPlaceholderData || list.isFetching || undefined}>
          {listError && (
            <Alert>
              {list.isFetchNextPageError ? `Could not load more ${noun.many}` : "Could not refresh the list"}: {listError.message}
            </Alert>
          )}
          {children(rows, list.isPlaceholderData)}
          <ListFooter
            summary={list.hasNextPage ? `Showing the first ${count}; more are available.` : `Showing ${filtered ? "all matching" : "all"} ${count}.`}
            hasMore={list.hasNextPage}
            loadingMore={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
          />
        </div>
      )}
    </section>
  );
}
