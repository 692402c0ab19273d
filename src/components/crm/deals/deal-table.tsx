"use client";

import clsx from "clsx";
import Link from "next/link";
import { CellError, type CellEdit } from "@/components/records/inline-edit";
import type { RecordColumn } from "@/components/records/record-table";
import { TEXT_ORDER, TIME_ORDER, type SortOption, type SortWords } from "@/components/records/sort";
import { formatMajorAmount, parseMajorAmount } from "@/lib/money";
import { ownerEdit, textEdit, type RowSaver } from "../shared/cell-editors";
import { trailingColumns, type ColumnContext } from "../shared/entity-list";
import { Empty, TagList } from "../shared/parts";
import { closeDateText, isOverdue, weightedMinor } from "./deal-format";
import type { DealSortField } from "./deal-list-query";
import { DealStatusBadge } from "./deal-parts";
import type { DealRow, PipelineInfo } from "./deal-types";

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

const titleOf = (d: DealRow) => d.title;

/** The stage, out of the deal's pipeline's stages; lost stages ask for a reason, so they are chosen on the deal's page or the board. */
function stageEdit(save: RowSaver, pipelines: PipelineInfo[]): CellEdit<DealRow> {
  const stagesOf = (d: DealRow) => pipelines.find((p) => p.id === d.pipelineId)?.stages ?? [];
  return {
    label: (d) => `stage of ${d.title}`,
    editable: (d) => stagesOf(d).length > 0,
    inputs: (d) => [
      {
        kind: "select",
        name: "stageId",
        label: `Stage of ${d.title}`,
        options: stagesOf(d).map((s) => ({ value: s.id, label: s.outcome === "lost" && s.id !== d.stageId ? `${s.name} (on the deal's page: asks for a reason)` : s.name, disabled: s.outcome === "lost" && s.id !== d.stageId })),
      },
    ],
    initial: (d) => ({ stageId: d.stageId }),
    save: (d, v) => {
      const stage = stagesOf(d).find((s) => s.id === v.stageId);
      return save(d.id, { stageId: v.stageId }, stage ? { stageId: stage.id, stageName: stage.name, status: stage.outcome, effectiveProbability: d.probability ?? stage.probability } : {});
    },
  };
}

/** The amount in the deal's currency, typed in major units ("1250.00"). */
function amountEdit(save: RowSaver): CellEdit<DealRow> {
  return {
    label: (d) => `amount of ${d.title}`,
    inputs: (d) => [{ kind: "text", name: "amount", label: `Amount of ${d.title} in ${d.currency}`, inputMode: "decimal" }],
    initial: (d) => ({ amount: formatMajorAmount(d.amountMinor, d.currency) }),
    save: (d, v) => {
      const amountMinor = parseMajorAmount(v.amount!, d.currency);
      if (amountMinor === null) return Promise.reject(new CellError(`Enter an amount in ${d.currency}, like 1250.00.`));
      return save(d.id, { amountMinor }, { amountMinor });
    },
  };
}

export function dealColumns({
  base,
  fields,
  members,
  now,
  save,
  today,
  pipelines,
  format,
}: ColumnContext & { today: string; pipelines: PipelineInfo[] }): RecordColumn<DealRow, DealSortField>[] {
  return [
    {
      key: "title",
      label: "Title",
      sortField: "title",
      cellClassName: "max-w-[18rem]",
      edit: save ? { ...textEdit<DealRow>(save, (d) => `title of ${d.title}`, "title"), hasLinks: true } : undefined,
      cell: (d, layout) => (
        <>
          <Link href={`${base}/deals/${d.id}`} className="block truncate font-medium text-ink hover:text-brand-700 hover:underline">
            {d.title}
          </Link>
          {/* Small screens, default columns: company and stage, whose columns are hidden there. */}
          {layout.responsive && (
            <>
              {d.companyName && <span className="mt-0.5 block truncate text-xs text-ink-muted lg:hidden">{d.companyName}</span>}
              <span className="mt-1 flex flex-wrap items-center gap-1.5 md:hidden">
                <DealStatusBadge status={d.status} />
                <span className="text-xs text-ink-muted">{d.stageName}</span>
              </span>
            </>
          )}
        </>
      ),
    },
    {
      key: "company",
      label: "Company",
      hideBelow: "lg",
      cellClassName: "max-w-[12rem]",
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
      hideBelow: "md",
      edit: save ? stageEdit(save, pipelines) : undefined,
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
      edit: save ? amountEdit(save) : undefined,
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
      hideBelow: "xl",
      headerClassName: "whitespace-nowrap text-right",
      cellClassName: "whitespace-nowrap text-right tabular-nums text-ink-muted",
      cell: (d) => format.money(weightedMinor(d.amountMinor, d.effectiveProbability), d.currency),
    },
    {
      key: "owner",
      label: "Owner",
      hideBelow: "lg",
      cellClassName: "max-w-[10rem] truncate text-ink-muted",
      cell: (d) => d.ownerName ?? <Empty />,
      edit: save ? ownerEdit<DealRow>(save, members, titleOf) : undefined,
    },
    {
      key: "close",
      label: "Expected close",
      sortField: "expectedCloseDate",
      hideBelow: "sm",
      cellClassName: (d) => clsx("whitespace-nowrap", isOverdue(d, today) ? "font-medium text-danger-700" : "text-ink-muted"),
      cell: (d) => closeDateText(d, format, today) ?? <Empty />,
      edit: save ? textEdit<DealRow>(save, (d) => `expected close date of ${d.title}`, "expectedCloseDate", { clearable: true, input: { type: "date" } }) : undefined,
    },
    { key: "tags", label: "Tags", hideBelow: "xl", cellClassName: "max-w-[12rem]", cell: (d) => <TagList tags={d.tags} max={3} /> },
    ...trailingColumns<DealRow>({ fields, members, now, save, format }, titleOf),
  ];
}
