"use client";

import { keepPreviousData } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { useNow } from "@/components/jobs/format";
import { RelativeTime } from "@/components/jobs/relative-time";
import { Icon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { formatBytes, importEntities, importPercent, isImportActive } from "./import-format";
import { ImportStatusBadge, ProgressBar } from "./import-parts";
import type { ImportConfig, ImportSummary, ImportViewer } from "./import-types";
import { TableSkeleton } from "./parts";
import { useFormat } from "@/components/format/format-provider";

const PAGE_SIZE = 20;
const REFRESH_MS = 2_000;

function Counts({ item }: { item: ImportSummary }) {
  const formatCount = useFormat().number;
  if (item.state === "draft") return <span className="text-ink-faint">Columns not mapped yet</span>;
  if (item.state === "queued") return <span className="text-ink-faint">Waiting to start</span>;
  const parts = [
    [item.createdCount, "imported"],
    [item.updatedCount, "updated"],
    [item.skippedCount, "skipped"],
  ] as const;
  return (
    <span className="text-ink-muted">
      {parts.map(([n, word]) => `${formatCount(n)} ${word}`).join(" · ")}
      {" · "}
      <span className={clsx(item.errorCount > 0 && "font-medium text-danger-700")}>{formatCount(item.errorCount)} failed</span>
    </span>
  );
}

/** Every import of the organization, newest first, refreshing while one runs. */
export function ImportHistory<E extends string>({ config, slug, viewer }: { config: ImportConfig<E>; slug: string; viewer: ImportViewer }) {
  const tick = useNow();
  const { canImport, userId } = viewer;
  const list = config.api.useHistory(PAGE_SIZE, {
    placeholderData: keepPreviousData,
    poll: (data) => (data?.pages.some((page) => page.items.some((item) => isImportActive(item.state))) ? REFRESH_MS : false),
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const now = Math.max(tick, list.dataUpdatedAt);
  const importsHref = config.importsHref(slug);
  const [firstEntity, ...otherEntities] = importEntities(config);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="max-w-2xl">
          <h1 className="text-2xl font-semibold text-ink">Imports</h1>
          <p className="mt-1 text-sm text-ink-muted">{config.historyIntro}</p>
        </div>
        {canImport && (
          <ButtonLink href={`${importsHref}/new`} className="shrink-0 self-start">
            <Icon name="plus" className="size-4" />
            New import
          </ButtonLink>
        )}
      </div>

      <section aria-labelledby="imports-heading" className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
        <h2 id="imports-heading" className="sr-only">
          Import history
        </h2>
        {list.isPending ? (
          <>
            <span className="sr-only" role="status">
              Loading imports…
            </span>
            <TableSkeleton rows={4} />
          </>
        ) : list.isError && items.length === 0 ? (
          <LoadError message={`Could not load the imports: ${readServerError(list.error).message}`} retrying={list.isFetching} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title="No imports yet.">
            {canImport ? (
              <span className="mt-3 flex flex-wrap justify-center gap-2">
                {firstEntity && <ButtonLink href={`${importsHref}/new?entity=${firstEntity}`}>Import {config.entities[firstEntity].many}</ButtonLink>}
                {otherEntities.map((entity) => (
                  <ButtonLink key={entity} href={`${importsHref}/new?entity=${entity}`} variant="secondary">
                    Import {config.entities[entity].many}
                  </ButtonLink>
                ))}
              </span>
            ) : (
              "Imports your team runs will appear here."
            )}
          </EmptyState>
        ) : (
          <div className="flex flex-col gap-4">
            {list.isError && <Alert>{list.isFetchNextPageError ? "Could not load more imports" : "Could not refresh the list"}: {readServerError(list.error).message}</Alert>}
            <div className="-mx-5 overflow-x-auto border-y border-gray-200 sm:mx-0 sm:rounded-lg sm:border">
              <table className="min-w-full divide-y divide-gray-200 text-sm">
                <caption className="sr-only">Imports, newest first</caption>
                <thead className="bg-surface-muted text-left text-xs font-medium uppercase tracking-wide text-ink-faint">
                  <tr>
                    <th scope="col" className="py-2 pl-4 pr-3 font-medium">
                      File
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      Status
                    </th>
                    <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
                      Result
                    </th>
                    <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">
                      By
                    </th>
                    <th scope="col" className="py-2 pl-3 pr-4 font-medium">
                      Started
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-gray-100 bg-white">
                  {items.map((item) => {
                    const mine = item.createdBy?.id === userId;
                    const percent = importPercent(item);
                    return (
                      <tr key={item.id} className="align-top hover:bg-surface-muted/60">
                        <th scope="row" className="max-w-[18rem] py-3 pl-4 pr-3 text-left font-normal">
                          <Link href={`${importsHref}/${item.id}`} className="block truncate font-medium text-ink hover:text-brand-700 hover:underline">
                            {item.fileName}
                          </Link>
                          <span className="block text-xs text-ink-faint">
                            {config.entities[item.entityType].title} · {formatBytes(item.totalBytes)}
                          </span>
                          <span className="mt-1 block text-xs md:hidden">
                            <Counts item={item} />
                          </span>
                        </th>
                        <td className="px-3 py-3">
                          <div className="flex flex-col items-start gap-1.5">
                            <ImportStatusBadge item={item} />
                            {item.state === "running" && (
                              <div className="w-28">
                                <ProgressBar value={percent} label={`Progress of ${item.fileName}`} className="h-1.5" />
                                <span className="text-xs tabular-nums text-ink-muted">{percent} %</span>
                              </div>
                            )}
                            {item.state === "draft" && mine && canImport && (
                              <Link href={`${importsHref}/${item.id}`} className="text-xs font-medium text-brand-700 hover:underline">
                                Continue
                              </Link>
                            )}
                          </div>
                        </td>
                        <td className="hidden px-3 py-3 md:table-cell">
                          <Counts item={item} />
                        </td>
                        <td className="hidden max-w-[10rem] truncate px-3 py-3 text-ink-muted lg:table-cell">{item.createdBy ? (mine ? "You" : (item.createdBy.name ?? "Former member")) : "—"}</td>
                        <td className="py-3 pl-3 pr-4 text-ink-muted">
                          <RelativeTime date={item.createdAt} now={now} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <ListFooter
              summary={list.hasNextPage ? `Showing the newest ${items.length} imports.` : `Showing ${items.length === 1 ? "the only import" : `all ${items.length} imports`}.`}
              hasMore={list.hasNextPage}
              loadingMore={list.isFetchingNextPage}
              onLoadMore={() => void list.fetchNextPage()}
            />
          </div>
        )}
      </section>
    </div>
  );
}
