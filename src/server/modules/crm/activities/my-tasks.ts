import { sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/tenant";
import { parseInput } from "../../../platform/validate";
import { getOrganizationSettings } from "../../orgs/settings";
import type { CrmActor } from "../common";
import { VIEW_COLUMNS, VIEW_JOINS, notOnlyTrashed, toView, type ActivityRow, type ActivityView } from "./activities";

/* "My tasks": the caller's open tasks (not those only on trashed records) grouped by when they are due, in the organization's time zone. */

export const myTasksInput = z.object({
  /** Also the tasks completed in the last 7 days. */
  includeDone: z.boolean().default(false),
  /** At most this many tasks per group (the counts are always complete). */
  limit: z.number().int().min(1).max(200).default(100),
});

export type TaskGroup = "overdue" | "today" | "upcoming" | "noDate";
export type MyTasks = {
  /** The organization's time zone and today's date in it, which "today" was computed with. */
  timeZone: string;
  today: string;
  groups: Record<TaskGroup, ActivityView[]>;
  counts: Record<TaskGroup, number>;
  /** Completed in the last 7 days, newest first (empty unless asked for). */
  done: ActivityView[];
};

/**
 * The caller's open tasks, grouped: overdue (due before now), due today (before the next
 * midnight in the organization's time zone), upcoming, and without a due date. Each
 * group is sorted by due date (no-date tasks newest first) and capped at `limit`.
 * `now` is a parameter so tests can fix the clock.
 */
export async function listMyTasks(tx: TenantTx, actor: CrmActor, rawInput: z.input<typeof myTasksInput>, now = new Date()): Promise<MyTasks> {
  const input = parseInput(myTasksInput, rawInput);
  const { timeZone } = await getOrganizationSettings(tx);
  const at = now.toISOString();
  // Today's date where the organization is, and the instant its next day starts.
  const [day] = await tx.execute<{ today: string; tomorrow: string }>(sql`
    select local.today::text as today, ((local.today + 1)::timestamp at time zone ${timeZone})::text as tomorrow
      from (select (${at}::timestamptz at time zone ${timeZone})::date as today) local`);
  const { today, tomorrow } = day!;
  const rows = await tx.execute<ActivityRow & { task_group: TaskGroup; group_total: number }>(sql`
    with open_tasks as (
      select a.id, a.due_at, a.created_at,
             case when a.due_at is null then 'noDate'
                  when a.due_at < ${at}::timestamptz then 'overdue'
                  when a.due_at < ${tomorrow}::timestamptz then 'today'
                  else 'upcoming' end as task_group
        from crm_activities a
       where a.kind = 'task' and a.done_at is null and a.assignee_id = ${actor.userId} and ${notOnlyTrashed}
    ), ranked as (
      select o.id, o.task_group,
             row_number() over (partition by o.task_group order by o.due_at asc nulls last, o.created_at desc, o.id) as n,
             count(*) over (partition by o.task_group)::int as group_total
        from open_tasks o
    )
    select ${VIEW_COLUMNS}, r.task_group, r.group_total
      from ranked r join crm_activities a on a.id = r.id ${VIEW_JOINS}
     where r.n <= ${input.limit}
     order by a.due_at asc nulls last, a.created_at desc, a.id`);
  const groups: Record<TaskGroup, ActivityView[]> = { overdue: [], today: [], upcoming: [], noDate: [] };
  const counts: Record<TaskGroup, number> = { overdue: 0, today: 0, upcoming: 0, noDate: 0 };
  for (const row of rows) {
    groups[row.task_group].push(toView(actor, row));
    counts[row.task_group] = row.group_total;
  }
  const done = input.includeDone
    ? (
        await tx.execute<ActivityRow>(sql`
          select ${VIEW_COLUMNS} from crm_activities a ${VIEW_JOINS}
           where a.kind = 'task' and a.assignee_id = ${actor.userId} and a.done_at >= ${at}::timestamptz - interval '7 days' and ${notOnlyTrashed}
           order by a.done_at desc, a.id desc limit ${input.limit}`)
      ).map((row) => toView(actor, row))
    : [];
  return { timeZone, today, groups, counts, done };
}
