"use client";

import { useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { ReorderSuggestions } from "@/components/analytics/forecasts/reorder-suggestions";
import { isUuid } from "@/components/records/list-state";
import { FilterSelect, TableSkeleton } from "@/components/records/parts";
import { EmptyState } from "@/components/ui/card";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { isNegative } from "./amounts";
import { lowStockInput } from "./first-page";
import { TableFrame, TD, TD_NUM, TH, TH_NUM } from "./parts";
import { useAmounts } from "./use-amounts";

/* /t/[slug]/inventory/low-stock: active products at or below their reorder point, most short first, with what to order. */
export function LowStockList({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const amounts = useAmounts();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const warehouseParam = params.get("warehouse");
  const warehouseId = isUuid(warehouseParam) ? warehouseParam : undefined;
  const warehouses = useQuery(trpc.inventory.warehouses.list.queryOptions());
  const low = useQuery(trpc.inventory.stock.lowStock.queryOptions(lowStockInput(warehouseId), { placeholderData: (previous) => previous }));
  const rows = low.data ?? [];
  const base = `/t/${slug}/inventory`;

  return (
    <div className="flex flex-col gap-6">
      <div className="max-w-2xl">
        <h1 className="text-2xl font-semibold text-ink">Low stock</h1>
        <p className="mt-1 text-sm text-ink-muted">Active products whose available stock (on hand less reserved) is at or below their reorder point, the most short first.</p>
      </div>
      <section aria-labelledby="low-stock-heading" className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
        <h2 id="low-stock-heading" className="sr-only">
          Products to reorder
        </h2>
        <FilterSelect
          label="Warehouse"
          className="sm:w-72"
          value={warehouseId ?? ""}
          onChange={(e) => router.replace(e.target.value ? `${pathname}?warehouse=${e.target.value}` : pathname, { scroll: false })}
        >
          <option value="">All warehouses</option>
          {(warehouses.data ?? []).map((w) => (
            <option key={w.id} value={w.id}>
              {w.name} ({w.code})
            </option>
          ))}
        </FilterSelect>
        {low.isPending ? (
          <>
            <span className="sr-only" role="status">
              Loading low stock…
            </span>
            <TableSkeleton rows={3} />
          </>
        ) : low.isError && !low.data ? (
          <LoadError message={`Could not load low stock: ${readServerError(low.error).message}`} retrying={low.isFetching} onRetry={() => void low.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState title="Nothing is low on stock.">Products appear here when their available stock falls to the reorder point set on their page.</EmptyState>
        ) : (
          <div className={clsx(low.isPlaceholderData && "opacity-60")} aria-busy={low.isFetching || undefined}>
            <TableFrame caption="Products at or below their reorder point">
              <thead className="bg-surface-muted">
                <tr>
                  <th scope="col" className={TH}>Product</th>
                  <th scope="col" className={TH}>Warehouse</th>
                  <th scope="col" className={TH_NUM}>On hand</th>
                  <th scope="col" className={TH_NUM}>Reserved</th>
                  <th scope="col" className={TH_NUM}>Available</th>
                  <th scope="col" className={TH_NUM}>Reorder point</th>
                  <th scope="col" className={TH_NUM}>Order</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100 bg-white">
                {rows.map((r) => (
                  <tr key={`${r.productId}-${r.warehouseId}`}>
                    <th scope="row" className={clsx(TD, "text-left font-medium")}>
                      <Link href={`${base}/products/${r.productId}`} className="text-ink hover:text-brand-700 hover:underline">
                        {r.name}
                      </Link>
                      <span className="block text-xs font-normal text-ink-faint">{r.sku}</span>
                    </th>
                    <td className={TD}>{r.warehouseName}</td>
                    <td className={TD_NUM}>{amounts.withUnit(r.onHand, r.unit)}</td>
                    <td className={TD_NUM}>{amounts.quantity(r.reserved)}</td>
                    <td className={clsx(TD_NUM, isNegative(r.available) && "text-danger-700")}>{amounts.quantity(r.available)}</td>
                    <td className={TD_NUM}>{amounts.quantity(r.reorderPoint)}</td>
                    <td className={TD_NUM}>{amounts.withUnit(r.reorderQuantity, r.unit)}</td>
                  </tr>
                ))}
              </tbody>
            </TableFrame>
          </div>
        )}
      </section>
      <ReorderSuggestions slug={slug} />
    </div>
  );
}
