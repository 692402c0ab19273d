"use client";

import { useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { parseDay } from "@/components/records/list-state";
import { TableSkeleton } from "@/components/records/parts";
import { TextField } from "@/components/ui/field";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { valuationInput } from "./first-page";
import { Section, TableFrame, TD, TD_NUM, TH, TH_NUM } from "./parts";
import { useAmounts } from "./use-amounts";
import type { Valuation } from "./types";

/*
 * /t/[slug]/inventory/valuation: what the stock is worth, now or at the end of a past day,
 * by warehouse, by category and in total; one line per currency (never summed across them).
 */

type Group = Valuation["byWarehouse"][number];

function GroupTable({ id, title, caption, rows, firstHeader }: { id: string; title: string; caption: string; rows: Group[]; firstHeader: string }) {
  const amounts = useAmounts();
  return (
    <Section id={id} title={title}>
      {rows.length === 0 ? (
        <p className="text-sm text-ink-muted">No stock.</p>
      ) : (
        <TableFrame caption={caption}>
          <thead className="bg-surface-muted">
            <tr>
              <th scope="col" className={TH}>{firstHeader}</th>
              <th scope="col" className={TH}>Currency</th>
              <th scope="col" className={TH_NUM}>Quantity</th>
              <th scope="col" className={TH_NUM}>Value</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100 bg-white">
            {rows.map((r) => (
              <tr key={`${r.key}-${r.currency}`}>
                <th scope="row" className={clsx(TD, "text-left font-medium text-ink")}>
                  {r.label}
                </th>
                <td className={TD}>{r.currency}</td>
                <td className={TD_NUM}>{amounts.quantity(r.quantity)}</td>
                <td className={TD_NUM}>{amounts.money(r.value, r.currency)}</td>
              </tr>
            ))}
          </tbody>
        </TableFrame>
      )}
    </Section>
  );
}

export function StockValuation() {
  const trpc = useTRPC();
  const amounts = useAmounts();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const asOf = parseDay(params.get("asOf"));
  const today = amounts.format.dayKey(new Date());
  const valuation = useQuery(trpc.inventory.stock.valuation.queryOptions(valuationInput(asOf), { placeholderData: (previous) => previous }));
  const data = valuation.data;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="max-w-2xl">
          <h1 className="text-2xl font-semibold text-ink">Stock valuation</h1>
          <p className="mt-1 text-sm text-ink-muted">
            What the stock on hand is worth at its moving average cost{asOf ? `, at the end of ${amounts.format.day(asOf)}` : ", now"}. A movement entered later with an earlier date changes past values.
          </p>
        </div>
        <form className="flex items-end gap-2" aria-label="Valuation date" onSubmit={(e) => e.preventDefault()}>
          <TextField
            label="As of"
            type="date"
            max={today}
            value={asOf ?? ""}
            hint="Empty: now."
            onChange={(e) => {
              const day = parseDay(e.target.value);
              router.replace(day ? `${pathname}?asOf=${day}` : pathname, { scroll: false });
            }}
          />
        </form>
      </div>

      {valuation.isPending ? (
        <>
          <span className="sr-only" role="status">
            Loading the valuation…
          </span>
          <TableSkeleton rows={4} />
        </>
      ) : valuation.isError && !data ? (
        <LoadError message={`Could not load the valuation: ${readServerError(valuation.error).message}`} retrying={valuation.isFetching} onRetry={() => void valuation.refetch()} />
      ) : data ? (
        <div className={clsx("flex flex-col gap-6 transition-opacity", valuation.isPlaceholderData && "opacity-60")} aria-busy={valuation.isFetching || undefined}>
          <section aria-labelledby="valuation-total-heading" className="rounded-card border border-gray-200 bg-white p-5 shadow-sm">
            <h2 id="valuation-total-heading" className="text-base font-semibold text-ink">
              Total
            </h2>
            {data.total.length === 0 ? (
              <p className="mt-2 text-sm text-ink-muted">No stock{asOf ? " at that date" : ""}.</p>
            ) : (
              <dl className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-3">
                {data.total.map((t) => (
                  <div key={t.currency} className="rounded-lg border border-gray-200 bg-surface-muted px-4 py-3">
                    <dt className="text-xs font-medium uppercase tracking-wide text-ink-faint">Value in {t.currency}</dt>
                    <dd className="mt-1 text-lg font-semibold tabular-nums text-ink">{amounts.money(t.value, t.currency)}</dd>
                    <dd className="text-xs text-ink-muted">{amounts.quantity(t.quantity)} units</dd>
                  </div>
                ))}
              </dl>
            )}
          </section>
          <GroupTable id="valuation-warehouse-heading" title="By warehouse" caption="Stock value by warehouse and currency" firstHeader="Warehouse" rows={data.byWarehouse} />
          <GroupTable id="valuation-category-heading" title="By category" caption="Stock value by category and currency" firstHeader="Category" rows={data.byCategory} />
        </div>
      ) : null}
    </div>
  );
}
