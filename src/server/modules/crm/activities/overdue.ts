import { sql } from "drizzle-orm";
import { runtimeSql } from "../../../db/client";
import { withTenant, type TenantTx } from "../../../db/tenant";
import { defineCron } from "../../../jobs/define";
import { publishEvent } from "../../../jobs/publish";
import { TASK_OVERDUE } from "../events";
import { recordOf, type AnnouncedActivity } from "./announce";

/*
 * Overdue tasks: a schedule finds open, assigned tasks whose due time passed within the
 * last OVERDUE_LOOKBACK_HOURS and publishes TASK_OVERDUE once per task and due time (the
 * outbox's idempotency key; a moved due date is a new key, so it is announced again when
 * it passes). The look-back is far shorter than the outbox's retention (30 days), so a
 * key is never forgotten while a task can still be found; a task whose due time passed
 * while the schedule was stopped for longer than that is not announced.
 */

export const OVERDUE_LOOKBACK_HOURS = 48;

/** Publishes the tenant's newly overdue tasks; returns how many were new. */
export async function publishOverdueTasks(tx: TenantTx, now: Date, since: Date): Promise<number> {
  const rows = await tx.execute<AnnouncedActivity & { due_at: string }>(sql`
    select a.id, a.kind, a.subject, a.body, a.due_at, a.assignee_id, a.contact_id, a.company_id, a.deal_id
      from crm_activities a
     where a.kind = 'task' and a.done_at is null and a.assignee_id is not null
       and a.due_at > ${since.toISOString()}::timestamptz and a.due_at <= ${now.toISOString()}::timestamptz
     order by a.due_at, a.id`);
  let published = 0;
  for (const row of rows) {
    const dueAt = new Date(row.due_at).toISOString();
    const { duplicate } = await publishEvent(tx, {
      event: TASK_OVERDUE,
      data: { taskId: row.id, assigneeId: row.assignee_id!, subject: row.subject, dueAt, record: await recordOf(tx, row) },
      idempotencyKey: `${row.id}:${dueAt}`,
    });
    if (!duplicate) published++;
  }
  return published;
}

/** Every tenant with newly overdue tasks (through the narrow function of drizzle/0020), each in its own transaction. */
export async function announceOverdueTasks(now = new Date()): Promise<{ tenants: number; published: number }> {
  const since = new Date(now.getTime() - OVERDUE_LOOKBACK_HOURS * 3_600_000);
  const tenants = await runtimeSql()<{ tenant_id: string }[]>`select neuroops_crm_tenants_with_overdue_tasks(${since.toISOString()}::timestamptz) as tenant_id`;
  let published = 0;
  for (const { tenant_id: tenantId } of tenants) published += await withTenant({ tenantId }, (tx) => publishOverdueTasks(tx, now, since));
  return { tenants: tenants.length, published };
}

export const overdueTasksCron = defineCron({
  id: "crm-tasks-overdue",
  cron: "*/5 * * * *",
  async handler({ logger }) {
    const result = await announceOverdueTasks();
    logger.info("overdue tasks announced", result);
    return result;
  },
});
