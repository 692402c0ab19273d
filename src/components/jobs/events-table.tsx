"use client";

import clsx from "clsx";
import { useId, useState } from "react";
import { Icon } from "../shell/icons";
import { RelativeTime } from "./relative-time";
import { RetryButton, type RetryOutcome } from "./retry-button";
import { StatusBadge } from "./status-badge";
import type { JobEvent } from "./status";
import { useFormat } from "@/components/format/format-provider";

type RowProps = { event: JobEvent; now: number; onRetryOutcome: (outcome: RetryOutcome) => void };

const COLUMNS = 6;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** When a pending event will be tried again, if that is later than now. */
function NextAttempt({ event, now }: { event: JobEvent; now: number }) {
  const format = useFormat();
  if (event.status !== "pending" || event.attempts === 0 || event.runAfter.getTime() <= now) return null;
  return <span className="mt-1 block text-xs text-ink-faint">next try {format.relative(event.runAfter, now)}</span>;
}

/** Everything about one event: full error, its functions' runs, and (on small screens) the columns that are hidden. */
function EventDetails({ event, now }: { event: JobEvent; now: number }) {
  return (
    <div className="flex flex-col gap-4 text-sm">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-ink-muted md:hidden">
        <dt>Attempts</dt>
        <dd className="text-ink">{event.attempts}</dd>
        <dt>Created</dt>
        <dd className="text-ink">
          <RelativeTime date={event.createdAt} now={now} />
        </dd>
        <dt>Finished</dt>
        <dd className="text-ink">
          <RelativeTime date={event.finishedAt} now={now} />
        </dd>
      </dl>
      {event.lastError && (
        <div>
          <h4 className="text-xs font-medium uppercase tracking-wide text-ink-faint">Last error</h4>
          <pre className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap break-words rounded-lg border border-danger-600/20 bg-danger-50 p-3 font-mono text-xs text-danger-700">
            {event.lastError}
          </pre>
        </div>
      )}
      <div>
        <h4 className="text-xs font-medium uppercase tracking-wide text-ink-faint">Function runs</h4>
        {event.runs.length === 0 ? (
          <p className="mt-1 text-ink-muted">{event.status === "pending" ? "No function has run yet." : "No function runs recorded for this event."}</p>
        ) : (
          <ul className="mt-2 flex flex-col divide-y divide-gray-200 rounded-lg border border-gray-200 bg-white">
            {event.runs.map((run) => (
              <li key={run.functionId} className="flex flex-col gap-1 px-3 py-2">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <span className="font-mono text-xs text-ink">{run.functionId}</span>
                  <StatusBadge status={run.status} />
                  <span className="text-xs text-ink-muted">{plural(run.attempts, "attempt")}</span>
                  {run.finishedAt && (
                    <span className="text-xs text-ink-muted">
                      finished <RelativeTime date={run.finishedAt} now={now} />
                    </span>
                  )}
                </div>
                {run.lastError && <p className="whitespace-pre-wrap break-words font-mono text-xs text-danger-700">{run.lastError}</p>}
              </li>
            ))}
          </ul>
        )}
      </div>
      <p className="text-xs text-ink-faint">
        Event ID <span className="select-all break-all font-mono">{event.id}</span>
      </p>
    </div>
  );
}

function EventRow({ event, now, onRetryOutcome }: RowProps) {
  const format = useFormat();
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  return (
    <>
      <tr className={clsx("align-top", open ? "border-b-0 bg-surface-muted" : "hover:bg-surface-muted/60")} data-event-id={event.id}>
        <th scope="row" className="max-w-[14rem] py-3 pl-4 pr-3 text-left font-normal sm:max-w-xs">
          <button
            type="button"
            onClick={() => setOpen((value) => !value)}
            aria-expanded={open}
            aria-controls={detailsId}
            className="group flex max-w-full items-start gap-1.5 rounded text-left"
          >
            <Icon name="chevron" className={clsx("mt-0.5 size-4 shrink-0 text-ink-faint transition-transform", !open && "-rotate-90")} />
            <span className="min-w-0">
              <span className="block font-mono text-[0.8125rem] font-medium text-ink [overflow-wrap:anywhere] group-hover:text-brand-700 md:whitespace-nowrap">{event.name}</span>
              <span className="mt-0.5 block text-xs text-ink-faint md:hidden" aria-hidden>
                {format.relative(event.createdAt, now)} · {plural(event.attempts, "attempt")}
              </span>
              {event.lastError && (
                <span className="mt-0.5 block truncate font-mono text-xs text-danger-700 lg:hidden" aria-hidden>
                  {event.lastError}
                </span>
              )}
            </span>
          </button>
        </th>
        <td className="py-3 pl-3 pr-4 md:pr-3">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
            <StatusBadge status={event.status} />
            {event.status === "dead" && <RetryButton event={event} onOutcome={onRetryOutcome} />}
          </div>
          <NextAttempt event={event} now={now} />
        </td>
        <td className="hidden px-3 py-3 tabular-nums text-ink md:table-cell">{event.attempts}</td>
        <td className="hidden px-3 py-3 text-ink-muted md:table-cell">
          <RelativeTime date={event.createdAt} now={now} />
        </td>
        <td className="hidden py-3 pl-3 pr-4 text-ink-muted md:table-cell lg:pr-3">
          <RelativeTime date={event.finishedAt} now={now} />
        </td>
        <td className="hidden max-w-[18rem] py-3 pl-3 pr-4 lg:table-cell">
          {event.lastError ? (
            <span className="block truncate font-mono text-xs text-danger-700" title={event.lastError}>
              {event.lastError}
            </span>
          ) : (
            <span className="text-ink-faint">—</span>
          )}
        </td>
      </tr>
      <tr id={detailsId} hidden={!open} className="bg-surface-muted">
        <td colSpan={COLUMNS} className="px-4 pb-4 pt-1 sm:pl-10">
          {open && <EventDetails event={event} now={now} />}
        </td>
      </tr>
    </>
  );
}

export function EventsTable({ events, now, caption, dimmed, onRetryOutcome }: { events: JobEvent[]; now: number; caption: string; dimmed?: boolean; onRetryOutcome: RowProps["onRetryOutcome"] }) {
  return (
    <div className={clsx("-mx-5 overflow-x-auto border-y border-gray-200 transition-opacity sm:mx-0 sm:rounded-lg sm:border", dimmed && "opacity-60")}>
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-surface-muted text-left text-xs font-medium uppercase tracking-wide text-ink-faint">
          <tr>
            <th scope="col" className="py-2 pl-4 pr-3 font-medium">
              Event
            </th>
            <th scope="col" className="py-2 pl-3 pr-4 font-medium md:pr-3">
              Status
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
              Attempts
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
              Created
            </th>
            <th scope="col" className="hidden py-2 pl-3 pr-4 font-medium md:table-cell lg:pr-3">
              Finished
            </th>
            <th scope="col" className="hidden py-2 pl-3 pr-4 font-medium lg:table-cell">
              Last error
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 bg-white">
          {events.map((event) => (
            <EventRow key={event.id} event={event} now={now} onRetryOutcome={onRetryOutcome} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EventsTableSkeleton() {
  return (
    <div className="flex flex-col gap-2" aria-hidden>
      <div className="h-9 animate-pulse rounded-lg bg-surface-sunken" />
      {[0, 1, 2, 3, 4].map((i) => (
        <div key={i} className="h-12 animate-pulse rounded-lg bg-surface-sunken/70" />
      ))}
    </div>
  );
}
