import { sql } from "drizzle-orm";
import { defineJob } from "../../jobs/define";
import { ANOMALY_DETECTED } from "../analytics/events";
import { ANALYTICS } from "../analytics/permissions";
import { LOW_STOCK } from "../inventory/events";
import { INVENTORY } from "../inventory/permissions";
import { roleAtLeast, type MemberRole } from "../orgs/roles";
import { ACTIVITY_MENTIONED, DEAL_ASSIGNED, IMPORT_FINISHED, TASK_ASSIGNED, TASK_OVERDUE, type CrmRecordRef } from "../crm/events";
import { actorName, deliver, type Draft, type Visibility } from "./deliver";

/*
 * The subscribers that turn other modules' events into notifications. Each writes with
 * a key derived from the event (its outbox id, or the task and due time for "overdue"),
 * so a retry writes nothing twice.
 */

const linkOf = (record: CrmRecordRef | null) => (record ? { entityType: `crm.${record.entityType}`, id: record.id } : null);
const about = (record: CrmRecordRef | null) => (record ? ` · ${record.name}` : "");

/** A task stays the assignee's even when its record is hidden from them: told without the record's name and link. */
const taskWithoutRecord = (subject: string): Visibility => ({ ifHidden: (draft) => ({ ...draft, body: subject, link: null }) });
/** A mention of someone who cannot open the record tells them nothing. */
const onlyIfVisible: Visibility = { ifHidden: () => null };

const dueText = (dueAt: string | null) => (dueAt ? ` (due ${dueAt.slice(0, 10)})` : "");

export const notifyTaskAssignedJob = defineJob({
  id: "notifications-task-assigned",
  event: TASK_ASSIGNED,
  async handler({ event, withTenant, asMember }) {
    const { assigneeId, actorId, subject, record, dueAt } = event.data;
    const name = await withTenant((tx) => actorName(tx, actorId));
    const draft: Draft = {
      userId: assigneeId,
      actorId,
      kind: "task_assigned",
      key: `event:${event.id}`,
      title: `${name} assigned you a task`,
      body: `${subject}${dueText(dueAt)}${about(record)}`,
      link: linkOf(record),
    };
    return deliver({ withTenant, asMember }, draft, taskWithoutRecord(`${subject}${dueText(dueAt)}`));
  },
});

export const notifyTaskOverdueJob = defineJob({
  id: "notifications-task-overdue",
  event: TASK_OVERDUE,
  async handler({ event, withTenant, asMember }) {
    const { taskId, assigneeId, subject, record, dueAt } = event.data;
    const draft: Draft = {
      userId: assigneeId,
      actorId: null,
      kind: "task_overdue",
      // Once per task and due time, whichever event carried it.
      key: `task-overdue:${taskId}:${dueAt}`,
      title: "A task of yours is overdue",
      body: `${subject}${dueText(dueAt)}${about(record)}`,
      link: linkOf(record),
    };
    return deliver({ withTenant, asMember }, draft, taskWithoutRecord(`${subject}${dueText(dueAt)}`));
  },
});

export const notifyDealAssignedJob = defineJob({
  id: "notifications-deal-assigned",
  event: DEAL_ASSIGNED,
  async handler({ event, withTenant, asMember }) {
    const { dealId, ownerId, actorId, title } = event.data;
    const name = await withTenant((tx) => actorName(tx, actorId));
    const draft: Draft = {
      userId: ownerId,
      actorId,
      kind: "deal_assigned",
      key: `event:${event.id}`,
      title: `${name} made you the owner of a deal`,
      body: title,
      link: { entityType: "crm.deal", id: dealId },
    };
    return deliver({ withTenant, asMember }, draft);
  },
});

