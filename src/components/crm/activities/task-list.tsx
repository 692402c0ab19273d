"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { useId, useState } from "react";
import { useNow } from "@/components/jobs/format";
import { RelativeTime } from "@/components/jobs/relative-time";
import { Icon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/card";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { CRM } from "@/server/modules/crm/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import type { ActivityView, MyTasks } from "./activity-kinds";
import { DueLabel, TargetLinks, TaskCheckbox } from "./task-parts";
import { useFormat } from "@/components/format/format-provider";

/*
 * "My tasks": the signed-in member's open tasks, grouped as the server groups them
 * (overdue, today in the organization's time zone, upcoming, no date). Ticking a task
 * done shows at once (optimistic), stays in place struck through so a slip can be
 * undone, and moves to "Recently done" on the next refresh.
 */

const LIMIT = 100;
type Group = keyof MyTasks["groups"];

const GROUPS: { key: Group; title: string; empty?: string }[] = [
  { key: "overdue", title: "Overdue" },
  { key: "today", title: "Today" },
  { key: "upcoming", title: "Upcoming" },
  { key: "noDate", title: "No due date" },
];

/** The same data with one task changed, wherever it is listed. */
function withTask(data: MyTasks, id: string, change: (task: ActivityView) => ActivityView): MyTasks {
  const map = (list: ActivityView[]) => list.map((task) => (task.id === id ? change(task) : task));
  return {
    ...data,
    groups: { overdue: map(data.groups.overdue), today: map(data.groups.today), upcoming: map(data.groups.upcoming), noDate: map(data.groups.noDate) },
    done: map(data.done),
  };
}

function TaskRow({
  task,
  now,
  slug,
  userId,
  overdue,
  onToggle,
}: {
  task: ActivityView;
  now: number;
  slug: string;
  userId: string;
  overdue?: boolean;
  onToggle: (task: ActivityView, done: boolean) => void;
}) {
  const done = task.doneAt !== null;
  const fromSomeoneElse = task.createdBy && task.createdBy.id !== userId;
  return (
    <li className={clsx("flex gap-3 px-4 py-3", overdue && !done && "bg-danger-50/60")}>
      <TaskCheckbox done={done} subject={task.subject} disabled={!task.canEdit} onChange={(next) => onToggle(task, next)} />
      <div className="min-w-0 flex-1">
        <p className={clsx("break-words text-sm font-medium", done ? "text-ink-muted line-through" : "text-ink")}>{task.subject}</p>
        <p className="mt-0.5 flex flex-wrap gap-x-3 gap-y-0.5 text-xs">
          {done && task.doneAt ? (
            <span className="text-success-700">
              Done <RelativeTime date={task.doneAt} now={now} />
            </span>
          ) : (
            <DueLabel dueAt={task.dueAt} done={done} now={now} />
          )}
          {fromSomeoneElse && <span className="text-ink-faint">From {task.createdBy?.name ?? "a former member"}</span>}
        </p>
        {task.body && <p className="mt-1 line-clamp-2 whitespace-pre-wrap break-words text-xs text-ink-muted">{task.body}</p>}
        {task.targets.length ? (
          <TargetLinks slug={slug} targets={task.targets} className="mt-1.5" />
        ) : (
          <p className="mt-1.5 text-xs text-ink-faint">On a record you cannot open.</p>
        )}
      </div>
    </li>
  );
}

function TaskGroup({
  title,
  tasks,
  total,
  tone,
  children,
}: {
  title: string;
  tasks: ActivityView[];
  /** Open tasks in the group on the server (the list may be capped). */
  total: number;
  tone?: "danger" | "muted";
  children: React.ReactNode;
}) {
  const id = useId();
  const open = Math.max(0, total - tasks.filter((t) => t.doneAt !== null).length);
  return (
    <section
      aria-labelledby={id}
      className={clsx("overflow-hidden rounded-card border bg-white shadow-sm", tone === "danger" ? "border-danger-600/40" : "border-gray-200")}
    >
      <header className={clsx("flex items-center justify-between gap-2 border-b px-4 py-2.5", tone === "danger" ? "border-danger-600/30 bg-danger-50" : "border-gray-100 bg-surface-muted")}>
        <h2 id={id} className={clsx("text-sm font-semibold", tone === "danger" ? "text-danger-700" : tone === "muted" ? "text-ink-muted" : "text-ink")}>
          {tone === "danger" && <span className="mr-1.5 inline-block size-2 rounded-full bg-danger-600 align-middle" aria-hidden />}
          {title}
        </h2>
        <span className={clsx("rounded-full px-2 py-0.5 text-xs font-medium tabular-nums", tone === "danger" ? "bg-white text-danger-700" : "bg-white text-ink-muted")}>
          {tone === "muted" ? tasks.length : open}
          <span className="sr-only"> {tone === "muted" ? "tasks" : "open tasks"}</span>
        </span>
      </header>
      <ul className="divide-y divide-gray-100">{children}</ul>
      {total > tasks.length && <p className="border-t border-gray-100 px-4 py-2 text-xs text-ink-faint">Showing the first {tasks.length} of {total}.</p>}
    </section>
  );
}

export function MyTasksView({ slug, userId, role }: { slug: string; userId: string; role: MemberRole }) {
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const tick = useNow();
  const [showDone, setShowDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = { includeDone: showDone, limit: LIMIT };
  const queryKey = trpc.crm.activities.myTasks.queryKey(input);
  const tasks = useQuery(trpc.crm.activities.myTasks.queryOptions(input, { placeholderData: (previous) => previous }));
  const now = Math.max(tick, tasks.dataUpdatedAt);

  const setDone = useMutation(
    trpc.crm.activities.setDone.mutationOptions({
      onMutate: async ({ id, done }) => {
        setError(null);
        await queryClient.cancelQueries({ queryKey });
        const previous = queryClient.getQueryData<MyTasks>(queryKey);
        queryClient.setQueryData<MyTasks>(queryKey, (data) => data && withTask(data, id, (task) => ({ ...task, doneAt: done ? new Date() : null })));
        return { previous };
      },
      onError: (failure, { done }, context) => {
        if (context?.previous) queryClient.setQueryData(queryKey, context.previous);
        setError(`Could not ${done ? "complete" : "reopen"} the task: ${readServerError(failure).message}`);
      },
      onSuccess: (view) => {
        queryClient.setQueryData<MyTasks>(queryKey, (data) => data && withTask(data, view.id, () => view));
        // Timelines show the same tasks.
        void queryClient.invalidateQueries(trpc.crm.activities.timeline.pathFilter());
      },
    }),
  );
  const toggle = (task: ActivityView, done: boolean) => setDone.mutate({ id: task.id, done });

  const data = tasks.data;
  const openTotal = data ? data.counts.overdue + data.counts.today + data.counts.upcoming + data.counts.noDate : 0;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="max-w-2xl">
          <h1 className="text-2xl font-semibold text-ink">My tasks</h1>
          <p className="mt-1 text-sm text-ink-muted">
            Tasks assigned to you on contacts, companies and deals.
            {data && ` “Today” is ${format.dayLong(data.today)} in ${data.timeZone.replace(/_/g, " ")}.`}
          </p>
        </div>
        <label className="inline-flex shrink-0 items-center gap-2 text-sm text-ink">
          <input type="checkbox" className="size-4 accent-brand-600" checked={showDone} onChange={(e) => setShowDone(e.target.checked)} />
          Show tasks done in the last 7 days
        </label>
      </div>

      {!roleAtLeast(role, CRM.edit) && <Alert tone="info">You are a viewer: you can see tasks assigned to you, but not complete them.</Alert>}
      {error && (
        <Alert>
          <div className="flex items-start justify-between gap-3">
            <p className="min-w-0 break-words">{error}</p>
            <button type="button" onClick={() => setError(null)} className="-my-0.5 shrink-0 rounded p-0.5 opacity-70 hover:opacity-100" aria-label="Dismiss message">
              <Icon name="close" className="size-4" />
            </button>
          </div>
        </Alert>
      )}

      {tasks.isPending ? (
        <div className="flex flex-col gap-4" aria-busy="true">
          <span className="sr-only" role="status">
            Loading your tasks…
          </span>
          {[0, 1].map((i) => (
            <div key={i} className="h-40 animate-pulse rounded-card bg-surface-sunken" aria-hidden />
          ))}
        </div>
      ) : tasks.isError && !data ? (
        <LoadError message={`Could not load your tasks: ${readServerError(tasks.error).message}`} retrying={tasks.isFetching} onRetry={() => void tasks.refetch()} />
      ) : data ? (
        <div className={clsx("flex flex-col gap-5 transition-opacity", tasks.isPlaceholderData && "opacity-60")} aria-busy={tasks.isFetching || undefined}>
          {tasks.isError && <Alert>Could not refresh your tasks: {readServerError(tasks.error).message}</Alert>}
          <p className="sr-only" role="status">
            {openTotal === 0 ? "Nothing due." : `${openTotal} open ${openTotal === 1 ? "task" : "tasks"}, ${data.counts.overdue} overdue.`}
          </p>
          {openTotal === 0 && GROUPS.every((g) => data.groups[g.key].length === 0) ? (
            <EmptyState title="Nothing due.">You have no open tasks. Tasks assigned to you on a contact, company or deal appear here.</EmptyState>
          ) : (
            GROUPS.map(({ key, title }) =>
              data.groups[key].length === 0 ? null : (
                <TaskGroup key={key} title={title} tasks={data.groups[key]} total={data.counts[key]} tone={key === "overdue" ? "danger" : undefined}>
                  {data.groups[key].map((task) => (
                    <TaskRow key={task.id} task={task} now={now} slug={slug} userId={userId} overdue={key === "overdue"} onToggle={toggle} />
                  ))}
                </TaskGroup>
              ),
            )
          )}
          {showDone &&
            (data.done.length === 0 ? (
              <p className="text-sm text-ink-muted">No tasks done in the last 7 days.</p>
            ) : (
              <TaskGroup title="Recently done" tasks={data.done} total={data.done.length} tone="muted">
                {data.done.map((task) => (
                  <TaskRow key={task.id} task={task} now={now} slug={slug} userId={userId} onToggle={toggle} />
                ))}
              </TaskGroup>
            ))}
        </div>
      ) : null}
    </div>
  );
}
