"use client";

import clsx from "clsx";
import Link from "next/link";
import type { RecordColumn } from "@/components/records/record-table";
import { TEXT_ORDER, TIME_ORDER, type SortOption, type SortWords } from "@/components/records/sort";
import { trailingColumns } from "../shared/entity-list";
import { Empty, TagList } from "../shared/parts";
import type { CustomFieldDef, Member } from "../shared/types";
import { closeDateText, isOverdue, weightedMinor } from "./deal-format";
import type { DealSortField } from "./deal-list-query";
import { DealStatusBadge } from "./deal-parts";
import type { DealRow } from "./deal-types";
import type { Formatter } from "@/lib/format";

/* The deal list's columns and sort orders (sorted on the server: the headers ask for a new order). */

/** Titles and close dates read naturally from the start; amounts and times from the largest/newest. */
export const DEAL_SORT_WORDS: SortWords<DealSortField> = {
  title: TEXT_ORDER,
  expectedCloseDate: { natural: "asc", asc: "soonest first", desc: "latest first" },
  amount: { natural: "desc", desc: "largest first", asc: "smallest first" },
  createdAt: TIME_ORDER,
  updatedAt: TIME_ORDER,
};

export const DEAL_SORT_OPTIONS: SortOption<DealSortField>[] = [
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

export function dealColumns({
  base,
  fields,
  members,
  now,
  today,
  format,
}: {
  base: string;
  fields: CustomFieldDef[];
  members: Member[];
  now: number;
  format: Formatter;
  today: string;
}): RecordColumn<DealRow, DealSortField>[] {
  return [
    {
      key: "title",
      label: "Title",
      sortField: "title",
      cellClassName: "max-w-[18rem]",
      cell: (d) => (
        <>
          <Link href={`${base}/deals/${d.id}`} className="block truncate font-medium text-ink hover:text-brand-700 hover:underline">
            {d.title}
          </Link>
          {/* Small screens: company and stage, whose columns are hidden there. */}
          {d.companyName && <span className="mt-0.5 block truncate text-xs text-ink-muted lg:hidden">{d.companyName}</span>}
          <span className="mt-1 flex flex-wrap items-center gap-1.5 md:hidden">
            <DealStatusBadge status={d.status} />
            <span className="text-xs text-ink-muted">{d.stageName}</span>
          </span>
        </>
      ),
    },
    {
      key: "company",
      label: "Company",
      headerClassName: "hidden lg:table-cell",
      cellClassName: "hidden max-w-[12rem] lg:table-cell",
      cell: (d) =>
        d.companyId ? (
          <Link href={`${base}/companies/${d.companyId}`} className="block truncate text-ink hover:text-brand-700 hover:underline">
            {d.companyName}
          </Link>
        ) : (
          <Empty />
        ),
    },
    {
      key: "stage",
      label: "Stage",
      headerClassName: "hidden md:table-cell",
      cellClassName: "hidden md:table-cell",
      cell: (d) => (
        <>
          <span className="flex flex-wrap items-center gap-1.5">
            <span className="text-ink">{d.stageName}</span>
            {d.status !== "open" && <DealStatusBadge status={d.status} />}
          </span>
          <span className="block text-xs text-ink-faint">{d.pipelineName}</span>
        </>
      ),
    },
    {
      key: "amount",
      label: "Amount",
      sortField: "amount",
      headerClassName: "text-right",
      cellClassName: "whitespace-nowrap text-right font-medium tabular-nums text-ink",
      cell: (d) => (
        <>
          {format.money(d.amountMinor, d.currency)}
          <span className="block text-xs font-normal text-ink-faint">{d.effectiveProbability}%</span>
        </>
      ),
    },
    {
      key: "weighted",
      label: "Weighted",
      headerClassName: "hidden whitespace-nowrap text-right xl:table-cell",
      cellClassName: "hidden whitespace-nowrap text-right tabular-nums text-ink-muted xl:table-cell",
      cell: (d) => format.money(weightedMinor(d.amountMinor, d.effectiveProbability), d.currency),
    },
    { key: "owner", label: "Owner", headerClassName: "hidden lg:table-cell", cellClassName: "hidden max-w-[10rem] truncate text-ink-muted lg:table-cell", cell: (d) => d.ownerName ?? <Empty /> },
    {
      key: "close",
      label: "Expected close",
      sortField: "expectedCloseDate",
      headerClassName: "hidden sm:table-cell",
      cellClassName: (d) => clsx("hidden whitespace-nowrap sm:table-cell", isOverdue(d, today) ? "font-medium text-danger-700" : "text-ink-muted"),
      cell: (d) => closeDateText(d, format, today) ?? <Empty />,
    },
    { key: "tags", label: "Tags", headerClassName: "hidden xl:table-cell", cellClassName: "hidden max-w-[12rem] xl:table-cell", cell: (d) => <TagList tags={d.tags} max={3} /> },
    ...trailingColumns<DealRow>(fields, members, now, "xl:table-cell", format),
  ];
}
