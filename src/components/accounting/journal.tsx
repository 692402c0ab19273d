"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Badge, TableFrame, TD, TH } from "@/components/inventory/parts";
import { FilterSelect, TableSkeleton } from "@/components/records/parts";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { entriesInput, readStatus, type EntryStatusFilter } from "./first-page";
import { SOURCE_LABELS } from "./labels";
import { useMoney } from "./parts";
import type { EntryRow } from "./types";

/*
 * /t/[slug]/accounting: the journal, newest first, 50 at a time ("Load more" follows the
 * server's `next` cursor), filtered by status through the URL (?status=draft|posted).
 */

export function EntryStatusBadge({ status }: { status: EntryRow["status"] }) {
  return status === "posted" ? <Badge tone="green">Posted</Badge> : <Badge tone="amber">Draft</Badge>;
}

function Pages({ slug, status }: { slug: string; status: EntryStatusFilter | undefined }) {
  const trpc = useTRPC();
  const { format } = useMoney();
  const first = useQuery(trpc.accounting.entries.list.queryOptions(entriesInput(status)));
  const [cursors, setCursors] = useState<{ date: string; id: string }[]>([]);
  const more = useQueries({ queries: cursors.map((before) => trpc.accounting.entries.list.queryOptions(entriesInput(status, before))) });

  if (first.isPending) {
    return (
      <>
        <span className="sr-only" role="status">
          Loading the journal…
        </span>
        <TableSkeleton rows={6} />
      </>
    );
  }
  if (first.isError) {
    return <LoadError message={`Could not load the journal: ${readServerError(first.error).message}`} retrying={first.isFetching} onRetry={() => void first.refetch()} />;
  }
  const pages = [first.data, ...more.map((q) => q.data)];
  const rows = pages.flatMap((page) => page?.items ?? []);
  const lastLoaded = pages[pages.length - 1];
  const loadingMore = more.some((q) => q.isFetching);
  const moreError = more.find((q) => q.isError);
  const next = lastLoaded?.next ?? null;

  if (rows.length === 0) {
    return (
      <EmptyState title={status === "draft" ? "No drafts" : status === "posted" ? "No posted entries" : "No journal entries yet"}>
        A journal entry records a transaction as debits and credits that balance. Start with “New entry”.
      </EmptyState>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <TableFrame caption="Journal entries, newest first">
        <thead className="bg-surface-muted">
          <tr>
            <th scope="col" className={TH}>Number</th>
            <th scope="col" className={TH}>Date</th>
            <th scope="col" className={TH}>Memo</th>
            <th scope="col" className={TH}>Source</th>
            <th scope="col" className={TH}>Status</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 bg-white">
          {rows.map((entry) => (
            <tr key={entry.id}>
              <td className={clsx(TD, "tabular-nums")}>
                <Link href={`/t/${slug}/accounting/entries/${entry.id}`} className="font-medium text-brand-700 hover:underline">
                  {entry.number !== null ? `Entry ${entry.number}` : "Draft"}
                </Link>
              </td>
              <td className={clsx(TD, "whitespace-nowrap")}>{format.day(entry.date)}</td>
              <td className={clsx(TD, "max-w-md")}>{entry.memo || <span className="text-ink-faint">No memo</span>}</td>
              <td className={TD}>{SOURCE_LABELS[entry.source]}</td>
              <td className={TD}>
                <EntryStatusBadge status={entry.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </TableFrame>
      {moreError && <LoadError message={`Could not load more entries: ${readServerError(moreError.error).message}`} retrying={loadingMore} onRetry={() => void moreError.refetch()} />}
      <ListFooter
        summary={`${rows.length} ${rows.length === 1 ? "entry" : "entries"} shown${next ? "" : ", all of them"}`}
        hasMore={next !== null && !moreError}
        loadingMore={loadingMore}
        onLoadMore={() => next && setCursors((c) => (c.some((x) => x.id === next.id) ? c : [...c, next]))}
      />
    </div>
  );
}

export function Journal({ slug, canDraft }: { slug: string; canDraft: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const status = readStatus(params.get("status"));
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="max-w-2xl">
          <h1 className="text-2xl font-semibold text-ink">Journal</h1>
          <p className="mt-1 text-sm text-ink-muted">
            Every transaction as balanced debits and credits. A draft can be changed; a posted entry is numbered, chained and never changed again: it is corrected by a reversal.
          </p>
        </div>
        <div className="flex items-end gap-2">
          <FilterSelect
            label="Status"
            value={status ?? ""}
            onChange={(e) => {
              const value = readStatus(e.target.value);
              router.replace(value ? `${pathname}?status=${value}` : pathname, { scroll: false });
            }}
          >
            <option value="">All entries</option>
            <option value="draft">Drafts</option>
            <option value="posted">Posted</option>
          </FilterSelect>
          {canDraft && <ButtonLink href={`/t/${slug}/accounting/entries/new`}>New entry</ButtonLink>}
        </div>
      </div>
      <Pages key={status ?? "all"} slug={slug} status={status} />
    </div>
  );
}
