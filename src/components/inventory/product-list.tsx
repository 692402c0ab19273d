"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import { keysetOptions, useListUrl } from "@/components/records/hooks";
import { Chip, DebouncedField } from "@/components/records/list-filters";
import { hasListFilters } from "@/components/records/list-state";
import { FilterSelect } from "@/components/records/parts";
import { RecordList } from "@/components/records/record-list";
import { RecordTable, type RecordColumn } from "@/components/records/record-table";
import { SortSelect, TEXT_ORDER, TIME_ORDER, type SortOption, type SortWords } from "@/components/records/sort";
import { Icon } from "@/components/shell/icons";
import { ButtonLink } from "@/components/ui/button";
import { INVENTORY } from "@/server/modules/inventory/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { isNegative } from "./amounts";
import { PRODUCT_LIST, toProductListInput, type ProductSortField } from "./first-page";
import { Badge, LowStockBadge } from "./parts";
import { ScanBox } from "./scan-box";
import { useAmounts, type Amounts } from "./use-amounts";

/*
 * /t/[slug]/inventory: the products with their stock. Search, filters and sort live in the
 * URL (shareable, Back works); pages load with "Load more". Columns are a plain list below,
 * so saved views, a column chooser or bulk actions can be added as in the CRM's lists.
 */

export type ProductRow = {
  id: string;
  sku: string;
  name: string;
  category: string | null;
  unit: string;
  barcode: string | null;
  currency: string;
  active: boolean;
  lotTracked: boolean;
  onHand: string;
  available: string;
  value: string;
  lowStock: boolean;
};

const SORT_WORDS: SortWords<ProductSortField> = { updatedAt: TIME_ORDER, name: TEXT_ORDER, sku: TEXT_ORDER };

const SORT_OPTIONS: SortOption<ProductSortField>[] = [
  { sort: { field: "updatedAt", direction: "desc" }, label: "Recently updated" },
  { sort: { field: "updatedAt", direction: "asc" }, label: "Least recently updated" },
  { sort: { field: "name", direction: "asc" }, label: "Name, A to Z" },
  { sort: { field: "name", direction: "desc" }, label: "Name, Z to A" },
  { sort: { field: "sku", direction: "asc" }, label: "SKU, A to Z" },
  { sort: { field: "sku", direction: "desc" }, label: "SKU, Z to A" },
];

const SORT_LABEL: Record<ProductSortField, string> = { updatedAt: "by last update", name: "by name", sku: "by SKU" };

export function productColumns(base: string, amounts: Amounts): RecordColumn<ProductRow, ProductSortField>[] {
  const num = "whitespace-nowrap text-right tabular-nums";
  return [
    {
      key: "sku",
      label: "SKU",
      sortField: "sku",
      cellClassName: "max-w-[12rem]",
      cell: (p) => (
        <Link href={`${base}/products/${p.id}`} className="block truncate font-medium text-ink hover:text-brand-700 hover:underline">
          {p.sku}
        </Link>
      ),
    },
    {
      key: "name",
      label: "Name",
      sortField: "name",
      cellClassName: "max-w-[18rem]",
      cell: (p) => (
        <span className="flex flex-wrap items-center gap-1.5">
          <span className="truncate">{p.name}</span>
          {p.lowStock && <LowStockBadge />}
          {!p.active && <Badge>Inactive</Badge>}
          {p.lotTracked && <Badge tone="brand">Lots</Badge>}
        </span>
      ),
    },
    { key: "category", label: "Category", hideBelow: "md", cellClassName: "max-w-[10rem] truncate text-ink-muted", cell: (p) => p.category ?? <span className="text-ink-faint">—</span> },
    {
      key: "onHand",
      label: "On hand",
      headerClassName: "text-right",
      cellClassName: (p) => `${num} ${isNegative(p.onHand) ? "text-danger-700" : ""}`,
      cell: (p) => amounts.withUnit(p.onHand, p.unit),
    },
    { key: "available", label: "Available", hideBelow: "sm", headerClassName: "text-right", cellClassName: num, cell: (p) => amounts.quantity(p.available) },
    { key: "value", label: "Value", hideBelow: "sm", headerClassName: "text-right", cellClassName: num, cell: (p) => amounts.money(p.value, p.currency) },
  ];
}

