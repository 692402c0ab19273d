"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useNow } from "@/components/jobs/format";
import { keysetOptions, useListUrl } from "@/components/records/hooks";
import { ListHeader } from "@/components/records/list-header";
import { hasListFilters, listRangeProblem } from "@/components/records/list-state";
import { RecordList, rowsOf } from "@/components/records/record-list";
import { ColumnChooser } from "@/components/records/column-chooser";
import { orderColumns, readColumnChoice, shownColumns } from "@/components/records/columns";
import { RecordTable } from "@/components/records/record-table";
import { SavedViews } from "@/components/records/saved-views";
import { useColumns } from "@/components/records/use-columns";
import { SortSelect } from "@/components/records/sort";
import { ButtonLink } from "@/components/ui/button";
import { CRM } from "@/server/modules/crm/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { useCrmBulk } from "../shared/bulk-actions";
import { useDealSaver } from "../shared/cell-editors";
import { PAGE_SIZE } from "../shared/entity-list";
import { useCustomFields, useMembers } from "../shared/hooks";
import { exportHref } from "../shared/list-query";
import { ENTITY_LABEL } from "../shared/labels";
import { useCrmSavedViews } from "../shared/saved-views-store";
import { DealFiltersForm } from "./deal-filters";
import { todayIso } from "./deal-format";
import { DEAL_LIST, DEFAULT_DEAL_SORT, toDealListInput } from "./deal-list-query";
import { DealsViewToggle } from "./deal-parts";
import { DEAL_SORT_OPTIONS, DEAL_SORT_WORDS, dealColumns } from "./deal-table";
import { useFormat } from "@/components/format/format-provider";

/**
 * /t/[slug]/crm/deals/list: every deal the viewer may see, server-sorted, filtered and
 * paginated, with the state in the URL, personal saved views and a CSV export of exactly
 * what is listed.
 */
export function DealList({ tenantId, slug, userId, role }: { tenantId: string; slug: string; userId: string; role: MemberRole }) {
  const format = useFormat();
  const trpc = useTRPC();
  const base = `/t/${slug}/crm`;
  const canEdit = roleAtLeast(role, CRM.edit);
  const tick = useNow();
  const { query, viewId, navigate, patch, clear } = useListUrl(DEAL_LIST);
  const fields = useCustomFields("deal");
  const members = useMembers();
  const views = useCrmSavedViews("deal");
  const pipelines = useQuery(trpc.crm.pipelines.list.queryOptions({ includeArchived: true }, { staleTime: 60_000 }));
  const fieldList = useMemo(() => fields.data ?? [], [fields.data]);
  const memberList = members.data ?? [];

  // Custom filters need their fields' types; the list waits for them only then.
  const waitsForFields = Boolean(query.custom) && !fields.data && !fields.isError;
  const input = useMemo(() => (waitsForFields ? null : toDealListInput(query, { userId, fields: fieldList })), [waitsForFields, query, userId, fieldList]);
  const range = listRangeProblem(DEAL_LIST, query);

  const list = useInfiniteQuery(
    trpc.crm.deals.list.infiniteQueryOptions({ ...(input ?? { filters: {}, sort: DEFAULT_DEAL_SORT }), limit: PAGE_SIZE }, keysetOptions(Boolean(input) && !range)),
  );

  const bulk = useCrmBulk({ entity: "deal", tenantId, input: range ? null : input, rows: rowsOf(list), hasMore: list.hasNextPage, canEdit, labelOf: (d) => d.title });
  const filtered = hasListFilters(DEAL_LIST, query);
  const now = Math.max(tick, list.dataUpdatedAt);
  const sortLabel = DEAL_SORT_OPTIONS.find((o) => o.sort.field === query.sort.field && o.sort.direction === query.sort.direction)?.label.toLowerCase() ?? "";
  const activePipelines = (pipelines.data ?? []).filter((p) => !p.archivedAt || p.id === query.pipelineId);
  const pipelineSearch = query.pipelineId ? `?pipeline=${query.pipelineId}` : "";

  // --- columns: chosen per view (or for the default list, in this browser), editable cells for editors ---
  const save = useDealSaver();
  const allColumns = dealColumns({ base, fields: fieldList, members: memberList, now, today: todayIso(new Date(now)), pipelines: pipelines.data ?? [], save: canEdit ? save : null, format });
  const columnMeta = allColumns.map((c, i) => ({ key: c.key, label: c.label, fixed: i === 0 }));
  const activeView = viewId ? views.views.find((v) => v.id === viewId) : undefined;
  const shown = useColumns(columnMeta, `neuroops:columns:${tenantId}:${userId}:deal`, activeView ? { id: activeView.id, columns: readColumnChoice(activeView.query.columns) } : null);

  return (
    <div className="flex flex-col gap-6">
      <ListHeader
        title="Deals"
        description="Every deal in every pipeline. Filters and sort stay in the address, so you can share or bookmark the list."
        actions={<DealsViewToggle base={base} current="list" boardSearch={pipelineSearch} />}
        newHref={canEdit ? `${base}/deals/new${pipelineSearch}` : undefined}
        newLabel="New deal"
        exportHref={input && !range ? exportHref(tenantId, "deal", input) : null}
        exportTitle={filtered ? "Download the deals matching the filters as CSV" : "Download all deals as CSV"}
      />

      <SavedViews
        store={views}
        spec={DEAL_LIST}
        many="deals"
        userId={userId}
        query={query}
        viewId={viewId}
        input={input}
        columns={{ choice: shown.choice, modified: shown.modified }}
        onApply={(next, id) => {
          shown.discard();
          navigate(next, { viewId: id });
        }}
      />

      {bulk.panel}

      <RecordList
        noun={ENTITY_LABEL.deal}
        list={list}
        filtered={filtered}
        rangeProblem={range}
        onClearFilters={clear}
        filters={
          <>
            <DealFiltersForm query={query} onPatch={patch} onClear={clear} members={memberList} pipelines={activePipelines} fields={fieldList} userId={userId} rangeError={range} />
            <div className="flex flex-wrap items-end justify-between gap-3">
              <SortSelect sort={query.sort} options={DEAL_SORT_OPTIONS} onChange={(sort) => patch({ sort })} className="xl:hidden" />
              <div className="ml-auto">
                <ColumnChooser columns={columnMeta} choice={shown.choice} onChange={shown.setChoice} />
              </div>
            </div>
          </>
        }
        emptyActions={
          canEdit ? (
            <span className="mt-3 flex justify-center">
              <ButtonLink href={`${base}/deals/new`}>Create a deal</ButtonLink>
            </span>
          ) : (
            "Deals your team adds will appear here."
          )
        }
      >
        {(rows, dimmed) => (
          <RecordTable
            rows={rows}
            columns={orderColumns(allColumns, shownColumns(columnMeta, shown.choice))}
            layout={{ responsive: shown.choice === null }}
            sort={query.sort}
            sortWords={DEAL_SORT_WORDS}
            onSort={(sort) => patch({ sort })}
            dimmed={dimmed}
            selection={bulk.rowSelection}
            caption={`${filtered ? "Deals matching the filters" : "Deals"}, sorted ${sortLabel}`}
          />
        )}
      </RecordList>
    </div>
  );
}
