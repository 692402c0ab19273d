"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { notificationPath } from "@/server/modules/notifications/validation";
import type { NotificationView } from "@/server/modules/notifications/service";
import { useTRPC } from "@/trpc/client";
import { Icon } from "../shell/icons";
import { useDismiss } from "../shell/use-dismiss";
import { readServerError } from "../ui/server-errors";

/** How often the unread count is asked for while the page is open (and on window focus). */
const POLL_MS = 45_000;
const PAGE_SIZE = 10;

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

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
        </div>
      )}
    </div>
  );
}

function NotificationItem({ item, slug, onOpen, onMarkRead }: { item: NotificationView; slug: string; onOpen: () => void; onMarkRead: (id: string) => void }) {
  const unread = item.readAt === null;
  const href = item.available ? notificationPath(slug, item.entityType, item.entityId) : null;
  const text = (
    <>
      <span className={clsx("block text-sm", unread ? "font-semibold text-ink" : "text-ink")}>
        {unread && <span className="sr-only">Unread: </span>}
        {item.title}
      </span>
      {item.body && <span className="block break-words text-sm text-ink-muted">{item.body}</span>}
      <span className="block text-xs text-ink-muted">{when.format(item.createdAt)}</span>
    </>
  );
  return (
    <li className={clsx("flex items-start gap-2 px-3 py-2", unread && "bg-brand-50/60")}>
      <span aria-hidden className={clsx("mt-1.5 size-2 shrink-0 rounded-full", unread ? "bg-brand-600" : "bg-transparent")} />
      <div className="min-w-0 flex-1">
        {href ? (
          <Link
            href={href}
            onClick={() => {
              if (unread) onMarkRead(item.id);
              onOpen();
            }}
            className="block rounded hover:underline"
          >
            {text}
          </Link>
        ) : (
          <div>
            {text}
            {item.entityType && <span className="block text-xs italic text-ink-muted">This record is no longer available to you.</span>}
          </div>
        )}
      </div>
      {unread && (
        <button
          type="button"
          onClick={() => onMarkRead(item.id)}
          aria-label={`Mark "${item.title}" as read`}
          title="Mark as read"
          className="grid size-7 shrink-0 place-items-center rounded text-ink-muted hover:bg-surface-sunken hover:text-ink"
        >
          <Icon name="check" className="size-4" />
        </button>
      )}
    </li>
  );
}