export function ProductList({ slug, role }: { slug: string; role: MemberRole }) {
  const trpc = useTRPC();
  const base = `/t/${slug}/inventory`;
  const canEdit = roleAtLeast(role, INVENTORY.edit);
  const amounts = useAmounts();
  const { query, patch, clear } = useListUrl(PRODUCT_LIST);
  const input = useMemo(() => toProductListInput(query), [query]);
  const list = useInfiniteQuery(trpc.inventory.products.list.infiniteQueryOptions(input, keysetOptions(true)));
  const categories = useQuery(trpc.inventory.products.categories.queryOptions());
  const filtered = hasListFilters(PRODUCT_LIST, query);
  const newHref = `${base}/products/new`;
  const columns = productColumns(base, amounts);
  const categoryList = categories.data ?? [];

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="max-w-2xl">
          <h1 className="text-2xl font-semibold text-ink">Products</h1>
          <p className="mt-1 text-sm text-ink-muted">What you stock, how much is on hand and available in every warehouse, and what it is worth.</p>
        </div>
        {canEdit && (
          <ButtonLink href={newHref} className="shrink-0">
            <Icon name="plus" className="size-4" />
            New product
          </ButtonLink>
        )}
      </div>

      <ScanBox slug={slug} className="max-w-md" />

      <RecordList
        noun={{ one: "product", many: "products" }}
        list={list}
        filtered={filtered}
        rangeProblem={null}
        onClearFilters={clear}
        filters={
          <>
            <form role="search" aria-label="Filter products" className="flex flex-col gap-3" onSubmit={(e) => e.preventDefault()}>
              <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
                <DebouncedField label="Search" value={query.q ?? ""} placeholder="SKU, name, barcode or category" onCommit={(q, replace) => patch({ q }, { replace })} />
                <FilterSelect label="Category" value={query.category ?? ""} onChange={(e) => patch({ category: e.target.value || undefined })}>
                  <option value="">Any category</option>
                  {query.category && !categoryList.includes(query.category) && <option value={query.category}>{query.category}</option>}
                  {categoryList.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </FilterSelect>
                <FilterSelect label="Status" value={query.active ?? ""} onChange={(e) => patch({ active: e.target.value || undefined })}>
                  <option value="">Active and inactive</option>
                  <option value="yes">Active only</option>
                  <option value="no">Inactive only</option>
                </FilterSelect>
                <FilterSelect label="Lot tracking" value={query.lotTracked ?? ""} onChange={(e) => patch({ lotTracked: e.target.value || undefined })}>
                  <option value="">Any</option>
                  <option value="yes">Tracked by lot</option>
                  <option value="no">Not tracked by lot</option>
                </FilterSelect>
              </div>
              <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
                <Chip on={query.lowStock === "yes"} onClick={() => patch((live) => ({ lowStock: live.lowStock === "yes" ? undefined : "yes" }))}>
                  Low stock only
                </Chip>
                {filtered && (
                  <button type="button" className="text-sm font-medium text-brand-700 hover:underline" onClick={clear}>
                    Clear filters
                  </button>
                )}
              </div>
            </form>
            <SortSelect sort={query.sort} options={SORT_OPTIONS} onChange={(sort) => patch({ sort })} />
          </>
        }
        emptyActions={
          canEdit ? (
            <span className="mt-3 flex flex-wrap justify-center gap-2">
              <ButtonLink href={newHref}>New product</ButtonLink>
            </span>
          ) : (
            "Products your team adds will appear here."
          )
        }
      >
        {(rows, dimmed) => (
          <RecordTable
            rows={rows}
            columns={columns}
            sort={query.sort}
            sortWords={SORT_WORDS}
            onSort={(sort) => patch({ sort })}
            dimmed={dimmed}
            caption={`${filtered ? "Products matching the filters" : "Products"}, sorted ${SORT_LABEL[query.sort.field]}`}
          />
        )}
      </RecordList>
    </div>
  );
}
