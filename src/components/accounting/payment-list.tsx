"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Badge, TableFrame, TD, TD_NUM, TH, TH_NUM } from "@/components/inventory/parts";
import { TableSkeleton } from "@/components/records/parts";
import { EmptyState } from "@/components/ui/card";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { FilterChips } from "./document-parts";
import { paymentsInput, readPaymentFilter, type PaymentFilter } from "./first-page";
import { useMoney } from "./parts";

/*
 * /t/[slug]/accounting/payments: money received from customers and paid to suppliers,
 * newest first, 50 at a time, filtered by direction (?direction=received|made). A payment
 * is recorded from its invoice or bill.
 */

function Pages({ slug, filter }: { slug: string; filter: PaymentFilter }) {
  const trpc = useTRPC();
  const { format, money } = useMoney();
  const first = useQuery(trpc.accounting.payments.list.queryOptions(paymentsInput(filter)));
  const [cursors, setCursors] = useState<{ date: string; id: string }[]>([]);
  const more = useQueries({ queries: cursors.map((before) => trpc.accounting.payments.list.queryOptions(paymentsInput(filter, before))) });

  if (first.isPending) {
    return (
      <>
        <span className="sr-only" role="status">
          Loading the payments…
        </span>
        <TableSkeleton rows={6} />
      </>
    );
  }
  if (first.isError) return <LoadError message={`Could not load the payments: ${readServerError(first.error).message}`} retrying={first.isFetching} onRetry={() => void first.refetch()} />;
  const pages = [first.data, ...more.map((q) => q.data)];
  const rows = pages.flatMap((page) => page?.items ?? []);
  const loadingMore = more.some((q) => q.isFetching);
  const moreError = more.find((q) => q.isError);
  const next = pages[pages.length - 1]?.next ?? null;

  if (rows.length === 0) {
    return (
      <EmptyState title={filter === "received" ? "No payments received yet" : filter === "made" ? "No payments made yet" : "No payments yet"}>
        A payment is recorded from its{" "}
        <Link href={`/t/${slug}/accounting/invoices?status=unpaid`} className="font-medium text-brand-700 hover:underline">
          invoice
        </Link>{" "}
        or{" "}
        <Link href={`/t/${slug}/accounting/bills?status=unpaid`} className="font-medium text-brand-700 hover:underline">
          bill
        </Link>
        : “Record payment”.
      </EmptyState>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <TableFrame caption="Payments, newest first">
        <thead className="bg-surface-muted">
          <tr>
            <th scope="col" className={TH}>Date</th>
            <th scope="col" className={TH}>Party</th>
            <th scope="col" className={TH}>Direction</th>
            <th scope="col" className={TH}>Method / reference</th>
            <th scope="col" className={TH_NUM}>Amount</th>
            <th scope="col" className={TH_NUM}>Unallocated</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 bg-white">
          {rows.map((p) => (
            <tr key={p.id} className={clsx(p.voided && "text-ink-faint")}>
              <td className={clsx(TD, "whitespace-nowrap")}>
                <Link href={`/t/${slug}/accounting/payments/${p.id}`} className="font-medium text-brand-700 hover:underline">
                  {format.day(p.date)}
                </Link>
              </td>
              <td className={clsx(TD, "max-w-xs truncate")}>{p.partyName}</td>
              <td className={TD}>
                {p.direction === "received" ? "Received" : "Made"} {p.voided && <Badge>Void</Badge>}
              </td>
              <td className={TD}>{[p.method, p.reference].filter(Boolean).join(" · ")}</td>
              <td className={TD_NUM}>{money(p.amount, p.currency)}</td>
              <td className={TD_NUM}>{/[1-9]/.test(p.unallocated) ? money(p.unallocated, p.currency) : ""}</td>
            </tr>
          ))}
        </tbody>
      </TableFrame>
      {moreError && <LoadError message={`Could not load more payments: ${readServerError(moreError.error).message}`} retrying={loadingMore} onRetry={() => void moreError.refetch()} />}
      <ListFooter
        summary={`${rows.length} ${rows.length === 1 ? "payment" : "payments"} shown${next ? "" : ", all of them"}`}
        hasMore={next !== null && !moreError}
        loadingMore={loadingMore}
        onLoadMore={() => next && setCursors((c) => (c.some((x) => x.id === next.id) ? c : [...c, next]))}
      />
    </div>
  );
}

export function PaymentList({ slug }: { slug: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filter = readPaymentFilter(params.get("direction"));
  return (
    <div className="flex flex-col gap-6">
      <div className="max-w-2xl">
        <h1 className="text-2xl font-semibold text-ink">Payments</h1>
        <p className="mt-1 text-sm text-ink-muted">Money in from customers and out to suppliers, each posted to cash or bank and allocated to invoices or bills; what is not allocated is the party&apos;s credit.</p>
      </div>
      <FilterChips
        label="Filter payments by direction"
        value={filter}
        onChange={(value) => router.replace(value === "all" ? pathname : `${pathname}?direction=${value}`, { scroll: false })}
        options={[
          { value: "all", label: "All" },
          { value: "received", label: "Received" },
          { value: "made", label: "Made" },
        ]}
      />
      <Pages key={filter} slug={slug} filter={filter} />
    </div>
  );
}
