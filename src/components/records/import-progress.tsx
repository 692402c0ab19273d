"use client";

import { keepPreviousData } from "@tanstack/react-query";
import clsx from "clsx";
import { useEffect, useRef, useState } from "react";
import { useNow } from "@/components/jobs/format";
import { RelativeTime } from "@/components/jobs/relative-time";
import { ConfirmDialog } from "@/components/orgs/confirm-dialog";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { formatBytes, importPercent, isCancelled, isImportActive } from "./import-format";
import { ImportCounts, ImportStatusBadge, ProgressBar, WizardSteps } from "./import-parts";
import type { ImportApi, ImportConfig, ImportDetail } from "./import-types";
import { useFormat } from "@/components/format/format-provider";

/*
 * Step 4 of the wizard and the import's lasting page: progress while the job runs (the
 * wizard above polls the import), then the report with the counts and every refused
 * row, by row number, a page at a time.
 */

const ERRORS_PAGE = 50;

/** The refused rows, paginated by row number (the procedure pages with `afterRow`). */
export function ImportErrorList<E extends string>({ api, id, errorCount }: { api: ImportApi<E>; id: string; errorCount: number }) {
  const formatCount = useFormat().number;
  // The afterRow of each page shown so far: [null] is the first page.
  const [pages, setPages] = useState<(number | null)[]>([null]);
  const afterRow = pages[pages.length - 1] ?? null;
  const errors = api.useErrors({ id, afterRow, limit: ERRORS_PAGE }, { placeholderData: keepPreviousData });
  const refresh = api.useRefresh();
  // While the import runs, refused rows keep arriving: the pages follow the count.
  const seenCount = useRef(errorCount);
  useEffect(() => {
    if (seenCount.current === errorCount) return;
    seenCount.current = errorCount;
    void refresh.errors(id);
  }, [errorCount, id, refresh]);
  const pageIndex = pages.length - 1;
  const first = pageIndex * ERRORS_PAGE + 1;

  if (errors.isPending) {
    return (
      <div className="flex flex-col gap-2" aria-busy="true">
        <span className="sr-only" role="status">
          Loading the rows with errors…
        </span>
        <div className="h-32 animate-pulse rounded-lg bg-surface-sunken" aria-hidden />
      </div>
    );
  }
  if (errors.isError && !errors.data) {
    return <LoadError message={`Could not load the rows with errors: ${readServerError(errors.error).message}`} retrying={errors.isFetching} onRetry={() => void errors.refetch()} />;
  }
  const items = errors.data.items;
  if (items.length === 0) return <p className="text-sm text-ink-muted">No rows were refused.</p>;
  const last = first + items.length - 1;
  return (
    <div className="flex flex-col gap-3">
      {errors.isError && <Alert>Could not load this page: {readServerError(errors.error).message}</Alert>}
      <div className={clsx("-mx-5 overflow-x-auto border-y border-gray-200 transition-opacity sm:mx-0 sm:rounded-lg sm:border", errors.isPlaceholderData && "opacity-60")}>
        <table className="min-w-full divide-y divide-gray-200 text-sm">
          <caption className="sr-only">
            Rows not imported, {first} to {last} of {errorCount}
          </caption>
          <thead className="bg-surface-muted text-left text-xs font-medium uppercase tracking-wide text-ink-faint">
            <tr>
              <th scope="col" className="w-20 px-3 py-2 font-medium">
                Row
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Reason
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100 bg-white">
            {items.map((row) => (
              <tr key={row.rowNumber} className="align-top">
                <th scope="row" className="px-3 py-2 text-left font-normal tabular-nums text-ink">
                  {formatCount(row.rowNumber)}
                </th>
                <td className="break-words px-3 py-2 text-ink-muted">{row.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages of rows with errors" className="flex flex-col items-center gap-2 sm:flex-row sm:justify-between">
        <p className="text-xs text-ink-faint" role="status">
          {pageIndex === 0 && errors.data.nextAfterRow === null
            ? `${items.length === 1 ? "One row" : `All ${formatCount(items.length)} rows`} with errors.`
            : `Showing ${formatCount(first)}–${formatCount(last)} of ${formatCount(errorCount)} rows with errors.`}{" "}
          Row numbers count the header as row 1, as a spreadsheet does.
        </p>
        <div className={clsx("flex gap-2", pageIndex === 0 && errors.data.nextAfterRow === null && "hidden")}>
          <Button type="button" variant="secondary" disabled={pageIndex === 0} onClick={() => setPages(pages.slice(0, -1))}>
            Previous
          </Button>
          <Button
            type="button"
            variant="secondary"
            disabled={errors.data.nextAfterRow === null}
            pending={errors.isFetching && errors.isPlaceholderData}
            onClick={() => setPages([...pages, errors.data.nextAfterRow])}
          >
            Next
          </Button>
        </div>
      </nav>
    </div>
  );
}

export function ImportProgressView<E extends string>({ config, item, slug, canManage }: { config: ImportConfig<E>; item: ImportDetail<E>; slug: string; canManage: boolean }) {
  const formatCount = useFormat().number;
  const refresh = config.api.useRefresh();
  const now = useNow(5_000);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const cancel = config.api.useCancel({
    onSuccess: async () => {
      setConfirmCancel(false);
      await Promise.all([refresh.item(item.id), refresh.history()]);
    },
    onError: () => setConfirmCancel(false),
  });
  const labels = config.entities[item.entityType];
  const active = isImportActive(item.state);
  const percent = importPercent(item);
  const cancelled = isCancelled(item);
  const listHref = labels.listHref(slug);
  const touched = item.createdCount + item.updatedCount;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-3">
        <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold text-ink">{active ? `Importing ${labels.many}` : `Import of ${labels.many}`}</h1>
            <p className="mt-1 break-words text-sm text-ink-muted">
              <span className="font-medium text-ink">{item.fileName}</span> · {formatBytes(item.totalBytes)}
              {item.createdBy && <> · started by {item.createdBy.name ?? "a former member"}</>} · <RelativeTime date={item.createdAt} now={Math.max(now, item.updatedAt.getTime())} />
            </p>
          </div>
          <ImportStatusBadge item={item} />
        </div>
        {active && <WizardSteps current={3} />}
      </div>

      {active ? (
        <section aria-label="Progress" className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
          <ProgressBar value={item.state === "queued" ? null : percent} label={`Import progress of ${item.fileName}`} />
          <p className="text-sm text-ink" aria-live="polite" aria-atomic="true">
            {item.state === "queued"
              ? "Waiting for the background worker to pick the import up…"
              : `${percent} % of the file read · ${formatCount(item.processedRows)} rows processed`}
          </p>
          <ImportCounts item={item} />
          <p className="text-xs text-ink-muted">
            The import runs in the background: you can leave this page and come back from the import history. Rows are committed in batches, so stopping keeps the
            rows imported so far.
          </p>
          {canManage && (
            <div>
              <Button type="button" variant="secondary" onClick={() => setConfirmCancel(true)}>
                Stop import
              </Button>
            </div>
          )}
          {cancel.isError && <Alert>Could not stop the import: {readServerError(cancel.error).message}</Alert>}
        </section>
      ) : (
        <>
          {item.state === "done" ? (
            <Alert tone="success">
              Import finished: {formatCount(item.processedRows)} {item.processedRows === 1 ? "row" : "rows"} read, {formatCount(touched)}{" "}
              {touched === 1 ? labels.one : labels.many} imported or updated
              {item.errorCount > 0 ? `, ${formatCount(item.errorCount)} ${item.errorCount === 1 ? "row" : "rows"} refused (listed below).` : ", no errors."}
            </Alert>
          ) : (
            <Alert tone={cancelled ? "info" : "error"}>
              {item.failure ?? "The import failed."}
              {!cancelled && item.processedRows > 0 && ` ${formatCount(item.processedRows)} rows were processed before it stopped; those stay imported.`}
            </Alert>
          )}
          <ImportCounts item={item} />
          <div className="flex flex-wrap gap-2">
            <ButtonLink href={listHref}>Go to {labels.many}</ButtonLink>
            <ButtonLink href={`${config.importsHref(slug)}/new?entity=${item.entityType}`} variant="secondary">
              Import another file
            </ButtonLink>
            <ButtonLink href={config.importsHref(slug)} variant="ghost">
              Import history
            </ButtonLink>
          </div>
        </>
      )}

      {(item.errorCount > 0 || !active) && (
        <section aria-labelledby="import-errors-heading" className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
          <div>
            <h2 id="import-errors-heading" className="text-base font-semibold text-ink">
              Rows not imported
            </h2>
            <p className="mt-0.5 text-sm text-ink-muted">Fix these rows in your file and import just them again; the other rows are already in.</p>
          </div>
          {item.errorCount === 0 ? <EmptyState title="No errors.">Every row was imported, updated or skipped as a duplicate.</EmptyState> : <ImportErrorList api={config.api} id={item.id} errorCount={item.errorCount} />}
        </section>
      )}

      <ConfirmDialog open={confirmCancel} title="Stop this import?" confirmLabel="Stop import" pending={cancel.isPending} onConfirm={() => cancel.mutate({ id: item.id })} onCancel={() => setConfirmCancel(false)}>
        <p>The rows imported so far stay; the rest of the file is not imported. To import the rest, upload a file with the remaining rows.</p>
      </ConfirmDialog>
    </div>
  );
}
