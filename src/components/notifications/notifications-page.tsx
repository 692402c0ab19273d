"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/card";
import { ListFooter, LoadError } from "../ui/list-states";
import { readServerError } from "../ui/server-errors";
import { NotificationItem } from "./notification-item";

const PAGE_SIZE = 25;

/** /t/[slug]/notifications: all the member's notifications in this organization, newest first. */
export function NotificationsPage({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = useInfiniteQuery(trpc.notifications.list.infiniteQueryOptions({ limit: PAGE_SIZE, unreadOnly }, { getNextPageParam: (page) => page.nextCursor }));
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.notifications.unreadCount.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.notifications.list.pathKey() }),
    ]);
  };
  const onError = (e: unknown) => setError(readServerError(e).message);
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: refresh, onError }));
  const markAll = useMutation(trpc.notifications.markAllRead.mutationOptions({ onSuccess: refresh, onError }));

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold text-ink">Notifications</h1>
          <p className="mt-1 text-sm text-ink-muted">Tasks and deals given to you, mentions, overdue tasks and finished imports in this organization.</p>
        </div>
        <div className="flex items-center gap-3">
          <label className="inline-flex items-center gap-2 text-sm text-ink">
            <input type="checkbox" className="size-4 accent-brand-600" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} />
            Unread only
          </label>
          <Button type="button" variant="secondary" pending={markAll.isPending} onClick={() => markAll.mutate()}>
            Mark all as read
          </Button>
        </div>
      </div>
      {error && <Alert>{error}</Alert>}
      {list.isPending ? (
        <p className="text-sm text-ink-muted" role="status">
          Loading notifications…
        </p>
      ) : list.isError ? (
        <LoadError message={readServerError(list.error).message} retrying={list.isFetching} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={unreadOnly ? "Nothing unread." : "No notifications yet."}>You are told here when someone assigns you a task or a deal, or mentions you.</EmptyState>
      ) : (
        <ul aria-label="Notifications, newest first" className="divide-y divide-gray-100 rounded-lg border border-gray-200 bg-white">
          {items.map((item) => (
            <NotificationItem key={item.id} item={item} slug={slug} onOpen={() => undefined} onMarkRead={(id) => markRead.mutate({ id })} />
          ))}
        </ul>
      )}
      {items.length > 0 && (
        <ListFooter
          summary={`${items.length} shown`}
          hasMore={!!list.hasNextPage}
          loadingMore={list.isFetchingNextPage}
          onLoadMore={() => list.fetchNextPage()}
        />
      )}
    </div>
  );
}
