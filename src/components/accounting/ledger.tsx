"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Section, TableFrame, TD, TD_NUM, TH, TH_NUM } from "@/components/inventory/parts";
import { parseDay } from "@/components/records/list-state";
import { TableSkeleton } from "@/components/records/parts";
import { TextField } from "@/components/ui/field";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { ledgerInput } from "./first-page";
import { ACCOUNT_TYPE_LABELS } from "./labels";
import { useMoney } from "./parts";

/*
 * /t/[slug]/accounting/accounts/[id] (?from&to): an account's general ledger, its posted
 * lines in date order with the running balance (debit − credit) per currency, starting
 * from the opening balance before the range; 100 lines at a time.
 */

type Cursor = { date: string; number: number; lineNo: number };

function LedgerPages({ slug, accountId, from, to }: { slug: string; accountId: string; from: string | undefined; to: string | undefined }) {
  const trpc = useTRPC();
  const { money, format } = useMoney();
  const first = useQuery(trpc.accounting.reports.generalLedger.queryOptions(ledgerInput(accountId, from, to)));
  const [cursors, setCursors] = useState<Cursor[]>([]);
  const more = useQueries({ queries: cursors.map((after) => trpc.accounting.reports.generalLedger.queryOptions(ledgerInput(accountId, from, to, after))) });

  if (first.isPending) {
    return (
      <>
        <span className="sr-only" role="status">
          Loading the ledger…
        </span>
        <TableSkeleton rows={6} />
      </>
    );
  }
  if (first.isError) {
    return <LoadError message={`Could not load the ledger: ${readServerError(first.error).message}`} retrying={first.isFetching} onRetry={() => void first.refetch()} />;
  }
  const pages = [first.data, ...more.map((q) => q.data)];
  const items = pages.flatMap((p) => p?.items ?? []);
  const next = pages[pages.length - 1]?.next ?? null;
  const loadingMore = more.some((q) => q.isFetching);
  const moreError = more.find((q) => q.isError);
  const opening = first.data.opening.filter((o) => /[1-9]/.test(o.balance));
  const closing = new Map<string, string>(first.data.opening.map((o) => [o.currency, o.balance]));
  for (const item of items) closing.set(item.currency, item.balance);

  return (
    <div className="flex flex-col gap-4">
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <div className="rounded-lg border border-gray-200 bg-surface-muted px-4 py-3">
          <dt className="text-xs font-medium uppercase tracking-wide text-ink-faint">Opening balance{from ? ` before ${format.day(from)}` : ""}</dt>
          {opening.length === 0 ? (
            <dd className="mt-1 text-sm text-ink-muted">Nothing</dd>
          ) : (
            opening.map((o) => (
              <dd key={o.currency} className="mt-1 font-semibold tabular-nums text-ink">
                {money(o.balance, o.currency)}
              </dd>
            ))
          )}
        </div>
        <div className="rounded-lg border border-gray-200 bg-surface-muted px-4 py-3">
          <dt className="text-xs font-medium uppercase tracking-wide text-ink-faint">Balance after the lines shown</dt>
          {closing.size === 0 ? (
            <dd className="mt-1 text-sm text-ink-muted">Nothing</dd>
          ) : (
            [...closing.entries()].map(([currency, balance]) => (
              <dd key={currency} className="mt-1 font-semibold tabular-nums text-ink">
                {money(balance, currency)}
              </dd>
            ))
          )}
        </div>
      </dl>
      {items.length === 0 ? (
        <p className="text-sm text-ink-muted">No posted lines{from || to ? " in this range" : ""}.</p>
      ) : (
        <TableFrame caption="Posted lines with the running balance">
          <thead className="bg-surface-muted">
            <tr>
              <th scope="col" className={TH}>Date</th>
              <th scope="col" className={TH}>Entry</th>
              <th scope="col" className={TH}>Memo</th>
              <th scope="col" className={TH}>Currency</th>
              <th scope="col" className={TH_NUM}>Debit</th>
              <th scope="col" className={TH_NUM}>Credit</th>
              <th scope="col" className={TH_NUM}>Balance</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100 bg-white">
            {items.map((item) => (
              <tr key={`${item.entryId}-${item.lineNo}`}>
                <td className={clsx(TD, "whitespace-nowrap")}>{format.day(item.date)}</td>
                <td className={clsx(TD, "tabular-nums")}>
                  <Link href={`/t/${slug}/accounting/entries/${item.entryId}`} className="text-brand-700 hover:underline">
                    Entry {item.number}
                  </Link>
                </td>
                <td className={TD}>{item.description || item.memo}</td>
                <td className={TD}>{item.currency}</td>
                <td className={TD_NUM}>{/[1-9]/.test(item.debit) ? money(item.debit, item.currency) : ""}</td>
                <td className={TD_NUM}>{/[1-9]/.test(item.credit) ? money(item.credit, item.currency) : ""}</td>
                <td className={clsx(TD_NUM, "font-medium")}>{money(item.balance, item.currency)}</td>
              </tr>
            ))}
          </tbody>
        </TableFrame>
      )}
      {moreError && <LoadError message={`Could not load more lines: ${readServerError(moreError.error).message}`} retrying={loadingMore} onRetry={() => void moreError.refetch()} />}
      {items.length > 0 && (
        <ListFooter
          summary={`${items.length} ${items.length === 1 ? "line" : "lines"} shown${next ? "" : ", all of them"}`}
          hasMore={next !== null && !moreError}
          loadingMore={loadingMore}
          onLoadMore={() => next && setCursors((c) => [...c, next])}
        />
      )}
    </div>
  );
}

export function AccountLedger({ slug, accountId }: { slug: string; accountId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const from = parseDay(params.get("from"));
  const to = parseDay(params.get("to"));
  const accounts = useQuery(trpc.accounting.accounts.list.queryOptions());
  const account = accounts.data?.find((a) => a.id === accountId);
  const setRange = (changes: { from?: string; to?: string }) => {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(changes)) {
      const day = parseDay(value);
      if (day) next.set(key, day);
      else next.delete(key);
    }
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="min-w-0">
          <p className="text-sm">
            <Link href={`/t/${slug}/accounting/accounts`} className="text-brand-700 hover:underline">
              Chart of accounts
            </Link>
          </p>
          <h1 className="mt-1 text-2xl font-semibold text-ink">{account ? `${account.code} ${account.name}` : "General ledger"}</h1>
          <p className="mt-1 text-sm text-ink-muted">
            {account ? `${ACCOUNT_TYPE_LABELS[account.type]} · ` : ""}General ledger: every posted line, with the balance (debits − credits) after each, per currency.
          </p>
        </div>
        <form className="flex items-end gap-2" aria-label="Ledger range" onSubmit={(e) => e.preventDefault()}>
          <TextField label="From" type="date" value={from ?? ""} onChange={(e) => setRange({ from: e.target.value })} />
          <TextField label="To" type="date" value={to ?? ""} onChange={(e) => setRange({ to: e.target.value })} />
        </form>
      </div>
      <Section id="ledger-heading" title="Lines">
        <LedgerPages key={`${from ?? ""}-${to ?? ""}`} slug={slug} accountId={accountId} from={from} to={to} />
      </Section>
    </div>
  );
}
