import { sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/tenant";
import { publishEvent } from "../../../jobs/publish";
import { mentionedMembers } from "../../../records/mentions";
import type { CrmActor } from "../common";
import { ACTIVITY_MENTIONED, TASK_ASSIGNED, type CrmRecordRef } from "../events";
import type { ActivityKind } from "../schema";

/*
 * The events an activity change publishes, in the change's transaction: a task given to
 * someone else, and members newly @mentioned in its subject or text. Nobody is told
 * about their own action.
 */

export type AnnouncedActivity = {
  id: string;
  kind: ActivityKind;
  subject: string;
  body: string | null;
  due_at: string | Date | null;
  assignee_id: string | null;
  contact_id: string | null;
  company_id: string | null;
  deal_id: string | null;
};

/** The record the activity is about, as the actor sees it (deal first, then contact, then company); null if none is visible. */
export async function recordOf(tx: TenantTx, row: AnnouncedActivity): Promise<CrmRecordRef | null> {
  const [names] = await tx.execute<{ deal: string | null; contact: string | null; company: string | null }>(sql`
    select (select d.title from crm_deals d where d.id = ${row.deal_id}) as deal,
           (select nullif(trim(c.first_name || ' ' || c.last_name), '') from crm_contacts c where c.id = ${row.contact_id} and c.merged_into_id is null) as contact,
           (select co.name from crm_companies co where co.id = ${row.company_id} and co.merged_into_id is null) as company`);
  if (row.deal_id && names?.deal != null) return { entityType: "deal", id: row.deal_id, name: names.deal };
  if (row.contact_id && names?.contact != null) return { entityType: "contact", id: row.contact_id, name: names.contact };
  if (row.company_id && names?.company != null) return { entityType: "company", id: row.company_id, name: names.company };
  return null;
}

const textOf = (row: Pick<AnnouncedActivity, "subject" | "body">) => `${row.subject}\n${row.body ?? ""}`;

export async function announceActivity(tx: TenantTx, actor: CrmActor, before: AnnouncedActivity | null, after: AnnouncedActivity): Promise<void> {
  const assigned = after.kind === "task" && after.assignee_id && after.assignee_id !== actor.userId && after.assignee_id !== before?.assignee_id;
  const previously = before ? new Set(await mentionedMembers(tx, textOf(before))) : new Set<string>();
  const mentioned = (await mentionedMembers(tx, textOf(after))).filter((id) => id !== actor.userId && !previously.has(id));
  if (!assigned && mentioned.length === 0) return;
  const record = await recordOf(tx, after);
  if (assigned) {
    const dueAt = after.due_at === null ? null : new Date(after.due_at).toISOString();
    await publishEvent(tx, {
      event: TASK_ASSIGNED,
      data: { taskId: after.id, assigneeId: after.assignee_id!, actorId: actor.userId, subject: after.subject, dueAt, record },
    });
  }
  if (mentioned.length) {
    await publishEvent(tx, {
      event: ACTIVITY_MENTIONED,
      data: { activityId: after.id, mentionedUserIds: mentioned, actorId: actor.userId, kind: after.kind, subject: after.subject, record },
    });
  }
}
