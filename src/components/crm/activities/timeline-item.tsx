"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { useState } from "react";
import { RelativeTime } from "@/components/jobs/relative-time";
import { ConfirmDialog } from "@/components/orgs/confirm-dialog";
import { readServerError } from "@/components/ui/server-errors";
import type { CrmEntityType } from "@/server/modules/crm/schema";
import { useTRPC } from "@/trpc/client";
import { ActivityForm } from "./activity-form";
import { KIND_LABEL, KindIcon, type ActivityView, type TimelineEntry } from "./activity-kinds";
import { DueLabel, TargetLinks, TaskCheckbox } from "./task-parts";
import type { Member } from "../shared/types";
import { useFormat } from "@/components/format/format-provider";

/* One entry of a record's timeline: an activity (with its actions) or an audit entry. */

type Current = { entityType: CrmEntityType; id: string };

const LONG_BODY = 320;

function Body({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  const long = text.length > LONG_BODY || text.split("\n").length > 5;
  return (
    <div className="mt-1.5">
      <p className={clsx("whitespace-pre-wrap break-words text-sm text-ink", long && !open && "line-clamp-4")}>{text}</p>
      {long && (
        <button type="button" className="mt-1 text-xs font-medium text-brand-700 hover:underline" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? "Show less" : "Show more"}
        </button>
      )}
    </div>
  );
}

function invalidateActivities(queryClient: ReturnType<typeof useQueryClient>, trpc: ReturnType<typeof useTRPC>) {
  return Promise.all([
    queryClient.invalidateQueries(trpc.crm.activities.timeline.pathFilter()),
    queryClient.invalidateQueries(trpc.crm.activities.myTasks.pathFilter()),
  ]);
}

