"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useFormat } from "@/components/format/format-provider";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { EmptyState } from "../ui/card";
import { readServerError } from "../ui/server-errors";

const PAGE_SIZE = 25;
const STATUSES = ["received", "processed", "failed"] as const;
type Status = (typeof STATUSES)[number];

const STATUS_STYLE: Record<Status, string> = {
  received: "bg-amber-50 text-amber-800",
  processed: "bg-green-50 text-green-800",
  failed: "bg-red-50 text-red-800",
};

/** /admin/billing: the webhook inbox with a status filter, "Load more", the payload and "Replay". */
export function BillingEventsAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const format = useFormat();
  const filterId = useId();
  const [status, setStatus] = useState<Status | "">("");
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);

  const list = useInfiniteQuery(
    trpc.admin.billingEvents.infiniteQueryOptions(
      { status: status || undefined, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor, placeholderData: keepPreviousData },
    ),
  );
  const events = list.data?.pages.flatMap((page) => page.items) ?? [];
  const replay = useMutation(
    trpc.admin.replayBillingEvent.mutationOptions({
      onSuccess: (result, input) => {
        setNotice({
          tone: "success",
          text:
            result.status === "processed"
              ? `${input.stripeEventId} was already processed: the replay is queued, and it will not be applied a second time.`
              : `${input.stripeEventId} is queued for processing again. Reload in a moment to see the outcome.`,
        });
        void queryClient.invalidateQueries(trpc.admin.billingEvents.pathFilter());
        void queryClient.invalidateQueries(trpc.admin.billingEvent.pathFilter());
      },
      onError: (error, input) => setNotice({ tone: "error", text: `Could not replay ${input.stripeEventId}: ${readServerError(error).message}` }),
    }),
  );

  return (
    <section aria-labelledby="admin-billing-events-heading" className="rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <h2 id="admin-billing-events-heading" className="text-base font-semibold text-ink">
          Stripe events
        </h2>
        <div className="flex flex-col gap-1.5">
          <label htmlFor={filterId} className="text-sm font-medium text-ink">
            Status
          </label>
          <select
            id={filterId}
            value={status}
            onChange={(event) => setStatus(event.target.value as Status | "")}
            className="rounded-lg border border-gray-300 bg-white px-3 py-2 text-sm text-ink shadow-sm"
          >
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s[0]!.toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </div>
      </div>

      {notice && (
        <div className="mb-4">
          <Alert tone={notice.tone}>{notice.text}</Alert>
        </div>
      )}

      {list.isPending ? (
        <p role="status" className="text-sm text-ink-muted">
          Loading events…
        </p>
      ) : list.isError && events.length === 0 ? (
        <LoadError message={`Could not load events: ${readServerError(list.error).message}`} retrying={list.isFetching} onRetry={() => void list.refetch()} />
      ) : events.length === 0 ? (
        <EmptyState title={status ? `No ${status} events.` : "No Stripe events yet."}>They appear here as soon as Stripe calls the webhook.</EmptyState>
      ) : (
        <div className="flex flex-col gap-4" aria-busy={list.isPlaceholderData || undefined}>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Stripe events, newest first</caption>
              <thead className="border-b border-gray-200 text-xs uppercase tracking-wide text-ink-muted">
                <tr>
                  <th className="py-2 pr-3 font-medium">Received</th>
                  <th className="py-2 pr-3 font-medium">Type</th>
                  <th className="py-2 pr-3 font-medium">Status</th>
                  <th className="py-2 pr-3 font-medium">Attempts</th>
                  <th className="py-2 pr-3 font-medium">Organization</th>
                  <th className="py-2 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {events.map((event) => (
                  <EventRow
                    key={event.stripeEventId}
                    event={event}
                    expanded={open === event.stripeEventId}
                    onToggle={() => setOpen(open === event.stripeEventId ? null : event.stripeEventId)}
                    replaying={replay.isPending && replay.variables?.stripeEventId === event.stripeEventId}
                    onReplay={() => {
                      setNotice(null);
                      replay.mutate({ stripeEventId: event.stripeEventId });
                    }}
                    format={format}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <ListFooter
            summary={`Showing ${events.length} ${events.length === 1 ? "event" : "events"}${list.hasNextPage ? "" : ", all there are"}`}
            hasMore={list.hasNextPage}
            loadingMore={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
          />
        </div>
      )}
    </section>
  );
}

type EventItem = {
  stripeEventId: string;
  type: string;
  receivedAt: Date;
  status: Status;
  attempts: number;
  lastError: string | null;
  organization: { id: string; slug: string | null; name: string | null } | null;
};

function EventRow({
  event,
  expanded,
  onToggle,
  replaying,
  onReplay,
  format,
}: {
  event: EventItem;
  expanded: boolean;
  onToggle: () => void;
  replaying: boolean;
  onReplay: () => void;
  format: ReturnType<typeof useFormat>;
}) {
  return (
    <>
      <tr className="border-b border-gray-100 align-top">
        <td className="py-2 pr-3 whitespace-nowrap">
          <time dateTime={event.receivedAt.toISOString()}>{format.dateTime(event.receivedAt)}</time>
        </td>
        <td className="py-2 pr-3">
          <div className="font-medium text-ink">{event.type}</div>
          <div className="text-xs text-ink-muted">{event.stripeEventId}</div>
          {event.lastError && <div className="mt-1 max-w-md break-words text-xs text-red-700">{event.lastError}</div>}
        </td>
        <td className="py-2 pr-3">
          <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[event.status]}`}>{event.status}</span>
        </td>
        <td className="py-2 pr-3">{event.attempts}</td>
        <td className="py-2 pr-3">{event.organization ? (event.organization.name ?? `${event.organization.id} (deleted)`) : <span className="text-ink-muted">—</span>}</td>
        <td className="py-2 whitespace-nowrap text-right">
          <button type="button" className="rounded px-2 py-1 font-medium text-brand-700 hover:underline" aria-expanded={expanded} onClick={onToggle}>
            {expanded ? "Hide payload" : "View payload"}
          </button>
          <button type="button" className="rounded px-2 py-1 font-medium text-brand-700 hover:underline disabled:opacity-50" disabled={replaying} onClick={onReplay}>
            {replaying ? "Replaying…" : "Replay"}
          </button>
        </td>
      </tr>
      {expanded && (
        <tr className="border-b border-gray-100">
          <td colSpan={6} className="py-2">
            <Payload stripeEventId={event.stripeEventId} />
          </td>
        </tr>
      )}
    </>
  );
}

function Payload({ stripeEventId }: { stripeEventId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.admin.billingEvent.queryOptions({ stripeEventId }));
  if (detail.isPending) return <p className="text-sm text-ink-muted">Loading the payload…</p>;
  if (detail.isError) return <Alert>Could not load the payload: {readServerError(detail.error).message}</Alert>;
  return <pre className="max-h-96 overflow-auto rounded-lg bg-surface-sunken p-3 text-xs text-ink">{JSON.stringify(detail.data.payload, null, 2)}</pre>;
}
