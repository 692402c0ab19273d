"use client";

import clsx from "clsx";
import Link from "next/link";
import { RelativeTime } from "@/components/jobs/relative-time";
import { formatMoney } from "@/lib/money";
import { closeDateText, isOverdue, weightedMinor } from "./deal-format";
import type { DealSort, DealSortField } from "./deal-list-query";
import { DealStatusBadge } from "./deal-parts";
import type { DealRow } from "./deal-types";
import { formatCustomValue, formatDate } from "../shared/format";
import { Empty, FilterSelect, TagList } from "../shared/parts";
import type { CustomFieldDef, Member } from "../shared/types";

/* The deal list's table (sorted on the server: the headers ask for a new order). */

/** Titles and close dates read naturally from the start; amounts and times from the largest/newest. */
const NATURAL: Record<DealSortField, DealSort["direction"]> = { title: "asc", expectedCloseDate: "asc", amount: "desc", createdAt: "desc", updatedAt: "desc" };

function describe(field: DealSortField, direction: DealSort["direction"]): string {
  switch (field) {
    case "title":
      return direction === "asc" ? "A to Z" : "Z to A";
    case "amount":
      return direction === "desc" ? "largest first" : "smallest first";
    case "expectedCloseDate":
      return direction === "asc" ? "soonest first" : "latest first";
    default:
      return direction === "desc" ? "newest first" : "oldest first";
  }
}

function SortHeader({ label, field, sort, onSort, className }: { label: string; field: DealSortField; sort: DealSort; onSort: (sort: DealSort) => void; className?: string }) {
  const active = sort.field === field;
  const next = active ? (sort.direction === "asc" ? "desc" : "asc") : NATURAL[field];
  return (
    <th scope="col" className={clsx("px-3 py-2 font-medium", className)} aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : undefined}>
      <button
        type="button"
        onClick={() => onSort({ field, direction: next })}
        className={clsx("-mx-1 inline-flex items-center gap-1 whitespace-nowrap rounded px-1 uppercase tracking-wide hover:text-ink", active && "text-ink")}
        title={`Sort by ${label.toLowerCase()}, ${describe(field, next)}`}
      >
        {label}
        <svg viewBox="0 0 24 24" className={clsx("size-3.5 shrink-0", active ? "text-brand-700" : "text-ink-faint/60")} fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
          {active && sort.direction === "asc" ? <path d="m7 14 5-5 5 5" /> : active ? <path d="m7 10 5 5 5-5" /> : <path d="m8 9 4-4 4 4M8 15l4 4 4-4" />}
        </svg>
        <span className="sr-only">{active ? `, sorted ${describe(field, sort.direction)}` : ""}</span>
      </button>
    </th>
  );
}

export const DEAL_SORT_OPTIONS: { sort: DealSort; label: string }[] = [
  { sort: { field: "updatedAt", direction: "desc" }, label: "Recently updated" },
  { sort: { field: "createdAt", direction: "desc" }, label: "Newest first" },
  { sort: { field: "createdAt", direction: "asc" }, label: "Oldest first" },
  { sort: { field: "amount", direction: "desc" }, label: "Largest amount first" },
  { sort: { field: "amount", direction: "asc" }, label: "Smallest amount first" },
  { sort: { field: "expectedCloseDate", direction: "asc" }, label: "Closing soonest" },
  { sort: { field: "expectedCloseDate", direction: "desc" }, label: "Closing latest" },
  { sort: { field: "title", direction: "asc" }, label: "Title, A to Z" },
  { sort: { field: "title", direction: "desc" }, label: "Title, Z to A" },
  { sort: { field: "updatedAt", direction: "asc" }, label: "Least recently updated" },
];

/** The sort as a menu, for screens too narrow for every sortable header. */
export function DealSortSelect({ sort, onChange, className }: { sort: DealSort; onChange: (sort: DealSort) => void; className?: string }) {
  return (
    <FilterSelect
      label="Sort by"
      className={clsx(className, "sm:w-64")}
      value={`${sort.field}.${sort.direction}`}
      onChange={(e) => {
        const [field, direction] = e.target.value.split(".") as [DealSortField, DealSort["direction"]];
        onChange({ field, direction });
      }}
    >
      {DEAL_SORT_OPTIONS.map((o) => (
        <option key={`${o.sort.field}.${o.sort.direction}`} value={`${o.sort.field}.${o.sort.direction}`}>
          {o.label}
        </option>
      ))}
    </FilterSelect>
  );
}

