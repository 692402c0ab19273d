"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { TableFrame, TD, TD_NUM, TH, TH_NUM } from "@/components/inventory/parts";
import { TableSkeleton } from "@/components/records/parts";
import { DebouncedField } from "@/components/records/list-filters";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { DocumentStatusBadge, FilterChips } from "./document-parts";
import { documentsInput, readDocumentFilter, type DocumentFilter, type DocumentSide } from "./first-page";
import { useMoney } from "./parts";

/*
 * /t/[slug]/accounting/invoices and /bills: a side's documents, newest first, 50 at a time
 * ("Load more" follows the server's `next` cursor), filtered by status and searched by
 * number, party or reference through the URL (?status=…&q=…). "Credit notes" lists the
 * side's credits.
 */

const WORDS = {
  sales: { title: "Invoices", noun: "invoice", nouns: "invoices", party: "Customer", credits: "Credit notes", path: "invoices", intro: "What customers owe you. Sending an invoice numbers it, posts it to the journal and ships its stock; payments settle it." },
  purchases: { title: "Bills", noun: "bill", nouns: "bills", party: "Supplier", credits: "Supplier credits", path: "bills", intro: "What you owe suppliers. Posting a bill numbers it, books it to the journal and receives its stock; payments settle it." },
} as const;

function Pages({ slug, side, filter, query, canDraft }: { slug: string; side: DocumentSide; filter: DocumentFilter; query: string; canDraft: boolean }) {
  const trpc = useTRPC();
  const { format, money } = useMoney();
  const words = WORDS[side];
  const first = useQuery(trpc.accounting.documents.list.queryOptions(documentsInput(side, filter, query)));
  const [cursors, setCursors] = useState<{ issueDate: string; id: string }[]>([]);
  const more = useQueries({ queries: cursors.map((before) => trpc.accounting.documents.list.queryOptions(documentsInput(side, filter, query, before))) });

  if (first.isPending) {
    return (
      <>
        <span className="sr-only" role="status">
          Loading the {words.nouns}…
        </span>
        <TableSkeleton rows={6} />
      </>
    );
  }
  if (first.isError) {
    return <LoadError message={`Could not load the ${words.nouns}: ${readServerError(first.error).message}`} retrying={first.isFetching} onRetry={() => void first.refetch()} />;
  }
  const pages = [first.data, ...more.map((q) => q.data)];
  const rows = pages.flatMap((page) => page?.items ?? []);
  const lastLoaded = pages[pages.length - 1];
  const loadingMore = more.some((q) => q.isFetching);
  const moreError = more.find((q) => q.isError);
  const next = lastLoaded?.next ?? null;

  if (rows.length === 0) {
    const filtered = filter !== "all" || query.trim();
    return (
      <EmptyState title={filtered ? `No ${filter === "credits" ? words.credits.toLowerCase() : words.nouns} match` : `No ${words.nouns} yet`}>
        {filtered ? (
          "Try another status or search."
        ) : !canDraft ? (
          `Members draft ${words.nouns}; they show here once saved.`
        ) : (
          <>
            Start with{" "}
            <Link href={`/t/${slug}/accounting/${words.path}/new`} className="font-medium text-brand-700 hover:underline">
              a new {words.noun}
            </Link>
            .
          </>
        )}
      </EmptyState>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <TableFrame caption={`${filter === "credits" ? words.credits : words.title}, newest first`}>
        <thead className="bg-surface-muted">
          <tr>
            <th scope="col" className={TH}>Number</th>
            <th scope="col" className={TH}>{words.party}</th>
            <th scope="col" className={TH}>Issued</th>
            <th scope="col" className={TH}>Due</th>
            <th scope="col" className={TH_NUM}>Total</th>
            <th scope="col" className={TH_NUM}>{filter === "credits" ? "Left" : "Amount due"}</th>
            <th scope="col" className={TH}>Status</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 bg-white">
          {rows.map((d) => (
            <tr key={d.id}>
              <td className={clsx(TD, "whitespace-nowrap tabular-nums")}>
                <Link href={`/t/${slug}/accounting/documents/${d.id}`} className="font-medium text-brand-700 hover:underline">
                  {d.number ?? "Draft"}
                </Link>
              </td>
              <td className={clsx(TD, "max-w-xs truncate")}>{d.partyName}</td>
              <td className={clsx(TD, "whitespace-nowrap")}>{format.day(d.issueDate)}</td>
              <td className={clsx(TD, "whitespace-nowrap", d.status === "overdue" && "font-medium text-danger-700")}>{d.dueDate ? format.day(d.dueDate) : ""}</td>
              <td className={TD_NUM}>{money(d.total, d.currency)}</td>
              <td className={TD_NUM}>{d.status === "draft" || d.status === "void" ? "" : money(d.due, d.currency)}</td>
              <td className={TD}>
                <DocumentStatusBadge status={d.status} credit={filter === "credits"} />
              </td>
            </tr>
          ))}
        </tbody>
      </TableFrame>
      {moreError && <LoadError message={`Could not load more ${words.nouns}: ${readServerError(moreError.error).message}`} retrying={loadingMore} onRetry={() => void moreError.refetch()} />}
      <ListFooter
        summary={`${rows.length} shown${next ? "" : ", all of them"}`}
        hasMore={next !== null && !moreError}
        loadingMore={loadingMore}
        onLoadMore={() => next && setCursors((c) => (c.some((x) => x.id === next.id) ? c : [...c, next]))}
      />
    </div>
  );
}

export function DocumentList({ slug, side, canDraft }: { slug: string; side: DocumentSide; canDraft: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filter = readDocumentFilter(params.get("status"));
  const query = params.get("q") ?? "";
  const words = WORDS[side];
  const go = (next: { status?: DocumentFilter; q?: string }, replace = false) => {
    const search = new URLSearchParams();
    const status = next.status ?? filter;
    const q = next.q ?? query;
    if (status !== "all") search.set("status", status);
    if (q.trim()) search.set("q", q.trim());
    const url = search.size ? `${pathname}?${search}` : pathname;
    if (replace) router.replace(url, { scroll: false });
    else router.push(url, { scroll: false });
  };
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="max-w-2xl">
          <h1 className="text-2xl font-semibold text-ink">{words.title}</h1>
          <p className="mt-1 text-sm text-ink-muted">{words.intro}</p>
        </div>
        {canDraft && <ButtonLink href={`/t/${slug}/accounting/${words.path}/new`}>New {words.noun}</ButtonLink>}
      </div>
      <div className="flex flex-col gap-3 lg:flex-row lg:items-end lg:justify-between">
        <FilterChips
          label={`Filter ${words.nouns} by status`}
          value={filter}
          onChange={(status) => go({ status }, true)}
          options={[
            { value: "all", label: "All" },
            { value: "draft", label: "Draft" },
            { value: "unpaid", label: "Unpaid" },
            { value: "overdue", label: "Overdue" },
            { value: "paid", label: "Paid" },
            { value: "void", label: "Void" },
            { value: "credits", label: words.credits },
          ]}
        />
        <DebouncedField label="Search" placeholder={`Number, ${words.party.toLowerCase()} or reference`} value={query} onCommit={(q, replace) => go({ q }, replace)} className="lg:w-72" />
      </div>
      <Pages key={`${filter}:${query}`} slug={slug} side={side} filter={filter} query={query} canDraft={canDraft} />
    </div>
  );
}
