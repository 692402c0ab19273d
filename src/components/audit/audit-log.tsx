"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { useCallback, useMemo, useState } from "react";
import { useNow } from "@/components/jobs/format";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { AuditFiltersBar } from "./audit-filters";
import { AuditTable, AuditTableSkeleton } from "./audit-table";
import { compactFilters, exportHref, filtersSearch, hasFilters, listInput, rangeIsBackwards, type AuditEntrySummary, type AuditFilters } from "./filters";

const PAGE_SIZE = 50;

function DownloadIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <path d="M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M5 19h14" />
    </svg>
  );
}

/** "Showing the newest 50 entries", "Showing all 3 matching entries", "Showing the only entry". */
function countText(n: number, more: boolean, filtered: boolean): string {
  const matching = filtered ? "matching " : "";
  if (more) return `Showing the newest ${n} ${matching}entries`;
  return n === 1 ? `Showing the only ${matching}entry` : `Showing all ${n} ${matching}entries`;
}

/** The plan in force lacks the export: its label, and the cheapest plan that has it. */
export type ExportLocked = { planLabel: string; upgradeLabel: string | null } | null;

/** The export on a plan without it: shown, but as a paid feature, with the way to Settings → Billing. */
function LockedExport({ slug, locked }: { slug: string; locked: NonNullable<ExportLocked> }) {
  return (
    <div className="flex max-w-xs shrink-0 flex-col items-start gap-1 self-start sm:items-end sm:text-right">
      <Button type="button" variant="secondary" disabled title="CSV export is a paid feature">
        <DownloadIcon />
        Export CSV
        {locked.upgradeLabel && <span className="rounded bg-brand-50 px-1.5 py-0.5 text-xs font-medium text-brand-700">{locked.upgradeLabel}</span>}
      </Button>
      <p className="text-xs text-ink-muted">
        CSV export is a paid feature{locked.upgradeLabel ? ` (${locked.upgradeLabel} and up)` : ""}, not included in your {locked.planLabel} plan.{" "}
        <Link href={`/t/${slug}/settings/billing`} className="font-medium text-brand-700 hover:underline">
          Upgrade on Settings → Billing
        </Link>
      </p>
    </div>
  );
}

/** Settings → Audit log: who changed what and when, with filters kept in the URL, the before/after of each entry and a CSV export (paid plans). */
export function AuditLog({ tenantId, slug, initialFilters, exportLocked = null }: { tenantId: string; slug: string; initialFilters: AuditFilters; exportLocked?: ExportLocked }) {
  const trpc = useTRPC();
  const tick = useNow();
  const [filters, setFilters] = useState<AuditFilters>(initialFilters);

  const input = useMemo(() => listInput(filters), [filters]);
  const list = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { ...input, limit: PAGE_SIZE },
      {
        getNextPageParam: (page) => page.nextCursor,
        placeholderData: keepPreviousData,
        // The log grows with every change made elsewhere: show the latest on every visit.
        refetchOnMount: "always",
        // A backwards range cannot match anything (the server would refuse it too).
        enabled: !rangeIsBackwards(filters),
      },
    ),
  );
  const options = useQuery(trpc.audit.filterOptions.queryOptions());

  const entries = list.data?.pages.flatMap((page) => page.items) ?? [];
  const now = Math.max(tick, list.dataUpdatedAt);
  const filtered = hasFilters(filters);
  const backwards = rangeIsBackwards(filters);
  const listError = list.isError ? readServerError(list.error) : null;
  const toError = listError?.fieldErrors.to?.[0] ?? (backwards ? "The start date must be before the end date." : undefined);

  const changeFilters = useCallback((next: AuditFilters) => {
    const compact = compactFilters(next);
    setFilters(compact);
    const url = new URL(window.location.href);
    url.search = filtersSearch(compact);
    window.history.replaceState(null, "", url);
  }, []);

  const showRecord = useCallback(
    // Everything that happened to the record (in the chosen dates), whoever did it.
    (entry: AuditEntrySummary) => changeFilters({ from: filters.from, to: filters.to, entityType: entry.entityType, entityId: entry.entityId ?? undefined }),
    [changeFilters, filters],
  );

  const caption = `${filtered ? "Audit log entries matching the filters" : "Audit log entries"}, newest first`;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="max-w-2xl">
          <h2 className="text-lg font-semibold text-ink">Audit log</h2>
          <p className="mt-1 text-sm text-ink-muted">
            Every change made in this organization: who did what, to which record and when. Entries are written with the change itself and
            cannot be edited or deleted.
          </p>
        </div>
        {exportLocked ? (
          <LockedExport slug={slug} locked={exportLocked} />
        ) : backwards ? (
          <Button type="button" variant="secondary" className="shrink-0 self-start" disabled title="Fix the date range first">
            <DownloadIcon />
            Export CSV
          </Button>
        ) : (
          // A plain link: the browser downloads the file with the session cookie (no client-side fetch).
          <a
            href={exportHref(tenantId, filters)}
            download
            className={buttonClass("secondary", "shrink-0 self-start")}
            title={filtered ? "Download the entries matching the filters as CSV" : "Download the whole audit log as CSV"}
          >
            <DownloadIcon />
            {filtered ? "Export filtered CSV" : "Export CSV"}
          </a>
        )}
      </div>

      <section aria-labelledby="audit-entries-heading" className="flex flex-col gap-5 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
        <h3 id="audit-entries-heading" className="sr-only">
          Entries
        </h3>
        <AuditFiltersBar filters={filters} options={options.data} toError={toError} onChange={changeFilters} />
        {options.isError && <Alert tone="info">Could not load the people and actions to filter by: {readServerError(options.error).message}</Alert>}

        {toError ? (
          <EmptyState title="No entries for this date range.">
            The start date is after the end date.{" "}
            <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => changeFilters({ ...filters, from: undefined, to: undefined })}>
              Clear the dates
            </button>
          </EmptyState>
        ) : list.isPending ? (
          <>
            <span className="sr-only" role="status">
              Loading audit log…
            </span>
            <AuditTableSkeleton />
          </>
        ) : listError && entries.length === 0 ? (
          <LoadError
            message={`Could not load the audit log: ${listError.message}`}
            retrying={list.isFetching}
            onRetry={() => void list.refetch()}
          />
        ) : entries.length === 0 ? (
          filtered ? (
            <EmptyState title="No entries match these filters.">Try a wider date range or another person or action.</EmptyState>
          ) : (
            <EmptyState title="Nothing recorded yet.">Changes to the organization, its members, invitations and jobs appear here as they happen.</EmptyState>
          )
        ) : (
          <div className="flex flex-col gap-4" aria-busy={list.isPlaceholderData || undefined}>
            {listError && (
              <Alert>
                {list.isFetchNextPageError ? "Could not load more entries" : "Could not refresh the audit log"}: {listError.message}
              </Alert>
            )}
            <AuditTable
              entries={entries}
              slug={slug}
              now={now}
              caption={caption}
              dimmed={list.isPlaceholderData}
              onShowRecord={showRecord}
              recordFiltered={Boolean(filters.entityId)}
            />
            <ListFooter
              summary={countText(entries.length, list.hasNextPage, filtered)}
              hasMore={list.hasNextPage}
              loadingMore={list.isFetchingNextPage}
              onLoadMore={() => void list.fetchNextPage()}
            />
          </div>
        )}
      </section>
    </div>
  );
}
