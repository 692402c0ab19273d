"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { Icon } from "../shell/icons";
import { useDismiss } from "../shell/use-dismiss";
import { readServerError } from "../ui/server-errors";
import { NotificationItem } from "./notification-item";

/** How often the unread count is asked for while the page is open (and on window focus). */
const POLL_MS = 45_000;
const PAGE_SIZE = 10;

/** "3 unread notifications" for the bell's label; "99+" past the server's cap. */
export function bellLabel(count: number, capped: boolean): string {
  if (count === 0) return "Notifications, none unread";
  return `Notifications, ${capped ? `more than ${count - 1}` : count} unread`;
}

/** The header's bell: the unread count, and a popover with the newest notifications. */
export function NotificationBell({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const [error, setError] = useState<string | null>(null);

  const count = useQuery(trpc.notifications.unreadCount.queryOptions(undefined, { refetchInterval: POLL_MS, refetchOnWindowFocus: "always", staleTime: 10_000 }));
  const list = useInfiniteQuery(
    trpc.notifications.list.infiniteQueryOptions({ limit: PAGE_SIZE }, { enabled: open, getNextPageParam: (page) => page.nextCursor, staleTime: 0 }),
  );
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  const refresh = useCallback(async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.notifications.unreadCount.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.notifications.list.pathKey() }),
    ]);
  }, [queryClient, trpc]);
  const onError = (e: unknown) => setError(readServerError(e).message);
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: refresh, onError }));
  const markAll = useMutation(trpc.notifications.markAllRead.mutationOptions({ onSuccess: refresh, onError }));

  const close = useCallback(() => {
    setOpen(false);
    buttonRef.current?.focus();
  }, []);
  useDismiss(ref, open, close);
  useEffect(() => {
    if (open) panelRef.current?.focus();
  }, [open]);

  const unread = count.data?.count ?? 0;
  const label = bellLabel(unread, count.data?.capped ?? false);
  return (
    <div ref={ref} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={label}
        onClick={() => (open ? close() : (setError(null), setOpen(true)))}
        className="relative grid size-9 place-items-center rounded-full text-ink-muted hover:bg-surface-sunken hover:text-ink"
      >
        <Icon name="bell" />
        {unread > 0 && (
          <span aria-hidden className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-danger-700 px-1 text-center text-xs font-semibold leading-5 text-white">
            {count.data?.capped ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <div
          ref={panelRef}
          role="dialog"
          aria-labelledby={headingId}
          tabIndex={-1}
          className="absolute right-0 z-30 mt-2 flex max-h-[70vh] w-[22rem] max-w-[calc(100vw-2rem)] flex-col rounded-lg border border-gray-200 bg-white shadow-lg outline-none"
        >
          <div className="flex items-center justify-between gap-2 border-b border-gray-100 px-3 py-2">
            <h2 id={headingId} className="text-sm font-semibold text-ink">
              Notifications
            </h2>
            <button
              type="button"
              disabled={unread === 0 || markAll.isPending}
              onClick={() => markAll.mutate()}
              className="min-h-6 rounded px-2 py-1 text-xs font-medium text-brand-700 hover:bg-brand-50 disabled:text-ink-faint disabled:hover:bg-transparent"
            >
              Mark all as read
            </button>
          </div>
          {error && (
            <p role="alert" className="px-3 py-2 text-sm text-danger-700">
              {error}
            </p>
          )}
          <div className="overflow-y-auto" tabIndex={items.length > 4 ? 0 : undefined} aria-label={items.length > 4 ? "Notification list" : undefined}>
            {list.isPending ? (
              <p className="px-3 py-6 text-center text-sm text-ink-muted" role="status">
                Loading notifications…
              </p>
            ) : list.isError ? (
              <div className="flex flex-col items-center gap-2 px-3 py-6 text-sm text-ink-muted">
                <p role="alert">The notifications could not be loaded.</p>
                <button type="button" onClick={() => list.refetch()} className="min-h-6 rounded px-2 py-1 font-medium text-brand-700 hover:bg-brand-50">
                  Try again
                </button>
              </div>
            ) : items.length === 0 ? (
              <p className="px-3 py-6 text-center text-sm text-ink-muted">Nothing yet. You will see here when someone assigns you a task or a deal, or mentions you.</p>
            ) : (
              <ul className="divide-y divide-gray-100" aria-labelledby={headingId}>
                {items.map((item) => (
                  <NotificationItem key={item.id} item={item} slug={slug} onOpen={close} onMarkRead={(id) => markRead.mutate({ id })} />
                ))}
              </ul>
            )}
            {list.hasNextPage && (
              <div className="border-t border-gray-100 p-2 text-center">
                <button
                  type="button"
                  onClick={() => list.fetchNextPage()}
                  disabled={list.isFetchingNextPage}
                  className="min-h-6 rounded px-2 py-1 text-sm font-medium text-brand-700 hover:bg-brand-50"
                >
                  {list.isFetchingNextPage ? "Loading…" : "Show older"}
                </button>
              </div>
            )}
          </div>
          <div className="border-t border-gray-100 px-3 py-2 text-center">
            <Link href={`/t/${slug}/notifications`} onClick={close} className="inline-block min-h-6 rounded px-2 py-1 text-sm font-medium text-brand-700 hover:bg-brand-50">
              See all notifications
            </Link>
          </div>
        </div>
      )}
    </div>
  );
}
