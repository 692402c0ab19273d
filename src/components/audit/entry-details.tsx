"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import type { AuditEntrySummary } from "./filters";
import { actorName, entityLabel } from "./labels";
import { SnapshotDiff } from "./snapshot-diff";
import { useFormat } from "@/components/format/format-provider";

function DiffSkeleton() {
  return (
    <div className="flex flex-col gap-2" aria-hidden>
      <div className="h-3 w-24 animate-pulse rounded bg-surface-sunken" />
      <div className="h-16 animate-pulse rounded-lg bg-surface-sunken/70" />
    </div>
  );
}

/**
 * Everything about one entry: who, when and which record in full (some columns are
 * hidden on small screens), then its before/after snapshots, loaded when opened.
 */
export function EntryDetails({
  entry,
  onShowRecord,
  recordFiltered,
}: {
  entry: AuditEntrySummary;
  onShowRecord: (entry: AuditEntrySummary) => void;
  recordFiltered: boolean;
}) {
  const format = useFormat();
  const trpc = useTRPC();
  // Entries never change once written: no need to fetch one twice.
  const detail = useQuery(trpc.audit.get.queryOptions({ id: entry.id }, { staleTime: Infinity }));

  return (
    <div className="flex flex-col gap-4 text-sm">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-ink-muted">
        <dt>When</dt>
        <dd className="text-ink">
          <time dateTime={entry.createdAt.toISOString()}>{format.dateTimeFull(entry.createdAt)}</time>
        </dd>
        <dt>Who</dt>
        <dd className="min-w-0 text-ink [overflow-wrap:anywhere]">
          {actorName(entry)}
          {entry.actorEmail && <span className="text-ink-muted"> · {entry.actorEmail}</span>}
          {!entry.actorUserId && <span className="text-ink-muted"> (no person: done by the app itself)</span>}
        </dd>
        <dt>Record</dt>
        <dd className="min-w-0 text-ink">
          {entityLabel(entry.entityType)} <span className="font-mono text-xs text-ink-muted">({entry.entityType})</span>
          {entry.entityId && <span className="mt-0.5 block select-all font-mono text-xs [overflow-wrap:anywhere]">{entry.entityId}</span>}
        </dd>
      </dl>

      {detail.isPending ? (
        <>
          <span className="sr-only" role="status">
            Loading changes…
          </span>
          <DiffSkeleton />
        </>
      ) : detail.isError ? (
        <div className="flex flex-col items-start gap-2">
          <Alert>Could not load the changes: {readServerError(detail.error).message}</Alert>
          <Button type="button" variant="secondary" pending={detail.isFetching} onClick={() => void detail.refetch()}>
            Try again
          </Button>
        </div>
      ) : (
        <SnapshotDiff before={detail.data.before} after={detail.data.after} />
      )}

      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 text-xs text-ink-faint">
        <p>
          Entry <span className="select-all font-mono">#{entry.id}</span>
        </p>
        {entry.entityId && !recordFiltered && (
          <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => onShowRecord(entry)}>
            Show all entries for this {entityLabel(entry.entityType).toLowerCase()}
          </button>
        )}
      </div>
    </div>
  );
}