/** Ticks a task done (or reopens it) in place: the box follows the click at once, the list catches up. */
function TimelineTaskToggle({ activity, onError }: { activity: ActivityView; onError: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [optimistic, setOptimistic] = useState<boolean | null>(null);
  const setDone = useMutation(trpc.crm.activities.setDone.mutationOptions());
  const done = optimistic ?? activity.doneAt !== null;
  const change = async (next: boolean) => {
    setOptimistic(next);
    try {
      await setDone.mutateAsync({ id: activity.id, done: next });
      await invalidateActivities(queryClient, trpc);
    } catch (error) {
      onError(`Could not ${next ? "complete" : "reopen"} the task: ${readServerError(error).message}`);
    } finally {
      setOptimistic(null);
    }
  };
  return <TaskCheckbox done={done} subject={activity.subject} disabled={!activity.canEdit || setDone.isPending} onChange={(next) => void change(next)} />;
}

export function ActivityEntry({
  activity,
  now,
  slug,
  current,
  members,
  userId,
  onNotice,
}: {
  activity: ActivityView;
  now: number;
  slug: string;
  current: Current;
  members: Member[];
  userId: string | null;
  onNotice: (notice: { tone: "success" | "error"; text: string }) => void;
}) {
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(trpc.crm.activities.delete.mutationOptions());
  const isTask = activity.kind === "task";
  const done = activity.doneAt !== null;
  const author = activity.createdBy?.name ?? (activity.createdBy ? "Former member" : "System");
  // The record the timeline belongs to goes without saying; the others are worth a link.
  const otherTargets = activity.targets.filter((t) => !(t.entityType === current.entityType && t.id === current.id));

  const confirmDelete = async () => {
    try {
      await remove.mutateAsync({ id: activity.id });
      setConfirming(false);
      onNotice({ tone: "success", text: `${KIND_LABEL[activity.kind]} “${activity.subject}” deleted.` });
      await invalidateActivities(queryClient, trpc);
    } catch (error) {
      setConfirming(false);
      onNotice({ tone: "error", text: `Could not delete the ${KIND_LABEL[activity.kind].toLowerCase()}: ${readServerError(error).message}` });
    }
  };

  return (
    <article className="flex gap-3" aria-label={`${KIND_LABEL[activity.kind]}: ${activity.subject}`}>
      <KindIcon kind={activity.kind} />
      <div className="min-w-0 flex-1 rounded-lg border border-gray-200 bg-white p-3">
        {editing ? (
          <ActivityForm
            mode="edit"
            activity={activity}
            members={members}
            userId={userId}
            onCancel={() => setEditing(false)}
            onDone={(text) => {
              setEditing(false);
              onNotice({ tone: "success", text });
            }}
          />
        ) : (
          <>
            <div className="flex items-start gap-2">
              {isTask && <TimelineTaskToggle activity={activity} onError={(text) => onNotice({ tone: "error", text })} />}
              <div className="min-w-0 flex-1">
                <h3 className={clsx("break-words text-sm font-medium text-ink", isTask && done && "text-ink-muted line-through")}>{activity.subject}</h3>
                <p className="mt-0.5 flex flex-wrap items-center gap-x-1.5 text-xs text-ink-faint">
                  <span className="font-medium text-ink-muted">{KIND_LABEL[activity.kind]}</span>
                  <span aria-hidden>·</span>
                  <span>{author}</span>
                  <span aria-hidden>·</span>
                  <RelativeTime date={activity.occurredAt} now={now} />
                  {activity.updatedAt.getTime() - activity.createdAt.getTime() > 60_000 && (
                    <span title={`Edited ${format.dateTimeFull(activity.updatedAt)}`}>(edited)</span>
                  )}
                </p>
              </div>
              {activity.canEdit && (
                <div className="flex shrink-0 gap-1">
                  <button type="button" onClick={() => setEditing(true)} className="rounded px-1.5 py-0.5 text-xs font-medium text-ink-muted hover:bg-surface-sunken hover:text-ink">
                    Edit<span className="sr-only"> {activity.subject}</span>
                  </button>
                  <button
                    type="button"
                    onClick={() => setConfirming(true)}
                    className="rounded px-1.5 py-0.5 text-xs font-medium text-ink-muted hover:bg-danger-50 hover:text-danger-700"
                  >
                    Delete<span className="sr-only"> {activity.subject}</span>
                  </button>
                </div>
              )}
            </div>
            {isTask && (
              <p className="mt-1.5 flex flex-wrap gap-x-3 text-xs">
                <DueLabel dueAt={activity.dueAt} done={done} now={now} />
                <span className="text-ink-muted">
                  Assigned to <span className="font-medium text-ink">{activity.assignee?.name ?? "nobody"}</span>
                </span>
                {done && activity.doneAt && (
                  <span className="text-success-700">
                    Done <RelativeTime date={activity.doneAt} now={now} />
                  </span>
                )}
              </p>
            )}
            {activity.body && <Body text={activity.body} />}
            <TargetLinks slug={slug} targets={otherTargets} className="mt-2" />
          </>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Delete this ${KIND_LABEL[activity.kind].toLowerCase()}?`}
        confirmLabel="Delete"
        pending={remove.isPending}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          <strong className="font-medium text-ink">{activity.subject}</strong> will be removed from every record it is attached to. The deletion is recorded in the audit log.
        </p>
      </ConfirmDialog>
    </article>
  );
}

/** An audit entry: what changed, who changed it, when. */
export function ChangeEntry({ change, now }: { change: Extract<TimelineEntry, { type: "change" }>; now: number }) {
  return (
    <div className="flex gap-3">
      <KindIcon kind="change" />
      <div className="min-w-0 flex-1 py-1 text-sm">
        <p className="break-words text-ink">{change.summary}</p>
        <p className="mt-0.5 text-xs text-ink-faint">
          {change.actor?.name ?? (change.actor ? "Former member" : "System")} · <RelativeTime date={change.at} now={now} />
        </p>
      </div>
    </div>
  );
}
