"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { useMemo } from "react";
import { useNow } from "@/components/jobs/format";
import { RelativeTime } from "@/components/jobs/relative-time";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { formatCustomValue, formatDate } from "../shared/format";
import { useCustomFields, useListUrl, useMembers } from "../shared/hooks";
import { DEFAULT_SORT, exportHref, hasFilters, rangeProblem, toListInput, type ListSort, type SortField } from "../shared/list-query";
import { ListFilters } from "../shared/list-filters";
import { ListHeader } from "../shared/list-page";
import { Empty, SortHeader, TableSkeleton, TagList } from "../shared/parts";
import { SavedViews } from "../shared/saved-views";
import { SortSelect } from "../shared/sort-select";
import type { CompanyRow, CustomFieldDef, Member } from "../shared/types";

const PAGE_SIZE = 50;

function location(c: Pick<CompanyRow, "city" | "country">): string | null {
  return [c.city, c.country].filter(Boolean).join(", ") || null;
}

function CompaniesTable({
  rows,
  base,
  sort,
  onSort,
  fields,
  members,
  now,
  dimmed,
  caption,
}: {
  rows: CompanyRow[];
  base: string;
  sort: ListSort;
  onSort: (field: SortField, direction: ListSort["direction"]) => void;
  fields: CustomFieldDef[];
  members: Member[];
  now: number;
  dimmed: boolean;
  caption: string;
}) {
  return (
    <div className={clsx("relative -mx-5 overflow-x-auto border-y border-gray-200 transition-opacity sm:mx-0 sm:rounded-lg sm:border", dimmed && "opacity-60")}>
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-surface-muted text-left text-xs font-medium uppercase tracking-wide text-ink-faint">
          <tr>
            <SortHeader label="Name" field="name" sort={sort} onSort={onSort} className="pl-4" />
            <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
              Industry
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">
              Size
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">
              Location
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
              Owner
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium xl:table-cell">
              Tags
            </th>
            {fields.map((field) => (
              <th key={field.id} scope="col" className="hidden whitespace-nowrap px-3 py-2 font-medium 2xl:table-cell">
                {field.label}
              </th>
            ))}
            <SortHeader label="Created" field="createdAt" sort={sort} onSort={onSort} className="hidden xl:table-cell" />
            <SortHeader label="Updated" field="updatedAt" sort={sort} onSort={onSort} className="pr-4" />
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 bg-white">
          {rows.map((c) => (
            <tr key={c.id} className="align-top hover:bg-surface-muted/60">
              <th scope="row" className="max-w-[18rem] py-3 pl-4 pr-3 text-left font-normal">
                <Link href={`${base}/companies/${c.id}`} className="block truncate font-medium text-ink hover:text-brand-700 hover:underline">
                  {c.name}
                </Link>
                {c.domain && <span className="block truncate text-xs text-ink-faint">{c.domain}</span>}
                <span className="mt-0.5 block truncate text-xs text-ink-muted md:hidden">{c.industry}</span>
              </th>
              <td className="hidden max-w-[12rem] truncate px-3 py-3 text-ink-muted md:table-cell">{c.industry ?? <Empty />}</td>
              <td className="hidden whitespace-nowrap px-3 py-3 text-ink-muted lg:table-cell">{c.size ?? <Empty />}</td>
              <td className="hidden max-w-[12rem] truncate px-3 py-3 text-ink-muted lg:table-cell">{location(c) ?? <Empty />}</td>
              <td className="hidden max-w-[10rem] truncate px-3 py-3 text-ink-muted sm:table-cell">{c.ownerName ?? <Empty />}</td>
              <td className="hidden max-w-[12rem] px-3 py-3 xl:table-cell">
                <TagList tags={c.tags} max={3} />
              </td>
              {fields.map((field) => (
                <td key={field.id} className="hidden max-w-[12rem] truncate px-3 py-3 text-ink-muted 2xl:table-cell">
                  {formatCustomValue(field, c.custom[field.key], members) || <Empty />}
                </td>
              ))}
              <td className="hidden whitespace-nowrap px-3 py-3 text-ink-muted xl:table-cell">{formatDate(c.createdAt)}</td>
              <td className="py-3 pl-3 pr-4 text-ink-muted">
                <RelativeTime date={c.updatedAt} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** /t/[slug]/crm/companies: like the contact list (filters in the URL, saved views, export). */
export function CompaniesList({ tenantId, slug, userId, role }: { tenantId: string; slug: string; userId: string; role: MemberRole }) {
  const trpc = useTRPC();
  const base = `/t/${slug}/crm`;
  const canEdit = roleAtLeast(role, "member");
  const tick = useNow();
  const { query, viewId, navigate, patch, clear } = useListUrl("company");
  const fields = useCustomFields("company");
  const members = useMembers();
  const fieldList = useMemo(() => fields.data ?? [], [fields.data]);

  const waitsForFields = Boolean(query.custom) && !fields.data && !fields.isError;
  const input = useMemo(() => (waitsForFields ? null : toListInput(query, { userId, fields: fieldList })), [waitsForFields, query, userId, fieldList]);
  const range = rangeProblem(query);

  const list = useInfiniteQuery(
    trpc.crm.companies.list.infiniteQueryOptions(
      { ...(input ?? { filters: {}, sort: DEFAULT_SORT }), limit: PAGE_SIZE },
      { enabled: Boolean(input) && !range, getNextPageParam: (page) => page.nextCursor, placeholderData: keepPreviousData },
    ),
  );

  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = hasFilters(query);
  const listError = list.isError ? readServerError(list.error) : null;
  const now = Math.max(tick, list.dataUpdatedAt);
  const sortLabel = query.sort.field === "name" ? "by name" : query.sort.field === "createdAt" ? "by creation date" : "by last update";
  const count = `${rows.length} ${rows.length === 1 ? "company" : "companies"}`;

  return (
    <div className="flex flex-col gap-6">
      <ListHeader
        title="Companies"
        description="The organizations your contacts work at and your deals are made with."
        newHref={canEdit ? `${base}/companies/new` : undefined}
        newLabel="New company"
        importHref={canEdit ? `${base}/imports/new?entity=company` : undefined}
        exportHref={input && !range ? exportHref(tenantId, "company", input) : null}
        exportTitle={filtered ? "Download the companies matching the filters as CSV" : "Download all companies as CSV"}
      />

      <SavedViews entity="company" userId={userId} query={query} viewId={viewId} input={input} onApply={(next, id) => navigate(next, { viewId: id })} />

      <section aria-labelledby="companies-heading" className="flex flex-col gap-5 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
        <h2 id="companies-heading" className="sr-only">
          Company list
        </h2>
        <ListFilters entity="company" query={query} onPatch={patch} onClear={clear} members={members.data ?? []} fields={fieldList} userId={userId} rangeError={range} />
        <SortSelect sort={query.sort} onChange={(sort) => patch({ sort })} className="xl:hidden" />

        {range ? (
          <EmptyState title="No companies for these dates.">{range.message}</EmptyState>
        ) : list.isPending ? (
          <>
            <span className="sr-only" role="status">
              Loading companies…
            </span>
            <TableSkeleton />
          </>
        ) : listError && rows.length === 0 ? (
          <LoadError message={`Could not load companies: ${listError.message}`} retrying={list.isFetching} onRetry={() => void list.refetch()} />
        ) : rows.length === 0 ? (
          filtered ? (
            <EmptyState title="No companies match these filters.">
              <button type="button" className="font-medium text-brand-700 hover:underline" onClick={clear}>
                Clear filters
              </button>{" "}
              to see every company.
            </EmptyState>
          ) : (
            <EmptyState title="No companies yet.">
              {canEdit ? (
                <span className="mt-3 flex flex-wrap justify-center gap-2">
                  <ButtonLink href={`${base}/companies/new`}>Create a company</ButtonLink>
                  <ButtonLink href={`${base}/imports/new?entity=company`} variant="secondary">
                    Import from CSV
                  </ButtonLink>
                </span>
              ) : (
                "Companies your team adds will appear here."
              )}
            </EmptyState>
          )
        ) : (
          <div className="flex flex-col gap-4" aria-busy={list.isPlaceholderData || list.isFetching || undefined}>
            {listError && <Alert>{list.isFetchNextPageError ? "Could not load more companies" : "Could not refresh the list"}: {listError.message}</Alert>}
            <CompaniesTable
              rows={rows}
              base={base}
              sort={query.sort}
              onSort={(field, direction) => patch({ sort: { field, direction } })}
              fields={fieldList}
              members={members.data ?? []}
              now={now}
              dimmed={list.isPlaceholderData}
              caption={`${filtered ? "Companies matching the filters" : "Companies"}, sorted ${sortLabel}`}
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