export const notifyMentionJob = defineJob({
  id: "notifications-mention",
  event: ACTIVITY_MENTIONED,
  async handler({ event, withTenant, asMember }) {
    const { mentionedUserIds, actorId, kind, subject, record } = event.data;
    const name = await withTenant((tx) => actorName(tx, actorId));
    const outcomes: Record<string, string> = {};
    for (const userId of mentionedUserIds) {
      const draft: Draft = {
        userId,
        actorId,
        kind: "mention",
        key: `event:${event.id}`,
        title: `${name} mentioned you in ${kind === "note" ? "a note" : `a ${kind}`}`,
        body: `${subject}${about(record)}`,
        link: linkOf(record),
      };
      // Without a visible record there is nothing the member could open: no notification.
      outcomes[userId] = record ? await deliver({ withTenant, asMember }, draft, onlyIfVisible) : "hidden";
    }
    return outcomes;
  },
});

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const notifyImportFinishedJob = defineJob({
  id: "notifications-import-finished",
  event: IMPORT_FINISHED,
  async handler({ event, withTenant, asMember }) {
    const { importId, userId, fileName, status, created, updated, failed, entityType } = event.data;
    const records = entityType === "company" ? "companies" : "contacts";
    const draft: Draft = {
      userId,
      actorId: null,
      kind: "import_finished",
      key: `import-finished:${importId}`,
      title: status === "done" ? `Your import of ${records} finished` : `Your import of ${records} stopped`,
      body: `${fileName}: ${plural(created, "created", "created")}, ${plural(updated, "updated", "updated")}, ${plural(failed, "row failed", "rows failed")}`,
      link: { entityType: "crm.import", id: importId },
    };
    return deliver({ withTenant, asMember }, draft);
  },
});

/** The lines of a low-stock notification's body; the page lists them all. */
const LOW_STOCK_BODY_LINES = 3;

export const notifyLowStockJob = defineJob({
  id: "notifications-low-stock",
  event: LOW_STOCK,
  async handler({ event, withTenant, asMember }) {
    const { day, products, total } = event.data;
    // Those who set reorder rules and buy (INVENTORY.lowStockAlerts: admins and owners), as members are now.
    const members = await withTenant((tx) => tx.execute<{ user_id: string; role: MemberRole }>(sql`select user_id, role from member_directory order by user_id`));
    const recipients = members.filter((m) => roleAtLeast(m.role, INVENTORY.lowStockAlerts));
    const shown = products.slice(0, LOW_STOCK_BODY_LINES).map((p) => `${p.name} (${p.sku}) in ${p.warehouseName}: ${p.available} ${p.unit} available, reorder point ${p.reorderPoint}`);
    const rest = total - shown.length;
    const outcomes: Record<string, string> = {};
    for (const { user_id: userId } of recipients) {
      const draft: Draft = {
        userId,
        actorId: null,
        kind: "stock_low",
        // Once per recipient per day, whichever event carried it.
        key: `stock-low:${day}`,
        title: total === 1 ? "1 product is low on stock" : `${total} products are low on stock`,
        body: [...shown, ...(rest > 0 ? [`and ${plural(rest, "more", "more")}`] : [])].join("; "),
        link: { entityType: "inventory.low_stock", id: null },
      };
      outcomes[userId] = await deliver({ withTenant, asMember }, draft);
    }
    return outcomes;
  },
});

/** A figure with the sign and up to two decimals, for a body text (amounts are minor units; the page formats them properly). */
const figure = (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 2 });

export const notifyAnomalyDetectedJob = defineJob({
  id: "notifications-anomaly-detected",
  event: ANOMALY_DETECTED,
  async handler({ event, withTenant, asMember }) {
    const { seriesKey, label, day, actual, expected, lower, upper, direction } = event.data;
    // Admins and owners: the people who look into unusual books (the fraud review queue's readers too).
    const members = await withTenant((tx) => tx.execute<{ user_id: string; role: MemberRole }>(sql`select user_id, role from member_directory order by user_id`));
    const recipients = members.filter((m) => roleAtLeast(m.role, ANALYTICS.review));
    const outcomes: Record<string, string> = {};
    for (const { user_id: userId } of recipients) {
      const draft: Draft = {
        userId,
        actorId: null,
        kind: "anomaly_detected",
        // Once per recipient per series and day, whichever event carried it.
        key: `anomaly:${seriesKey}:${day}`,
        title: `${label} was unusually ${direction} on ${day}`,
        body: `${figure(actual)} against an expected ${figure(expected)} (usual range ${figure(lower)} to ${figure(upper)}, in minor units)`,
        link: { entityType: "analytics.anomalies", id: null },
      };
      outcomes[userId] = await deliver({ withTenant, asMember }, draft);
    }
    return outcomes;
  },
});

export const NOTIFICATION_JOBS = [notifyTaskAssignedJob, notifyTaskOverdueJob, notifyDealAssignedJob, notifyMentionJob, notifyImportFinishedJob, notifyLowStockJob, notifyAnomalyDetectedJob];
