"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { useEffect, useId, useState } from "react";
import { useNow } from "@/components/jobs/format";
import { Icon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/card";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import type { CrmEntityType } from "@/server/modules/crm/schema";
import { useTRPC } from "@/trpc/client";
import { ActivityForm, type ActivityTargetInput } from "./activity-form";
import { timelineInput } from "../shared/first-page";
import { KIND_PLURAL, KindGlyph, TIMELINE_KINDS, type TimelineKind } from "./activity-kinds";
import { useViewer } from "./activity-viewer";
import { useMembers } from "../shared/hooks";
import { ENTITY_LABEL } from "../shared/labels";
import { ActivityEntry, ChangeEntry } from "./timeline-item";


type Notice = { tone: "success" | "error"; text: string };

function targetOf(entityType: CrmEntityType, id: string): ActivityTargetInput {
  return entityType === "contact" ? { contactId: id } : entityType === "company" ? { companyId: id } : { dealId: id };
}

/** Toggle buttons for the kinds shown; none pressed means everything. */
function KindFilter({ value, onChange }: { value: TimelineKind[]; onChange: (kinds: TimelineKind[]) => void }) {
  const chip = (pressed: boolean) =>
    clsx(
      "inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset transition-colors",
      pressed ? "bg-brand-50 text-brand-800 ring-brand-300" : "bg-white text-ink-muted ring-gray-300 hover:text-ink",
    );
  return (
    <div role="group" aria-label="Show only" className="flex flex-wrap gap-1.5">
      <button type="button" aria-pressed={value.length === 0} className={chip(value.length === 0)} onClick={() => onChange([])}>
        All
      </button>
      {TIMELINE_KINDS.map((kind) => {
        const pressed = value.includes(kind);
        return (
          <button
            key={kind}
            type="button"
            aria-pressed={pressed}
            className={chip(pressed)}
            onClick={() => onChange(pressed ? value.filter((k) => k !== kind) : [...value, kind])}
          >
            <KindGlyph kind={kind} className="size-3.5" />
            {KIND_PLURAL[kind]}
          </button>
        );
      })}
    </div>
  );
}

function TimelineSkeleton() {
  return (
    <div className="flex flex-col gap-4" aria-hidden>
      {[0, 1, 2].map((i) => (
        <div key={i} className="flex gap-3">
          <div className="size-8 shrink-0 animate-pulse rounded-full bg-surface-sunken" />
          <div className="h-16 flex-1 animate-pulse rounded-lg bg-surface-sunken" />
        </div>
      ))}
    </div>
  );
}

/**
 * A contact's, company's or deal's timeline: the composer (members and above), then
 * activities and changes newest first, filtered by kind, a page at a time.
 */
export function RecordTimeline({ entityType, id }: { entityType: CrmEntityType; id: string }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const members = useMembers();
  const tick = useNow();
  const headingId = useId();
  const [kinds, setKinds] = useState<TimelineKind[]>([]);
  const [composing, setComposing] = useState(true);
  const [notice, setNotice] = useState<Notice | null>(null);

  const list = useInfiniteQuery(
    trpc.crm.activities.timeline.infiniteQueryOptions(
      timelineInput(entityType, id, kinds),
      { getNextPageParam: (page) => page.nextCursor, placeholderData: keepPreviousData, retry: false },
    ),
  );
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const now = Math.max(tick, list.dataUpdatedAt);
  const noun = ENTITY_LABEL[entityType].one;
  const filtered = kinds.length > 0;

  // A success message goes away on its own; errors stay until replaced or dismissed.
  useEffect(() => {
    if (notice?.tone !== "success") return;
    const timer = setTimeout(() => setNotice(null), 6_000);
    return () => clearTimeout(timer);
  }, [notice]);

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <div className="flex items-center justify-between gap-2">
        <h2 id={headingId} className="text-base font-semibold text-ink">
          Activity
        </h2>
        {viewer.canWrite && !composing && (
          <button type="button" onClick={() => setComposing(true)} className="inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline">
            <Icon name="plus" className="size-4" />
            Log activity
          </button>
        )}
      </div>

      {viewer.canWrite && composing && (
        <div className="rounded-lg border border-gray-200 bg-surface-muted p-3">
          <ActivityForm
            mode="create"
            target={targetOf(entityType, id)}
            members={members.data ?? []}
            userId={viewer.userId}
            onDone={(text) => setNotice({ tone: "success", text })}
            onCancel={items.length > 0 ? () => setComposing(false) : undefined}
          />
        </div>
      )}
      {viewer.role !== null && !viewer.canWrite && <p className="text-sm text-ink-muted">You can read this {noun}’s activity. Viewers cannot log or change activities.</p>}

      {notice && (
        <Alert tone={notice.tone}>
          <div className="flex items-start justify-between gap-3">
            <p className="min-w-0 break-words">{notice.text}</p>
            <button type="button" onClick={() => setNotice(null)} className="-my-0.5 shrink-0 rounded p-0.5 opacity-70 hover:opacity-100" aria-label="Dismiss message">
              <Icon name="close" className="size-4" />
            </button>
          </div>
        </Alert>
      )}

      <KindFilter value={kinds} onChange={setKinds} />

      {list.isPending ? (
        <>
          <span className="sr-only" role="status">
            Loading activity…
          </span>
          <TimelineSkeleton />
        </>
      ) : list.isError && items.length === 0 ? (
        <LoadError message={`Could not load the activity: ${readServerError(list.error).message}`} retrying={list.isFetching} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        filtered ? (
          <EmptyState title={`No ${kinds.map((k) => KIND_PLURAL[k].toLowerCase()).join(" or ")} on this ${noun}.`}>
            <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => setKinds([])}>
              Show everything
            </button>
          </EmptyState>
        ) : (
          <EmptyState title="No activity yet.">
            {viewer.canWrite ? "Log a call, an email, a meeting or a note above, or create a task." : `Calls, emails, meetings, notes and changes to this ${noun} will appear here.`}
          </EmptyState>
        )
      ) : (
        <div className="flex flex-col gap-4" aria-busy={list.isFetching || undefined}>
          {list.isError && <Alert>{list.isFetchNextPageError ? "Could not load more" : "Could not refresh the activity"}: {readServerError(list.error).message}</Alert>}
          <ol className={clsx("relative flex flex-col gap-4 transition-opacity", list.isPlaceholderData && "opacity-60")} aria-label={`Activity on this ${noun}, newest first`}>
            {/* The line joining the icons. */}
            <span className="absolute bottom-2 left-4 top-2 w-px -translate-x-1/2 bg-gray-200" aria-hidden />
            {items.map((item) => (
              <li key={item.type === "activity" ? `a:${item.activity.id}` : `c:${item.id}`} className="relative">
                {item.type === "activity" ? (
                  <ActivityEntry
                    activity={item.activity}
                    now={now}
                    slug={viewer.slug}
                    current={{ entityType, id }}
                    members={members.data ?? []}
                    userId={viewer.userId}
                    onNotice={setNotice}
                  />
                ) : (
                  <ChangeEntry change={item} now={now} />
                )}
              </li>
            ))}
          </ol>
          <ListFooter
            summary={list.hasNextPage ? `Showing the newest ${items.length} entries.` : `Showing ${items.length === 1 ? "the only entry" : `all ${items.length} entries`}.`}
            hasMore={list.hasNextPage}
            loadingMore={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
          />
        </div>
      )}
    </section>
  );
}
