"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import { RelativeTime } from "@/components/jobs/relative-time";
import { useNow } from "@/components/jobs/format";
import { ColumnChooser } from "@/components/records/column-chooser";
import { orderColumns, readColumnChoice, shownColumns } from "@/components/records/columns";
import { keysetOptions, useListUrl } from "@/components/records/hooks";
import { ListHeader } from "@/components/records/list-header";
import { Chip, DebouncedField } from "@/components/records/list-filters";
import { hasListFilters } from "@/components/records/list-state";
import { FilterSelect } from "@/components/records/parts";
import { RecordList, rowsOf } from "@/components/records/record-list";
import { RecordTable, type RecordColumn } from "@/components/records/record-table";
import { SavedViews } from "@/components/records/saved-views";
import { SortSelect, TEXT_ORDER, TIME_ORDER, type SortOption, type SortWords } from "@/components/records/sort";
import { useColumns } from "@/components/records/use-columns";
import { ButtonLink } from "@/components/ui/button";
import { INVENTORY } from "@/server/modules/inventory/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { isNegative } from "./amounts";
import { PRODUCT_LIST, toProductListInput, type ProductSortField } from "./first-page";
import { Badge, LowStockBadge } from "./parts";
import { productExportHref, useProductBulk, useProductSavedViews } from "./product-bulk";
import { ScanBox } from "./scan-box";
import { useAmounts, type Amounts } from "./use-amounts";

/*
 * /t/[slug]/inventory: the products with their stock. Search, filters and sort live in the
 * URL (shareable, Back works); pages load with "Load more". Personal saved views keep the
 * filters, sort and columns (keys: PRODUCT_LIST_COLUMNS in the server's validation.ts);
 * selected rows get bulk actions; the list exports as CSV exactly as filtered and sorted.
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
  salePriceMinor: string | null;
  reserved: string;
  updatedAt: Date;
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

/** Every column of the list, the SKU first (fixed); the keys are the server's PRODUCT_LIST_COLUMNS (saved views store them). */
export function productColumns(base: string, amounts: Amounts, now: number): RecordColumn<ProductRow, ProductSortField>[] {
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
    { key: "unit", label: "Unit", hideBelow: "2xl", cellClassName: "whitespace-nowrap text-ink-muted", cell: (p) => p.unit },
    { key: "barcode", label: "Barcode", hideBelow: "2xl", cellClassName: "whitespace-nowrap text-ink-muted", cell: (p) => p.barcode ?? <span className="text-ink-faint">—</span> },
    {
      key: "salePrice",
      label: "Sale price",
      hideBelow: "xl",
      headerClassName: "text-right",
      cellClassName: num,
      cell: (p) => (p.salePriceMinor === null ? <span className="text-ink-faint">—</span> : amounts.money(p.salePriceMinor, p.currency)),
    },
    {
      key: "onHand",
      label: "On hand",
      headerClassName: "text-right",
      cellClassName: (p) => `${num} ${isNegative(p.onHand) ? "text-danger-700" : ""}`,
      cell: (p) => amounts.withUnit(p.onHand, p.unit),
    },
    { key: "reserved", label: "Reserved", hideBelow: "2xl", headerClassName: "text-right", cellClassName: num, cell: (p) => amounts.quantity(p.reserved) },
    { key: "available", label: "Available", hideBelow: "sm", headerClassName: "text-right", cellClassName: num, cell: (p) => amounts.quantity(p.available) },
    { key: "value", label: "Value", hideBelow: "sm", headerClassName: "text-right", cellClassName: num, cell: (p) => amounts.money(p.value, p.currency) },
    { key: "updatedAt", label: "Updated", sortField: "updatedAt", hideBelow: "xl", cellClassName: "whitespace-nowrap text-ink-muted", cell: (p) => <RelativeTime date={p.updatedAt} now={now} /> },
  ];
}

export function ProductList({ slug, role, tenantId, userId }: { slug: string; role: MemberRole; tenantId: string; userId: string }) {
  const trpc = useTRPC();
  const base = `/t/${slug}/inventory`;
  const canEdit = roleAtLeast(role, INVENTORY.edit);
  const amounts = useAmounts();
  const tick = useNow();
  const { query, viewId, navigate, patch, clear } = useListUrl(PRODUCT_LIST);
  const input = useMemo(() => toProductListInput(query), [query]);
  const list = useInfiniteQuery(trpc.inventory.products.list.infiniteQueryOptions(input, keysetOptions(true)));
  const categories = useQuery(trpc.inventory.products.categories.queryOptions());
  const views = useProductSavedViews();
  const filtered = hasListFilters(PRODUCT_LIST, query);
  const newHref = `${base}/products/new`;
  const importHref = `${base}/imports/new`;
  const categoryList = categories.data ?? [];

  // Columns: chosen per saved view (or for the default list, in this browser).
  const allColumns = productColumns(base, amounts, Math.max(tick, list.dataUpdatedAt));
  const columnMeta = allColumns.map((c, i) => ({ key: c.key, label: c.label, fixed: i === 0 }));
  const activeView = viewId ? views.views.find((v) => v.id === viewId) : undefined;
  const shown = useColumns(columnMeta, `neuroops:columns:${tenantId}:${userId}:product`, activeView ? { id: activeView.id, columns: readColumnChoice(activeView.query.columns) } : null);
  const columns = orderColumns(allColumns, shownColumns(columnMeta, shown.choice));

  const bulk = useProductBulk({
    tenantId,
    input,
    rows: rowsOf(list),
    hasMore: list.hasNextPage,
    canEdit,
    labelOf: (p: ProductRow) => `${p.name} (${p.sku})`,
    categories: categoryList,
  });

  return (
    <div className="flex flex-col gap-6">
      <ListHeader
        title="Products"
        description="What you stock, how much is on hand and available in every warehouse, and what it is worth."
        newHref={canEdit ? newHref : undefined}
        newLabel="New product"
        importHref={canEdit ? importHref : undefined}
        exportHref={productExportHref(tenantId, input)}
        exportTitle={filtered ? "Download the products matching the filters as CSV" : "Download all products as CSV"}
      />

      <ScanBox slug={slug} className="max-w-md" />

      <SavedViews
        store={views}
        spec={PRODUCT_LIST}
        many="products"
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
            <div className="flex flex-wrap items-end justify-between gap-3">
              <SortSelect sort={query.sort} options={SORT_OPTIONS} onChange={(sort) => patch({ sort })} />
              <div className="ml-auto">
                <ColumnChooser columns={columnMeta} choice={shown.choice} onChange={shown.setChoice} />
              </div>
            </div>
          </>
        }
        emptyActions={
          canEdit ? (
            <span className="mt-3 flex flex-wrap justify-center gap-2">
              <ButtonLink href={newHref}>New product</ButtonLink>
              <ButtonLink href={importHref} variant="secondary">
                Import from CSV
              </ButtonLink>
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
            layout={{ responsive: shown.choice === null }}
            sort={query.sort}
            sortWords={SORT_WORDS}
            onSort={(sort) => patch({ sort })}
            dimmed={dimmed}
            selection={bulk.rowSelection}
            caption={`${filtered ? "Products matching the filters" : "Products"}, sorted ${SORT_LABEL[query.sort.field]}`}
          />
        )}
      </RecordList>
    </div>
  );
}
