"use client";

import clsx from "clsx";
import { useId, useState } from "react";
import { RelativeTime } from "@/components/jobs/relative-time";
import { Icon } from "@/components/shell/icons";
import { EntryDetails } from "./entry-details";
import type { AuditEntrySummary } from "./filters";
import { AuditSentence } from "./audit-sentence";
import { actionLabel, actorName, entityLabel } from "./labels";
import { useFormat } from "@/components/format/format-provider";

const COLUMNS = 4;

function Who({ entry }: { entry: AuditEntrySummary }) {
  if (!entry.actorUserId) {
    return (
      <span className="block">
        <span className="block font-medium text-ink">System</span>
        <span className="block text-xs text-ink-faint">Automatic</span>
      </span>
    );
  }
  return (
    <span className="block min-w-0">
      <span className="block truncate font-medium text-ink">{actorName(entry)}</span>
      {entry.actorEmail && (
        <span className="block truncate text-xs text-ink-faint" title={entry.actorEmail}>
          {entry.actorEmail}
        </span>
      )}
    </span>
  );
}

/** Who did what to which record, the record linked (the same sentence as the home page), and its id cut short. */
export function RecordCell({ entry, slug }: { entry: AuditEntrySummary; slug: string }) {
  const { entityId } = entry;
  return (
    <span className="block min-w-0">
      <span className="block text-ink">
        <AuditSentence entry={entry} actor={actorName(entry)} slug={slug} />
      </span>
      {entityId ? (
        <span className="block max-w-[11rem] truncate font-mono text-xs text-ink-faint" title={entityId}>
          {entityId}
        </span>
      ) : (
        <span className="block text-xs text-ink-faint">No id</span>
      )}
    </span>
  );
}

type RowProps = { entry: AuditEntrySummary; slug: string; now: number; onShowRecord: (entry: AuditEntrySummary) => void; recordFiltered: boolean };

function AuditRow({ entry, slug, now, onShowRecord, recordFiltered }: RowProps) {
  const format = useFormat();
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  return (
    <>
      <tr className={clsx("align-top", open ? "bg-surface-muted" : "hover:bg-surface-muted/60")} data-audit-id={entry.id}>
        <th scope="row" className="py-3 pl-4 pr-3 text-left font-normal">
          <button
            type="button"
            onClick={() => setOpen((value) => !value)}
            aria-expanded={open}
            aria-controls={detailsId}
            className="group flex max-w-full items-start gap-1.5 rounded text-left"
          >
            <Icon name="chevron" className={clsx("mt-0.5 size-4 shrink-0 text-ink-faint transition-transform", !open && "-rotate-90")} />
            <span className="min-w-0">
              <span className="block font-medium text-ink group-hover:text-brand-700">{actionLabel(entry.action)}</span>
              <span className="mt-0.5 block font-mono text-xs text-ink-faint [overflow-wrap:anywhere]">{entry.action}</span>
              {/* Small screens: who and which record, whose columns are hidden there (the details repeat them for assistive tech). */}
              <span className="mt-1 block text-xs text-ink-muted sm:hidden" aria-hidden>
                {actorName(entry)} · {entityLabel(entry.entityType)}
              </span>
            </span>
          </button>
        </th>
        <td className="hidden max-w-[16rem] px-3 py-3 sm:table-cell">
          <Who entry={entry} />
        </td>
        <td className="hidden px-3 py-3 md:table-cell">
          <RecordCell entry={entry} slug={slug} />
        </td>
        <td className="py-3 pl-3 pr-4 text-ink-muted">
          <RelativeTime date={entry.createdAt} now={now} />
          <span className="mt-0.5 hidden whitespace-nowrap text-xs text-ink-faint lg:block" aria-hidden>
            {format.dateTimeFull(entry.createdAt)}
          </span>
        </td>
      </tr>
      <tr id={detailsId} hidden={!open} className="bg-surface-muted">
        <td colSpan={COLUMNS} className="px-4 pb-4 pt-1 sm:pl-10">
          {open && <EntryDetails entry={entry} onShowRecord={onShowRecord} recordFiltered={recordFiltered} />}
        </td>
      </tr>
    </>
  );
}

export function AuditTable({
  entries,
  slug,
  now,
  caption,
  dimmed,
  onShowRecord,
  recordFiltered,
}: {
  entries: AuditEntrySummary[];
  slug: string;
  now: number;
  caption: string;
  dimmed?: boolean;
  onShowRecord: RowProps["onShowRecord"];
  recordFiltered: boolean;
}) {
  return (
    <div className={clsx("-mx-5 overflow-x-auto border-y border-gray-200 transition-opacity sm:mx-0 sm:rounded-lg sm:border", dimmed && "opacity-60")}>
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-surface-muted text-left text-xs font-medium uppercase tracking-wide text-ink-faint">
          <tr>
            <th scope="col" className="py-2 pl-4 pr-3 font-medium">
              What
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
              Who
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
              Record
            </th>
            <th scope="col" className="py-2 pl-3 pr-4 font-medium">
              When
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 bg-white">
          {entries.map((entry) => (
            <AuditRow key={entry.id} entry={entry} slug={slug} now={now} onShowRecord={onShowRecord} recordFiltered={recordFiltered} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AuditTableSkeleton() {
  return (
    <div className="flex flex-col gap-2" aria-hidden>
      <div className="h-9 animate-pulse rounded-lg bg-surface-sunken" />
      {[0, 1, 2, 3, 4, 5].map((i) => (
        <div key={i} className="h-14 animate-pulse rounded-lg bg-surface-sunken/70" />
      ))}
    </div>
  );
}
