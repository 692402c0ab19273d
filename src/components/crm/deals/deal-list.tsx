"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { useNow } from "@/components/jobs/format";
import { Icon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { buttonClass, ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { DealFiltersForm } from "./deal-filters";
import { todayIso } from "./deal-format";
import {
  compactDealQuery,
  dealExportHref,
  dealRangeProblem,
  dealSearch,
  DEFAULT_DEAL_SORT,
  hasDealFilters,
  parseDealQuery,
  toDealListInput,
  type DealListQuery,
} from "./deal-list-query";
import { DealsViewToggle } from "./deal-parts";
import { DealSavedViews } from "./deal-saved-views";
import { DEAL_SORT_OPTIONS, DealSortSelect, DealTable } from "./deal-table";
import { useCustomFields, useMembers } from "../shared/hooks";
import { TableSkeleton } from "../shared/parts";

const PAGE_SIZE = 50;

/** The list's filters and sort from the URL; changes push a history entry (`replace` while typing). */
function useDealListUrl() {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const search = searchParams.toString();
  const query = useMemo(() => parseDealQuery(new URLSearchParams(search)), [search]);
  const viewId = searchParams.get("view");
  const navigate = useCallback(
    (next: DealListQuery, options: { viewId?: string | null; replace?: boolean } = {}) => {
      const url = `${pathname}${dealSearch(compactDealQuery(next), options.viewId)}`;
      if (url === `${window.location.pathname}${window.location.search}`) return;
      if (options.replace) window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
    },
    [pathname],
  );
  return { query, viewId, navigate };
}

function DownloadIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <path d="M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M5 19h14" />
    </svg>
  );
}

/**
 * /t/[slug]/crm/deals/list: every deal the viewer may see, server-sorted, filtered and
 * paginated, with the state in the URL, personal saved views and a CSV export of exactly
 * what is listed.
 */
export function DealList({ tenantId, slug, userId, role }: { tenantId: string; slug: string; userId: string; role: MemberRole }) {
  const trpc = useTRPC();
  const base = `/t/${slug}/crm`;
  const canEdit = roleAtLeast(role, "member");
  const tick = useNow();
  const { query, viewId, navigate } = useDealListUrl();
  const fields = useCustomFields("deal");
  const members = useMembers();
  const pipelines = useQuery(trpc.crm.pipelines.list.queryOptions({ includeArchived: true }, { staleTime: 60_000 }));
  const fieldList = useMemo(() => fields.data ?? [], [fields.data]);

  // Custom filters need their fields' types; the list waits for them only then.
  const waitsForFields = Boolean(query.custom) && !fields.data && !fields.isError;
  const input = useMemo(() => (waitsForFields ? null : toDealListInput(query, { userId, fields: fieldList })), [waitsForFields, query, userId, fieldList]);
  const range = dealRangeProblem(query);

  const list = useInfiniteQuery(
    trpc.crm.deals.list.infiniteQueryOptions(
      { ...(input ?? { filters: {}, sort: DEFAULT_DEAL_SORT }), limit: PAGE_SIZE },
      { enabled: Boolean(input) && !range, getNextPageParam: (page) => page.nextCursor, placeholderData: keepPreviousData },
    ),
  );

  const change = (next: DealListQuery, options: { replace?: boolean } = {}) => navigate(next, { viewId, replace: options.replace });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = hasDealFilters(query);
  const listError = list.isError ? readServerError(list.error) : null;
  const now = Math.max(tick, list.dataUpdatedAt);
  const sortLabel = DEAL_SORT_OPTIONS.find((o) => o.sort.field === query.sort.field && o.sort.direction === query.sort.direction)?.label.toLowerCase() ?? "";
  const count = `${rows.length} ${rows.length === 1 ? "deal" : "deals"}`;
  const exportHref = input && !range ? dealExportHref(tenantId, input) : null;
  const activePipelines = (pipelines.data ?? []).filter((p) => !p.archivedAt || p.id === query.pipelineId);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="max-w-2xl">
          <h1 className="text-2xl font-semibold text-ink">Deals</h1>
          <p className="mt-1 text-sm text-ink-muted">Every deal in every pipeline. Filters and sort stay in the address, so you can share or bookmark the list.</p>
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-2">
          <DealsViewToggle base={base} current="list" boardSearch={query.pipelineId ? `?pipeline=${query.pipelineId}` : ""} />
          {exportHref ? (
            // A plain link: the browser downloads the file with the session cookie.
            <a href={exportHref} download className={buttonClass("secondary")} title={filtered ? "Download the deals matching the filters as CSV" : "Download all deals as CSV"}>
              <DownloadIcon />
              Export CSV
            </a>
          ) : (
            <span className={buttonClass("secondary", "cursor-not-allowed text-ink-faint")} aria-disabled="true" title="Fix the filters first">
              <DownloadIcon />
              Export CSV
            </span>
          )}
          {canEdit && (
            <ButtonLink href={`${base}/deals/new${query.pipelineId ? `?pipeline=${query.pipelineId}` : ""}`}>
              <Icon name="plus" className="size-4" />
              New deal
            </ButtonLink>
          )}
        </div>
      </div>

      <DealSavedViews userId={userId} query={query} viewId={viewId} input={input} onApply={(next, id) => navigate(next, { viewId: id })} />

      <section aria-labelledby="deals-heading" className="flex flex-col gap-5 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
        <h2 id="deals-heading" className="sr-only">
          Deal list
        </h2>
        <DealFiltersForm
          query={query}
          onChange={change}
          members={members.data ?? []}
          pipelines={activePipelines}
          fields={fieldList}
          userId={userId}
          rangeError={range}
        />
        <DealSortSelect sort={query.sort} onChange={(sort) => change({ ...query, sort })} className="xl:hidden" />

        {range ? (
          <EmptyState title="No deals for these dates.">{range.message}</EmptyState>
        ) : list.isPending ? (
          <>
            <span className="sr-only" role="status">
              Loading deals…
            </span>
            <TableSkeleton />
          </>
        ) : listError && rows.length === 0 ? (
          <LoadError message={`Could not load deals: ${listError.message}`} retrying={list.isFetching} onRetry={() => void list.refetch()} />
        ) : rows.length === 0 ? (
          filtered ? (
            <EmptyState title="No deals match these filters.">
              <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => change({ sort: query.sort })}>
                Clear filters
              </button>{" "}
              to see every deal.
            </EmptyState>
          ) : (
            <EmptyState title="No deals yet.">
              {canEdit ? (
                <span className="mt-3 flex justify-center">
                  <ButtonLink href={`${base}/deals/new`}>Create a deal</ButtonLink>
                </span>
              ) : (
                "Deals your team adds will appear here."
              )}
            </EmptyState>
          )
        ) : (
          <div className="flex flex-col gap-4" aria-busy={list.isPlaceholderData || list.isFetching || undefined}>
            {listError && <Alert>{list.isFetchNextPageError ? "Could not load more deals" : "Could not refresh the list"}: {listError.message}</Alert>}
            <DealTable
              rows={rows}
              base={base}
              sort={query.sort}
              onSort={(sort) => change({ ...query, sort })}
              fields={fieldList}
              members={members.data ?? []}
              now={now}
              today={todayIso(new Date(now))}
              dimmed={list.isPlaceholderData}
              caption={`${filtered ? "Deals matching the filters" : "Deals"}, sorted ${sortLabel}`}
            />
            <ListFooter
              summary={list.hasNextPage ? `Showing the first ${count}; more are available.` : `Showing ${filtered ? "all matching" : "all"} ${count}.`}
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
