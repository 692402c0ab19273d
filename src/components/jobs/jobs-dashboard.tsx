"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { useCallback, useEffect, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { Icon } from "../shell/icons";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/card";
import { readServerError } from "../ui/server-errors";
import { CountTiles } from "./count-tiles";
import { EventsTable, EventsTableSkeleton } from "./events-table";
import { useNow } from "./format";
import type { RetryOutcome } from "./retry-button";
import { isActive, STATUS_LABELS, type JobEvent, type StatusFilter as Filter } from "./status";
import { StatusFilter } from "./status-filter";

const PAGE_SIZE = 25;
const REFRESH_MS = 3_000;

type Notice = { tone: "success" | "error" | "info"; text: string };

/** The message for the last test event, from its row in the list (or "on its way" until it shows up). */
function testEventNotice(event: JobEvent | undefined): Notice {
  if (!event || isActive(event.status)) return { tone: "info", text: "Test event sent. Waiting for the worker to deliver it…" };
  if (event.status === "dead") return { tone: "error", text: `The test event could not be delivered: ${event.lastError ?? "unknown error"}` };
  const seconds = event.finishedAt ? (event.finishedAt.getTime() - event.createdAt.getTime()) / 1000 : null;
  const took = seconds !== null && seconds >= 0 ? ` in ${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s` : "";
  return { tone: "success", text: `Test event delivered${took}. Background jobs are working.` };
}

/** Settings → Jobs: event counts, the event list with filter and pagination, retry and a test event. */
export function JobsDashboard({ initialStatus }: { initialStatus: Filter }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tick = useNow();
  const [status, setStatus] = useState<Filter>(initialStatus);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [testEventId, setTestEventId] = useState<string | null>(null);

  const list = useInfiniteQuery(
    trpc.jobs.list.infiniteQueryOptions(
      { status: status === "all" ? undefined : status, limit: PAGE_SIZE },
      {
        getNextPageParam: (page) => page.nextCursor,
        placeholderData: keepPreviousData,
        refetchInterval: (query) => (query.state.data?.pages.some((page) => page.items.some((event) => isActive(event.status))) ? REFRESH_MS : false),
      },
    ),
  );
  const events = list.data?.pages.flatMap((page) => page.items) ?? [];
  // Fresh data brings its own "now", so a just-created event never reads as in the future.
  const now = Math.max(tick, list.dataUpdatedAt);
  const active = events.some((event) => isActive(event.status));
  const counts = useQuery(trpc.jobs.counts.queryOptions(undefined, { refetchInterval: active ? REFRESH_MS : false }));

  const sendTest = useMutation(
    trpc.jobs.sendTestEvent.mutationOptions({
      onSuccess: async ({ id }) => {
        setTestEventId(id);
        setNotice(null);
        if (status !== "all" && status !== "pending") changeStatus("all");
        await queryClient.invalidateQueries(trpc.jobs.pathFilter());
      },
      onError: (error) => {
        setTestEventId(null);
        setNotice({ tone: "error", text: `Could not send a test event: ${readServerError(error).message}` });
      },
    }),
  );

  function changeStatus(next: Filter) {
    setStatus(next);
    const url = new URL(window.location.href);
    if (next === "all") url.searchParams.delete("status");
    else url.searchParams.set("status", next);
    window.history.replaceState(null, "", url);
  }

  const onRetryOutcome = useCallback((outcome: RetryOutcome) => {
    setTestEventId(null);
    setNotice(
      outcome.ok
        ? { tone: "success", text: `${outcome.event.name} is queued again with a fresh set of attempts.` }
        : { tone: "error", text: `Could not retry ${outcome.event.name}: ${outcome.message}` },
    );
  }, []);

  const shownNotice = testEventId ? testEventNotice(events.find((event) => event.id === testEventId)) : notice;

  // A success message goes away on its own; errors stay until dismissed or replaced.
  useEffect(() => {
    if (notice?.tone !== "success") return;
    const timer = setTimeout(() => setNotice(null), 8_000);
    return () => clearTimeout(timer);
  }, [notice]);

  const filtered = status !== "all";
  const caption = `${filtered ? `${STATUS_LABELS[status]} events` : "Events"}, newest first`;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="max-w-2xl">
          <h2 className="text-lg font-semibold text-ink">Jobs</h2>
          <p className="mt-1 text-sm text-ink-muted">
            Background work of this organization, such as sending emails. Failed deliveries are retried with a growing delay; after the last
            attempt an event is dead until you retry it.
          </p>
        </div>
        <Button type="button" className="shrink-0 self-start" pending={sendTest.isPending} onClick={() => sendTest.mutate()}>
          {!sendTest.isPending && <Icon name="send" className="size-4" />}
          Send test event
        </Button>
      </div>

      {shownNotice && (
        <Alert tone={shownNotice.tone}>
          <div className="flex items-start justify-between gap-3">
            <p className="min-w-0 break-words">{shownNotice.text}</p>
            <button
              type="button"
              onClick={() => {
                setNotice(null);
                setTestEventId(null);
              }}
              className="-my-0.5 shrink-0 rounded p-0.5 opacity-70 hover:opacity-100"
              aria-label="Dismiss message"
            >
              <Icon name="close" className="size-4" />
            </button>
          </div>
        </Alert>
      )}

      {!counts.isError && <CountTiles counts={counts.data} />}

      <section aria-labelledby="jobs-events-heading" className="rounded-card border border-gray-200 bg-white p-5 shadow-sm">
        <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          <div className="flex items-center gap-3">
            <h3 id="jobs-events-heading" className="text-base font-semibold text-ink">
              Events
            </h3>
            {active && (
              <span className="inline-flex items-center gap-1.5 text-xs text-ink-faint">
                <span className="size-1.5 animate-pulse rounded-full bg-brand-500" aria-hidden />
                Refreshing every 3 s
              </span>
            )}
          </div>
          <StatusFilter value={status} onChange={changeStatus} />
        </div>

        {list.isPending ? (
          <>
            <span className="sr-only" role="status">
              Loading events…
            </span>
            <EventsTableSkeleton />
          </>
        ) : list.isError && events.length === 0 ? (
          <LoadError
            message={`Could not load events: ${readServerError(list.error).message}`}
            retrying={list.isFetching}
            onRetry={() => void list.refetch()}
          />
        ) : events.length === 0 ? (
          filtered ? (
            <EmptyState title={`No ${STATUS_LABELS[status].toLowerCase()} events.`}>
              <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => changeStatus("all")}>
                Show all events
              </button>
            </EmptyState>
          ) : (
            <EmptyState title="No events yet.">
              Events appear here when the app sends emails or runs background work. Send a test event to check delivery.
            </EmptyState>
          )
        ) : (
          <div className="flex flex-col gap-4" aria-busy={list.isPlaceholderData || undefined}>
            {list.isError && <Alert>Could not refresh events: {readServerError(list.error).message}</Alert>}
            <EventsTable events={events} now={now} caption={caption} dimmed={list.isPlaceholderData} onRetryOutcome={onRetryOutcome} />
            <ListFooter
              summary={
                list.hasNextPage
                  ? `Showing the newest ${events.length} events`
                  : `Showing ${events.length === 1 ? "the only event" : `all ${events.length} events`}`
              }
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
