"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { TableSkeleton } from "@/components/records/parts";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { isNegative } from "./amounts";
import { historyInput } from "./first-page";
import { MOVEMENT_KIND_HINTS, movementLabel } from "./labels";
import { Section, TableFrame, TD, TD_NUM, TH, TH_NUM } from "./parts";
import { useAmounts } from "./use-amounts";
import type { ProductDetail } from "./types";

/*
 * A product's movements, newest first, with the running quantity and value of their
 * warehouse after each. Value-only entries (revaluations after a backdated movement,
 * shortfall corrections) say what they are.
 */
export function MovementHistory({ product }: { product: Pick<ProductDetail, "id" | "unit" | "currency"> }) {
  const trpc = useTRPC();
  const amounts = useAmounts();
  const history = useInfiniteQuery(trpc.inventory.stock.history.infiniteQueryOptions(historyInput(product.id), { getNextPageParam: (page) => page.nextCursor }));
  const rows = history.data?.pages.flatMap((p) => p.items) ?? [];
  const money = (text: string | null) => (text === null ? <span className="text-ink-faint">—</span> : amounts.money(text, product.currency));

  return (
    <Section id="movement-history-heading" title="Movement history" description="Newest first. Running quantity and value are those of the movement's warehouse after it.">
      {history.isPending ? (
        <>
          <span className="sr-only" role="status">
            Loading the history…
          </span>
          <TableSkeleton rows={3} />
        </>
      ) : history.isError && rows.length === 0 ? (
        <LoadError message={`Could not load the history: ${readServerError(history.error).message}`} retrying={history.isFetching} onRetry={() => void history.refetch()} />
      ) : rows.length === 0 ? (
        <p className="text-sm text-ink-muted">No movements yet. Receive stock to start.</p>
      ) : (
        <div className="flex flex-col gap-3">
          <TableFrame caption="Movements of this product, newest first">
            <thead className="bg-surface-muted">
              <tr>
                <th scope="col" className={TH}>Movement</th>
                <th scope="col" className={TH}>Date</th>
                <th scope="col" className={TH}>Warehouse</th>
                <th scope="col" className={TH}>Lot</th>
                <th scope="col" className={TH_NUM}>Quantity</th>
                <th scope="col" className={TH_NUM}>Unit cost</th>
                <th scope="col" className={TH_NUM}>Value</th>
                <th scope="col" className={TH_NUM}>Running qty</th>
                <th scope="col" className={TH_NUM}>Running value</th>
                <th scope="col" className={TH}>Reference</th>
                <th scope="col" className={TH}>By</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100 bg-white">
              {rows.map((m) => {
                const valueOnly = m.kind === "revaluation" || m.kind === "shortfall_correction";
                return (
                  <tr key={m.id} className={clsx(valueOnly && "bg-amber-50/60")}>
                    <th scope="row" className={clsx(TD, "text-left font-medium text-ink")}>
                      {movementLabel(m.kind, m.reason)}
                      {MOVEMENT_KIND_HINTS[m.kind] && <span className="block max-w-[16rem] text-xs font-normal text-ink-muted">{MOVEMENT_KIND_HINTS[m.kind]}</span>}
                      {m.note && <span className="block max-w-[16rem] text-xs font-normal text-ink-muted">{m.note}</span>}
                    </th>
                    <td className={clsx(TD, "whitespace-nowrap text-ink-muted")}>{amounts.format.dateTime(m.effectiveAt)}</td>
                    <td className={clsx(TD, "whitespace-nowrap")}>{m.warehouseName}</td>
                    <td className={TD}>{m.lotNumber ?? <span className="text-ink-faint">—</span>}</td>
                    <td className={clsx(TD_NUM, isNegative(m.quantity) && "text-danger-700")}>{valueOnly ? <span className="text-ink-faint">—</span> : amounts.quantity(m.quantity)}</td>
                    <td className={TD_NUM}>{money(m.unitCost)}</td>
                    <td className={clsx(TD_NUM, isNegative(m.value) && "text-danger-700")}>{money(m.value)}</td>
                    <td className={TD_NUM}>{amounts.quantity(m.runningQuantity)}</td>
                    <td className={TD_NUM}>{money(m.runningValue)}</td>
                    <td className={clsx(TD, "whitespace-nowrap")}>{[m.referenceType, m.referenceId].filter(Boolean).join(" ") || <span className="text-ink-faint">—</span>}</td>
                    <td className={clsx(TD, "whitespace-nowrap text-ink-muted")}>{m.actorName ?? <span className="text-ink-faint">—</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </TableFrame>
          <ListFooter
            summary={history.hasNextPage ? `Showing the latest ${rows.length} movements; older ones are available.` : `Showing all ${rows.length} movements.`}
            hasMore={history.hasNextPage}
            loadingMore={history.isFetchingNextPage}
            onLoadMore={() => void history.fetchNextPage()}
          />
        </div>
      )}
    </Section>
  );
}
