"use client";

import { useMemo } from "react";
import { useNow } from "@/components/jobs/format";
import { RelativeTime } from "@/components/jobs/relative-time";
import { useListUrl } from "@/components/records/hooks";
import { ListHeader } from "@/components/records/list-header";
import { hasListFilters, listRangeProblem } from "@/components/records/list-state";
import { RecordList, rowsOf, type KeysetPages } from "@/components/records/record-list";
import { ColumnChooser } from "@/components/records/column-chooser";
import { orderColumns, readColumnChoice, shownColumns } from "@/components/records/columns";
import { RecordTable, type RecordColumn } from "@/components/records/record-table";
import { SavedViews } from "@/components/records/saved-views";
import { useColumns } from "@/components/records/use-columns";
import { SortSelect, TEXT_ORDER, TIME_ORDER, type SortOption, type SortWords } from "@/components/records/sort";
import { ButtonLink } from "@/components/ui/button";
import { CRM } from "@/server/modules/crm/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { customColumnKey } from "@/server/modules/crm/validation";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { customFieldEdit, type RowSaver } from "./cell-editors";
import { EntityFilters } from "./entity-filters";
import { formatCustomValue } from "./format";
import { useCustomFields, useMembers } from "./hooks";
import { ENTITY_LABEL } from "./labels";
import { DEFAULT_SORT, exportHref, listSpec, toListInput, type ListInputQuery, type SortField } from "./list-query";
import { useCrmBulk } from "./bulk-actions";
import { LIST_PAGE_SIZE } from "./first-page";
import { Empty } from "./parts";
import { useCrmSavedViews } from "./saved-views-store";
import type { CustomFieldDef, ListEntity, Member } from "./types";
import { useFormat } from "@/components/format/format-provider";
import type { Formatter } from "@/lib/format";

/*
 * The contact and company lists: one page, configured per entity with its columns and
 * its list procedure. Filters and sort live in the URL, with personal saved views and a
 * CSV export of exactly what is listed.
 */

export const PAGE_SIZE = LIST_PAGE_SIZE;

const SORT_WORDS: SortWords<SortField> = { name: TEXT_ORDER, createdAt: TIME_ORDER, updatedAt: TIME_ORDER };

const SORT_OPTIONS: SortOption<SortField>[] = [
  { sort: { field: "updatedAt", direction: "desc" }, label: "Recently updated" },
  { sort: { field: "updatedAt", direction: "asc" }, label: "Least recently updated" },
  { sort: { field: "createdAt", direction: "desc" }, label: "Newest first" },
  { sort: { field: "createdAt", direction: "asc" }, label: "Oldest first" },
  { sort: { field: "name", direction: "asc" }, label: "Name, A to Z" },
  { sort: { field: "name", direction: "desc" }, label: "Name, Z to A" },
];

/** The list procedure's input: the filters once they are known, one page at a time. */
export type EntityListInput = ListInputQuery & { limit: number };

type Row = { id: string; custom: Record<string, unknown>; createdAt: Date; updatedAt: Date };

/** What the column builders get: `save` is null for viewers (no cell editors then). */
export type ColumnContext = { base: string; fields: CustomFieldDef[]; members: Member[]; now: number; save: RowSaver | null; format: Formatter };

/**
 * The custom field columns (editable in the cell where their type allows) and the two
 * dates every CRM list ends with. `name` says whose value a cell editor changes.
 */
export function trailingColumns<R extends Row>(
  { fields, members, now, save, format }: Pick<ColumnContext, "fields" | "members" | "now" | "save" | "format">,
  name: (row: R) => string,
): RecordColumn<R, "createdAt" | "updatedAt">[] {
  return [
    ...fields.map(
      (field): RecordColumn<R, "createdAt" | "updatedAt"> => ({
        key: customColumnKey(field.key),
        label: field.label,
        hideBelow: "2xl",
        headerClassName: "whitespace-nowrap",
        cellClassName: "max-w-[12rem] truncate text-ink-muted",
        cell: (r) => formatCustomValue(field, r.custom[field.key], format, members) || <Empty />,
        edit: save ? customFieldEdit<R>(save, field, members, name) : undefined,
      }),
    ),
    { key: "created", label: "Created", sortField: "createdAt", hideBelow: "xl", cellClassName: "whitespace-nowrap text-ink-muted", cell: (r) => format.date(r.createdAt) },
    { key: "updated", label: "Updated", sortField: "updatedAt", cellClassName: "text-ink-muted", cell: (r) => <RelativeTime date={r.updatedAt} now={now} /> },
  ];
}

