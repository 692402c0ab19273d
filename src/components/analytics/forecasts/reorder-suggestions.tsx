"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useFormat } from "@/components/format/format-provider";
import { TableSkeleton } from "@/components/records/parts";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";

/*
 * Reorder suggestions from the demand forecasts, on the inventory low-stock page. The page asks
 * the analytics module's procedure (analytics.forecasts.reorder); inventory's server code knows
 * nothing of analytics, analytics reads inventory's functions.
 */
export function ReorderSuggestions({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const format = useFormat();
  const query = useQuery(trpc.analytics.forecasts.reorder.queryOptions());
  const data = query.data;
  const qty = (value: number) => format.number(Math.round(value * 10) / 10);

  return (
    <section aria-labelledby="reorder-heading" className="flex flex-col gap-3 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <h2 id="reorder-heading" className="text-base font-semibold text-ink">
        Reorder suggestions from the demand forecast
      </h2>
      {query.isPending ? (
        <TableSkeleton rows={2} />
      ) : query.isError ? (
        <LoadError message={`Could not load the suggestions: ${readServerError(query.error).message}`} retrying={query.isFetching} onRetry={() => void query.refetch()} />
      ) : !data!.enabled ? (
        <p className="text-sm text-ink-muted">
          With forecasting (a paid plan), products shipped often get a suggested order quantity and order-by date from their demand forecast.{" "}
          <Link href={`/t/${slug}/analytics/forecasts`} className="text-brand-700 underline">
            About forecasts
          </Link>
        </p>
      ) : (
        <>
          <p className="text-sm text-ink-muted">
            Reorder point = forecast demand over the lead time + safety stock (up to the upper end of the 95% interval). Inventory records no lead time per product yet,
            so every product uses {data!.leadTimeDays} days; an order covers the lead time and {data!.reviewDays} more days. Stock is summed over all warehouses.
          </p>
          {data!.suggestions.length === 0 ? (
            <p className="text-sm text-ink-muted">No demand forecasts yet: they are made for the products shipped most over the last year.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="min-w-full text-sm" data-testid="reorder-suggestions">
                <caption className="sr-only">Suggested orders, soonest first</caption>
                <thead className="bg-surface-muted text-left text-xs text-ink-muted">
                  <tr>
                    <th scope="col" className="px-3 py-2 font-medium">Product</th>
                    <th scope="col" className="px-3 py-2 text-right font-medium">Available</th>
                    <th scope="col" className="px-3 py-2 text-right font-medium">Demand over lead time</th>
                    <th scope="col" className="px-3 py-2 text-right font-medium">Safety stock</th>
                    <th scope="col" className="px-3 py-2 text-right font-medium">Reorder point</th>
                    <th scope="col" className="px-3 py-2 text-right font-medium">Order</th>
                    <th scope="col" className="px-3 py-2 font-medium">Order by</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-gray-100">
                  {data!.suggestions.map((s) => (
                    <tr key={s.productId}>
                      <th scope="row" className="px-3 py-2 text-left font-medium">
                        <Link href={`/t/${slug}/inventory/products/${s.productId}`} className="text-ink hover:text-brand-700 hover:underline">
                          {s.label}
                        </Link>
                        <span className="block text-xs font-normal text-ink-faint">{s.method}</span>
                      </th>
                      <td className="px-3 py-2 text-right tabular-nums">{qty(s.available)}</td>
                      <td className="px-3 py-2 text-right tabular-nums">{qty(s.demandOverLeadTime)}</td>
                      <td className="px-3 py-2 text-right tabular-nums">{qty(s.safetyStock)}</td>
                      <td className="px-3 py-2 text-right tabular-nums">{qty(s.reorderPoint)}</td>
                      <td className="px-3 py-2 text-right tabular-nums">{s.orderBy ? format.number(s.suggestedQuantity) : "—"}</td>
                      <td className="px-3 py-2 whitespace-nowrap">{s.orderBy ? format.day(s.orderBy) : "Not within 12 months"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