export function DealTable({
  rows,
  base,
  sort,
  onSort,
  fields,
  members,
  now,
  today,
  dimmed,
  caption,
}: {
  rows: DealRow[];
  base: string;
  sort: DealSort;
  onSort: (sort: DealSort) => void;
  fields: CustomFieldDef[];
  members: Member[];
  now: number;
  today: string;
  dimmed: boolean;
  caption: string;
}) {
  return (
    <div className={clsx("relative -mx-5 overflow-x-auto border-y border-gray-200 transition-opacity sm:mx-0 sm:rounded-lg sm:border", dimmed && "opacity-60")}>
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-surface-muted text-left text-xs font-medium uppercase tracking-wide text-ink-faint">
          <tr>
            <SortHeader label="Title" field="title" sort={sort} onSort={onSort} className="pl-4" />
            <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">
              Company
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
              Stage
            </th>
            <SortHeader label="Amount" field="amount" sort={sort} onSort={onSort} className="text-right" />
            <th scope="col" className="hidden whitespace-nowrap px-3 py-2 text-right font-medium xl:table-cell">
              Weighted
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">
              Owner
            </th>
            <SortHeader label="Expected close" field="expectedCloseDate" sort={sort} onSort={onSort} className="hidden sm:table-cell" />
            <th scope="col" className="hidden px-3 py-2 font-medium xl:table-cell">
              Tags
            </th>
            {fields.map((field) => (
              <th key={field.id} scope="col" className="hidden whitespace-nowrap px-3 py-2 font-medium xl:table-cell">
                {field.label}
              </th>
            ))}
            <SortHeader label="Created" field="createdAt" sort={sort} onSort={onSort} className="hidden xl:table-cell" />
            <SortHeader label="Updated" field="updatedAt" sort={sort} onSort={onSort} className="pr-4" />
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 bg-white">
          {rows.map((d) => {
            const overdue = isOverdue(d, today);
            const close = closeDateText(d, today);
            return (
              <tr key={d.id} className="align-top hover:bg-surface-muted/60">
                <th scope="row" className="max-w-[18rem] py-3 pl-4 pr-3 text-left font-normal">
                  <Link href={`${base}/deals/${d.id}`} className="block truncate font-medium text-ink hover:text-brand-700 hover:underline">
                    {d.title}
                  </Link>
                  {/* Small screens: company and stage, whose columns are hidden there. */}
                  {d.companyName && <span className="mt-0.5 block truncate text-xs text-ink-muted lg:hidden">{d.companyName}</span>}
                  <span className="mt-1 flex flex-wrap items-center gap-1.5 md:hidden">
                    <DealStatusBadge status={d.status} />
                    <span className="text-xs text-ink-muted">{d.stageName}</span>
                  </span>
                </th>
                <td className="hidden max-w-[12rem] px-3 py-3 lg:table-cell">
                  {d.companyId ? (
                    <Link href={`${base}/companies/${d.companyId}`} className="block truncate text-ink hover:text-brand-700 hover:underline">
                      {d.companyName}
                    </Link>
                  ) : (
                    <Empty />
                  )}
                </td>
                <td className="hidden px-3 py-3 md:table-cell">
                  <span className="flex flex-wrap items-center gap-1.5">
                    <span className="text-ink">{d.stageName}</span>
                    {d.status !== "open" && <DealStatusBadge status={d.status} />}
                  </span>
                  <span className="block text-xs text-ink-faint">{d.pipelineName}</span>
                </td>
                <td className="whitespace-nowrap px-3 py-3 text-right font-medium tabular-nums text-ink">
                  {formatMoney(d.amountMinor, d.currency)}
                  <span className="block text-xs font-normal text-ink-faint">{d.effectiveProbability}%</span>
                </td>
                <td className="hidden whitespace-nowrap px-3 py-3 text-right tabular-nums text-ink-muted xl:table-cell">
                  {formatMoney(weightedMinor(d.amountMinor, d.effectiveProbability), d.currency)}
                </td>
                <td className="hidden max-w-[10rem] truncate px-3 py-3 text-ink-muted lg:table-cell">{d.ownerName ?? <Empty />}</td>
                <td className={clsx("hidden whitespace-nowrap px-3 py-3 sm:table-cell", overdue ? "font-medium text-danger-700" : "text-ink-muted")}>{close ?? <Empty />}</td>
                <td className="hidden max-w-[12rem] px-3 py-3 xl:table-cell">
                  <TagList tags={d.tags} max={3} />
                </td>
                {fields.map((field) => (
                  <td key={field.id} className="hidden max-w-[12rem] truncate px-3 py-3 text-ink-muted xl:table-cell">
                    {formatCustomValue(field, d.custom[field.key], members) || <Empty />}
                  </td>
                ))}
                <td className="hidden whitespace-nowrap px-3 py-3 text-ink-muted xl:table-cell">{formatDate(d.createdAt)}</td>
                <td className="py-3 pl-3 pr-4 text-ink-muted">
                  <RelativeTime date={d.updatedAt} now={now} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
