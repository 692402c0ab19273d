"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { useEffect } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { CRM } from "@/server/modules/crm/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { MERGE_ENTITY_LABEL, mergeHref, ReasonList, RecordSummary, ScoreBadge, type MergeEntity } from "./duplicate-parts";
import { useFormat } from "@/components/format/format-provider";

const PAGE_SIZE = 25;
/**
 * Each page of the procedure examines the next 1,000 records and may find no pair; the
 * list goes on by itself through this many empty pages before asking.
 */
const AUTO_PAGES = 3;

function Tabs({ slug, entity }: { slug: string; entity: MergeEntity }) {
  return (
    <nav aria-label="Record kind" className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul className="flex min-w-max gap-1 border-b border-gray-200">
        {(["contact", "company"] as const).map((option) => (
          <li key={option}>
            <Link
              href={`/t/${slug}/crm/duplicates?entity=${option}`}
              aria-current={entity === option ? "page" : undefined}
              className={clsx(
                "-mb-px inline-flex items-center border-b-2 px-3 py-2 text-sm font-medium",
                entity === option ? "border-brand-600 text-brand-700" : "border-transparent text-ink-muted hover:border-gray-300 hover:text-ink",
              )}
            >
              {MERGE_ENTITY_LABEL[option].title}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** /t/[slug]/crm/duplicates: likely duplicate pairs across the organization, a slice of records at a time. */
export function DuplicateList({ slug, entity, role }: { slug: string; entity: MergeEntity; role: MemberRole }) {
  const formatCount = useFormat().number;
  const trpc = useTRPC();
  const canMerge = roleAtLeast(role, CRM.edit);
  const labels = MERGE_ENTITY_LABEL[entity];
  const list = useInfiniteQuery(trpc.crm.duplicates.list.infiniteQueryOptions({ entityType: entity, limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor }));
  const pages = list.data?.pages ?? [];
  const pairs = pages.flatMap((page) => page.items);
  const scanned = pages.reduce((sum, page) => sum + page.scanned, 0);
  const lastEmpty = pages.length > 0 && pages[pages.length - 1]!.items.length === 0;
  const autoContinue = lastEmpty && list.hasNextPage && pages.length < AUTO_PAGES && !list.isFetching && !list.isError;

  useEffect(() => {
    if (autoContinue) void list.fetchNextPage();
  }, [autoContinue, list]);

  const searching = list.isPending || (list.isFetching && pairs.length === 0);

  return (
    <div className="flex flex-col gap-6">
      <div className="max-w-2xl">
        <h1 className="text-2xl font-semibold text-ink">Duplicates</h1>
        <p className="mt-1 text-sm text-ink-muted">
          Records that look like the same person or company: the same phone, a very similar name at the same company, the same domain, or the same
          company name apart from case, punctuation or legal form. Review a pair to merge it; a merge can be undone for 30 days.
        </p>
      </div>
      <Tabs slug={slug} entity={entity} />

      <section aria-label={`Possible duplicate ${labels.many}`} className="flex flex-col gap-4">
        {searching ? (
          <div className="flex flex-col gap-3" aria-busy="true">
            <span className="sr-only" role="status">
              Looking for duplicate {labels.many}…
            </span>
            {[0, 1, 2].map((i) => (
              <div key={i} className="h-28 animate-pulse rounded-card bg-surface-sunken" aria-hidden />
            ))}
          </div>
        ) : list.isError && pairs.length === 0 ? (
          <LoadError message={`Could not look for duplicates: ${readServerError(list.error).message}`} retrying={list.isFetching} onRetry={() => void list.refetch()} />
        ) : pairs.length === 0 && !list.hasNextPage ? (
          <EmptyState title={`No duplicate ${labels.many} found.`}>
            We compared all {formatCount(scanned)} {labels.many} you can see.
          </EmptyState>
        ) : (
          <>
            {list.isError && <Alert>Could not look further: {readServerError(list.error).message}</Alert>}
            {pairs.length === 0 && (
              <EmptyState title={`No duplicates among the first ${formatCount(scanned)} ${labels.many}.`}>Look further to compare the rest.</EmptyState>
            )}
            <ul className="flex flex-col gap-3">
              {pairs.map((pair) => (
                <li key={`${pair.a.id}:${pair.b.id}`} className="flex flex-col gap-3 rounded-card border border-gray-200 bg-white p-4 shadow-sm">
                  <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
                    <RecordSummary record={pair.a} entity={entity} slug={slug} className="sm:flex-1" />
                    <span className="hidden self-center text-ink-faint sm:block" aria-hidden>
                      ⇄
                    </span>
                    <RecordSummary record={pair.b} entity={entity} slug={slug} className="sm:flex-1" />
                    <ScoreBadge score={pair.score} />
                  </div>
                  <div className="flex flex-col gap-3 border-t border-gray-100 pt-3 sm:flex-row sm:items-end sm:justify-between">
                    <ReasonList reasons={pair.reasons} />
                    <ButtonLink href={mergeHref(slug, entity, pair.a.id, pair.b.id)} variant={canMerge ? "primary" : "secondary"} className="shrink-0 self-start sm:self-auto">
                      {canMerge ? "Review and merge" : "Compare"}
                      <span className="sr-only">
                        {" "}
                        {pair.a.name} and {pair.b.name}
                      </span>
                    </ButtonLink>
                  </div>
                </li>
              ))}
            </ul>
            <div className="flex flex-col items-center gap-2 sm:flex-row sm:justify-between">
              <p className="text-xs text-ink-faint" role="status">
                {formatCount(pairs.length)} possible {pairs.length === 1 ? "pair" : "pairs"} among {formatCount(scanned)} {labels.many} compared
                {list.hasNextPage ? "; more remain to compare." : " (all of them)."}
              </p>
              {list.hasNextPage && (
                <Button type="button" variant="secondary" pending={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                  Look further
                </Button>
              )}
            </div>
          </>
        )}
      </section>
    </div>
  );
}
