import { defineEvent } from "../../jobs/events";
import type { ImportFinished } from "../../records/import/engine";
import type { CrmEntityType } from "./schema";

/*
 * What CRM tells the rest of the app (its part of the event catalog, listed in
 * ./module.ts). Each is published in the transaction of the change it reports, and
 * carries what a subscriber may show about it as the change's actor saw it then: a
 * subscriber never reads CRM's tables.
 */

/** The record an activity is attached to (the first of deal, contact, company), with its name then. */
export type CrmRecordRef = { entityType: CrmEntityType; id: string; name: string };

/** A task was given to a member by someone else (created for them, or handed over). */
export const TASK_ASSIGNED = defineEvent<{
  taskId: string;
  assigneeId: string;
  actorId: string;
  subject: string;
  dueAt: string | null;
  record: CrmRecordRef | null;
}>("crm/task.assigned");

/** An open task's due time passed (published once per task and due time by the crm-tasks-overdue schedule). */
export const TASK_OVERDUE = defineEvent<{
  taskId: string;
  assigneeId: string;
  subject: string;
  dueAt: string;
  record: CrmRecordRef | null;
}>("crm/task.overdue");

/** A deal's owner became a member other than the one who made the change. */
export const DEAL_ASSIGNED = defineEvent<{ dealId: string; ownerId: string; actorId: string; title: string }>("crm/deal.assigned");

/** Members were newly @mentioned in an activity's text (only those not mentioned before the change). */
export const ACTIVITY_MENTIONED = defineEvent<{
  activityId: string;
  mentionedUserIds: string[];
  actorId: string;
  kind: string;
  subject: string;
  record: CrmRecordRef | null;
}>("crm/activity.mentioned");

/** A CSV import ended (done, or failed after its retries), for the member who started it. */
export const IMPORT_FINISHED = defineEvent<ImportFinished>("crm/import.finished");