export function EntityList<R extends Row>({
  entity,
  description,
  tenantId,
  slug,
  userId,
  role,
  useRows,
  useSaver,
  columns,
  labelOf,
}: {
  entity: ListEntity;
  description: string;
  tenantId: string;
  slug: string;
  userId: string;
  role: MemberRole;
  /** The entity's list procedure as an infinite query (a hook: the same function on every render). */
  useRows: (input: EntityListInput, enabled: boolean) => KeysetPages<R> & { dataUpdatedAt: number };
  /** The entity's update procedure for cell edits (a hook, as `useRows`). */
  useSaver: () => RowSaver;
  columns: (context: ColumnContext) => RecordColumn<R, SortField>[];
  /** A row's name (its selection checkbox's label). */
  labelOf: (row: R) => string;
}) {
  const base = `/t/${slug}/crm`;
  const canEdit = roleAtLeast(role, CRM.edit);
  const tick = useNow();
  const format = useFormat();
  const spec = listSpec(entity);
  const { query, viewId, navigate, patch, clear } = useListUrl(spec);
  const fields = useCustomFields(entity);
  const members = useMembers();
  const views = useCrmSavedViews(entity);
  const fieldList = useMemo(() => fields.data ?? [], [fields.data]);
  const memberList = members.data ?? [];
  const noun = ENTITY_LABEL[entity];

  // Custom filters need their fields' types; the list waits for them only then.
  const waitsForFields = Boolean(query.custom) && !fields.data && !fields.isError;
  const input = useMemo(() => (waitsForFields ? null : toListInput(query, { userId, fields: fieldList })), [waitsForFields, query, userId, fieldList]);
  const range = listRangeProblem(spec, query);
  const list = useRows({ ...(input ?? { filters: {}, sort: DEFAULT_SORT }), limit: PAGE_SIZE }, Boolean(input) && !range);

  const bulk = useCrmBulk({ entity, tenantId, input: range ? null : input, rows: rowsOf(list), hasMore: list.hasNextPage, canEdit, labelOf });
  const filtered = hasListFilters(spec, query);
  const now = Math.max(tick, list.dataUpdatedAt);
  const sortLabel = query.sort.field === "name" ? "by name" : query.sort.field === "createdAt" ? "by creation date" : "by last update";
  const newHref = `${base}/${entity === "contact" ? "contacts" : "companies"}/new`;

  // --- columns: chosen per view (or for the default list, in this browser), editable cells for editors ---
  const save = useSaver();
  const allColumns = columns({ base, fields: fieldList, members: memberList, now, save: canEdit ? save : null, format });
  const columnMeta = allColumns.map((c, i) => ({ key: c.key, label: c.label, fixed: i === 0 }));
  const activeView = viewId ? views.views.find((v) => v.id === viewId) : undefined;
  const shown = useColumns(columnMeta, `neuroops:columns:${tenantId}:${userId}:${entity}`, activeView ? { id: activeView.id, columns: readColumnChoice(activeView.query.columns) } : null);
  const visibleColumns = orderColumns(allColumns, shownColumns(columnMeta, shown.choice));
  const importHref = `${base}/imports/new?entity=${entity}`;

  return (
    <div className="flex flex-col gap-6">
      <ListHeader
        title={noun.title}
        description={description}
        newHref={canEdit ? newHref : undefined}
        newLabel={`New ${noun.one}`}
        importHref={canEdit ? importHref : undefined}
        exportHref={input && !range ? exportHref(tenantId, entity, input) : null}
        exportTitle={filtered ? `Download the ${noun.many} matching the filters as CSV` : `Download all ${noun.many} as CSV`}
      />

      <SavedViews
        store={views}
        spec={spec}
        many={noun.many}
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
        noun={noun}
        list={list}
        filtered={filtered}
        rangeProblem={range}
        onClearFilters={clear}
        filters={
          <>
            <EntityFilters entity={entity} query={query} onPatch={patch} onClear={clear} members={memberList} fields={fieldList} userId={userId} rangeError={range} />
            <div className="flex flex-wrap items-end justify-between gap-3">
              <SortSelect sort={query.sort} options={SORT_OPTIONS} onChange={(sort) => patch({ sort })} className="xl:hidden" />
              <div className="ml-auto">
                <ColumnChooser columns={columnMeta} choice={shown.choice} onChange={shown.setChoice} />
              </div>
            </div>
          </>
        }
        emptyActions={
          canEdit ? (
            <span className="mt-3 flex flex-wrap justify-center gap-2">
              <ButtonLink href={newHref}>Create a {noun.one}</ButtonLink>
              <ButtonLink href={importHref} variant="secondary">
                Import from CSV
              </ButtonLink>
            </span>
          ) : (
            `${noun.title} your team adds will appear here.`
          )
        }
      >
        {(rows, dimmed) => (
          <RecordTable
            rows={rows}
            columns={visibleColumns}
            layout={{ responsive: shown.choice === null }}
            sort={query.sort}
            sortWords={SORT_WORDS}
            onSort={(sort) => patch({ sort })}
            dimmed={dimmed}
            selection={bulk.rowSelection}
            caption={`${filtered ? `${noun.title} matching the filters` : noun.title}, sorted ${sortLabel}`}
          />
        )}
      </RecordList>
    </div>
  );
}
