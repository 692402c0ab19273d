import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/tenant";
import { Forbidden, NotFound, ValidationFailed } from "../../../platform/errors";
import { dateTime, parseInput, plainText } from "../../../platform/validate";
import { recordAudit } from "../../audit/service";
import { roleAtLeast } from "../../orgs/roles";
import { assertMembers, optionalText, type CrmActor } from "../common";
import { activityKind, crmActivities, type ActivityKind, type CrmEntityType } from "../schema";
import { CRM } from "../permissions";
import { announceActivity } from "./announce";

/*
 * Activities: notes, logged calls and emails, meetings and tasks, each attached to at
 * least one contact, company or deal. crm_activities has no visibility policy of its
 * own, so the rule lives here: an activity is visible when one of its records is, or
 * when the caller created it or is its assignee (a task assigned to you stays in your
 * task list even if you cannot open its record; the record's name is then left out).
 * Members change the activities they created or are assigned to; admins and owners any.
 */

const NOT_FOUND = "This activity does not exist, or you do not have access to it.";

const subjectInput = plainText().trim().min(1, "Enter a subject.").max(300, "A subject can be at most 300 characters.");
const instant = (what: string) => dateTime(`Enter ${what} as a date and time.`);

export const createActivityInput = z.object({
  kind: z.enum(activityKind.enumValues),
  subject: subjectInput,
  /** Free text; a call's duration and outcome go here too. */
  body: optionalText(20_000, "The text", { multiline: true }),
  /** When it happened (or, for a meeting, when it is); now when left out. */
  occurredAt: instant("when it happened").optional(),
  contactId: z.uuid("Choose a contact.").nullish(),
  companyId: z.uuid("Choose a company.").nullish(),
  dealId: z.uuid("Choose a deal.").nullish(),
  /** Tasks only. */
  dueAt: instant("the due date").nullish(),
  /** Tasks only; the creator when left out. */
  assigneeId: z.uuid("Choose a member.").nullish(),
});
export type CreateActivityInput = z.input<typeof createActivityInput>;

/** Only the fields given change. A task stays a task; the other kinds may change into each other. */
export const updateActivityInput = z.object({
  id: z.uuid(),
  kind: z.enum(activityKind.enumValues).optional(),
  subject: subjectInput.optional(),
  body: optionalText(20_000, "The text", { multiline: true }).optional(),
  occurredAt: instant("when it happened").optional(),
  contactId: z.uuid("Choose a contact.").nullish(),
  companyId: z.uuid("Choose a company.").nullish(),
  dealId: z.uuid("Choose a deal.").nullish(),
  dueAt: instant("the due date").nullish(),
  assigneeId: z.uuid("Choose a member.").optional(),
});
export type UpdateActivityInput = z.input<typeof updateActivityInput>;

export const setDoneInput = z.object({ id: z.uuid(), done: z.boolean() });

export type ActivityTarget = { entityType: CrmEntityType; id: string; name: string };

export type ActivityView = {
  id: string;
  kind: ActivityKind;
  subject: string;
  body: string | null;
  occurredAt: Date;
  dueAt: Date | null;
  doneAt: Date | null;
  assignee: { id: string; name: string | null } | null;
  createdBy: { id: string; name: string | null } | null;
  /** The records it is attached to that the caller can see (contact, company, deal). */
  targets: ActivityTarget[];
  createdAt: Date;
  updatedAt: Date;
  /** The caller may edit, delete and (tasks) complete it. */
  canEdit: boolean;
};

/**
 * Activities whose every record is in the trash are hidden with them (My tasks, lists,
 * timelines); one also on a live record stays. For a row aliased `a`.
 */
export const notOnlyTrashed = sql`not ((a.contact_id is null or exists (select 1 from crm_contacts t where t.tenant_id = a.tenant_id and t.id = a.contact_id and t.deleted_at is not null))
           and (a.company_id is null or exists (select 1 from crm_companies t where t.tenant_id = a.tenant_id and t.id = a.company_id and t.deleted_at is not null))
           and (a.deal_id is null or exists (select 1 from crm_deals t where t.tenant_id = a.tenant_id and t.id = a.deal_id and t.deleted_at is not null)))`;

/** The visibility rule above, for a row aliased `a`. */
export function visibleActivity(userId: string): SQL {
  return sql`(exists (select 1 from crm_contacts c where c.id = a.contact_id and c.merged_into_id is null)
           or exists (select 1 from crm_companies co where co.id = a.company_id and co.merged_into_id is null)
           or exists (select 1 from crm_deals d where d.id = a.deal_id)
           or a.assignee_id = ${userId} or a.created_by = ${userId}) and ${notOnlyTrashed}`;
}

export type ActivityRow = {
  id: string;
  kind: ActivityKind;
  subject: string;
  body: string | null;
  occurred_at: string;
  due_at: string | null;
  done_at: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  created_by: string | null;
  created_by_name: string | null;
  contact_id: string | null;
  contact_name: string | null;
  company_id: string | null;
  company_name: string | null;
  deal_id: string | null;
  deal_title: string | null;
  created_at: string;
  updated_at: string;
};

/**
 * Columns of an activity view, from `crm_activities a`. Records come through their own
 * visibility policy, so a record the caller cannot see comes back as null (no id, no name).
 */
export const VIEW_COLUMNS = sql`a.id, a.kind, a.subject, a.body, a.occurred_at, a.due_at, a.done_at,
       a.assignee_id, ua.name as assignee_name, a.created_by, uc.name as created_by_name,
       c.id as contact_id, nullif(trim(c.first_name || ' ' || c.last_name), '') as contact_name,
       co.id as company_id, co.name as company_name, d.id as deal_id, d.title as deal_title,
       a.created_at, a.updated_at`;
export const VIEW_JOINS = sql`
      left join crm_contacts c on c.tenant_id = a.tenant_id and c.id = a.contact_id and c.merged_into_id is null and c.deleted_at is null
      left join crm_companies co on co.tenant_id = a.tenant_id and co.id = a.company_id and co.merged_into_id is null and co.deleted_at is null
      left join crm_deals d on d.tenant_id = a.tenant_id and d.id = a.deal_id and d.deleted_at is null
      left join user_profiles ua on ua.id = a.assignee_id
      left join user_profiles uc on uc.id = a.created_by`;

function mayChange(actor: CrmActor, row: { created_by: string | null; assignee_id: string | null }): boolean {
  if (roleAtLeast(actor.role, CRM.manageOthers)) return true;
  return roleAtLeast(actor.role, CRM.edit) && (row.created_by === actor.userId || row.assignee_id === actor.userId);
}

export function toView(actor: CrmActor, row: ActivityRow): ActivityView {
  const targets: ActivityTarget[] = [];
  if (row.contact_id) targets.push({ entityType: "contact", id: row.contact_id, name: row.contact_name ?? "(no name)" });
  if (row.company_id) targets.push({ entityType: "company", id: row.company_id, name: row.company_name ?? "" });
  if (row.deal_id) targets.push({ entityType: "deal", id: row.deal_id, name: row.deal_title ?? "" });
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    body: row.body,
    occurredAt: new Date(row.occurred_at),
    dueAt: row.due_at ? new Date(row.due_at) : null,
    doneAt: row.done_at ? new Date(row.done_at) : null,
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name } : null,
    createdBy: row.created_by ? { id: row.created_by, name: row.created_by_name } : null,
    targets,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    canEdit: mayChange(actor, row),
  };
}

/** Activities by id, as the caller sees them (invisible ones are left out), in no particular order. */
export async function activityViews(tx: TenantTx, actor: CrmActor, ids: string[]): Promise<Map<string, ActivityView>> {
  if (!ids.length) return new Map();
  const rows = await tx.execute<ActivityRow>(sql`
    select ${VIEW_COLUMNS} from crm_activities a ${VIEW_JOINS}
     where a.id = any(${sql.param(ids)}::uuid[]) and ${visibleActivity(actor.userId)}`);
  return new Map(rows.map((row) => [row.id, toView(actor, row)]));
}

export async function getActivity(tx: TenantTx, actor: CrmActor, id: string): Promise<ActivityView> {
  const view = (await activityViews(tx, actor, [id])).get(id);
  if (!view) throw new NotFound(NOT_FOUND);
  return view;
}

type Targets = { contactId: string | null; companyId: string | null; dealId: string | null };

/** Each given record must exist in this tenant, be visible to the caller and not be merged away. */
async function assertTargetsVisible(tx: TenantTx, targets: Targets): Promise<void> {
  const [row] = await tx.execute<{ contact: boolean; company: boolean; deal: boolean }>(sql`
    select (${targets.contactId}::uuid is null or exists (select 1 from crm_contacts where id = ${targets.contactId} and merged_into_id is null and deleted_at is null)) as contact,
           (${targets.companyId}::uuid is null or exists (select 1 from crm_companies where id = ${targets.companyId} and merged_into_id is null and deleted_at is null)) as company,
           (${targets.dealId}::uuid is null or exists (select 1 from crm_deals where id = ${targets.dealId} and deleted_at is null)) as deal`);
  for (const entityType of ["contact", "company", "deal"] as const) {
    if (!row![entityType]) throw new NotFound(`This ${entityType} does not exist, or you do not have access to it. Choose another one to attach the activity to.`);
  }
}

function assertSomeTarget(targets: Targets): void {
  if (!targets.contactId && !targets.companyId && !targets.dealId) {
    throw new ValidationFailed({ _form: ["Attach the activity to a contact, a company or a deal."] });
  }
}

/** Due dates and assignees belong to tasks (the database's task check is the backstop). */
function assertTaskFields(kind: ActivityKind, input: { dueAt?: Date | null; assigneeId?: string | null }): void {
  if (kind === "task") return;
  const fields: Record<string, string[]> = {};
  if (input.dueAt) fields.dueAt = ["Only tasks have a due date."];
  if (input.assigneeId) fields.assigneeId = ["Only tasks have an assignee."];
  if (Object.keys(fields).length) throw new ValidationFailed(fields);
}

function assertMayWrite(actor: CrmActor): void {
  if (!roleAtLeast(actor.role, CRM.edit)) throw new Forbidden("Viewers can read activities but not log or change them.");
}

type LockedActivity = {
  id: string;
  kind: ActivityKind;
  subject: string;
  body: string | null;
  occurred_at: string;
  due_at: string | null;
  done_at: string | null;
  assignee_id: string | null;
  created_by: string | null;
  contact_id: string | null;
  company_id: string | null;
  deal_id: string | null;
};

/**
 * The row, locked for the change, if the caller can see it; NotFound otherwise. Without
 * `actor` (re-reading a row already checked), visibility is not applied.
 */
async function lockActivity(tx: TenantTx, id: string, actor?: CrmActor): Promise<LockedActivity> {
  const [row] = await tx.execute<LockedActivity>(sql`
    select a.id, a.kind, a.subject, a.body, a.occurred_at, a.due_at, a.done_at, a.assignee_id, a.created_by, a.contact_id, a.company_id, a.deal_id
      from crm_activities a
     where a.id = ${id} ${actor ? sql`and ${visibleActivity(actor.userId)}` : sql``}
       for update`);
  if (!row) throw new NotFound(NOT_FOUND);
  return row;
}

const iso = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());

/** What the audit entry keeps. */
function snapshot(row: LockedActivity) {
  return {
    kind: row.kind,
    subject: row.subject,
    body: row.body,
    occurredAt: iso(row.occurred_at),
    dueAt: iso(row.due_at),
    doneAt: iso(row.done_at),
    assigneeId: row.assignee_id,
    contactId: row.contact_id,
    companyId: row.company_id,
    dealId: row.deal_id,
  };
}

export async function createActivity(tx: TenantTx, actor: CrmActor, rawInput: CreateActivityInput): Promise<ActivityView> {
  const input = parseInput(createActivityInput, rawInput);
  assertMayWrite(actor);
  const targets = { contactId: input.contactId ?? null, companyId: input.companyId ?? null, dealId: input.dealId ?? null };
  assertSomeTarget(targets);
  assertTaskFields(input.kind, input);
  const isTask = input.kind === "task";
  const assigneeId = isTask ? (input.assigneeId ?? actor.userId) : null;
  if (isTask) await assertMembers(tx, [assigneeId], "assigneeId");
  await assertTargetsVisible(tx, targets);
  const [created] = await tx
    .insert(crmActivities)
    .values({
      kind: input.kind,
      subject: input.subject,
      body: input.body,
      ...(input.occurredAt ? { occurredAt: input.occurredAt } : {}),
      dueAt: isTask ? (input.dueAt ?? null) : null,
      assigneeId,
      ...targets,
      createdBy: actor.userId,
    })
    .returning({ id: crmActivities.id });
  const id = created!.id;
  const row = await lockActivity(tx, id);
  await recordAudit(tx, { action: "crm.activity.created", entityType: "crm.activity", entityId: id, after: snapshot(row) });
  await announceActivity(tx, actor, null, row);
  return getActivity(tx, actor, id);
}

/**
 * Returns the activity as changed, or null when the change took it out of the caller's
 * sight (a member handing a task on a record they cannot open to someone else).
 */
export async function updateActivity(tx: TenantTx, actor: CrmActor, rawInput: UpdateActivityInput): Promise<ActivityView | null> {
  const input = parseInput(updateActivityInput, rawInput);
  assertMayWrite(actor);
  const before = await lockActivity(tx, input.id, actor);
  if (!mayChange(actor, before)) throw new Forbidden("Only the person who logged this activity, its assignee, or an admin can change it.");
  const kind = input.kind ?? before.kind;
  if ((kind === "task") !== (before.kind === "task")) {
    throw new ValidationFailed({ kind: ["A task cannot become a note, call, email or meeting, or the other way round. Log a new one instead."] });
  }
  assertTaskFields(kind, input);
  const targets: Targets = {
    contactId: input.contactId !== undefined ? input.contactId : before.contact_id,
    companyId: input.companyId !== undefined ? input.companyId : before.company_id,
    dealId: input.dealId !== undefined ? input.dealId : before.deal_id,
  };
  assertSomeTarget(targets);
  // Only newly attached records are checked: keeping one the caller no longer sees is fine.
  await assertTargetsVisible(tx, {
    contactId: targets.contactId !== before.contact_id ? targets.contactId : null,
    companyId: targets.companyId !== before.company_id ? targets.companyId : null,
    dealId: targets.dealId !== before.deal_id ? targets.dealId : null,
  });
  if (input.assigneeId) await assertMembers(tx, [input.assigneeId], "assigneeId");
  const changes: Partial<typeof crmActivities.$inferInsert> = { kind, ...targets, updatedAt: new Date() };
  if (input.subject !== undefined) changes.subject = input.subject;
  if (input.body !== undefined) changes.body = input.body;
  if (input.occurredAt !== undefined) changes.occurredAt = input.occurredAt;
  if (input.dueAt !== undefined) changes.dueAt = input.dueAt;
  if (input.assigneeId !== undefined) changes.assigneeId = input.assigneeId;
  await tx.update(crmActivities).set(changes).where(sql`${crmActivities.id} = ${input.id}`);
  const after = await lockActivity(tx, input.id);
  await recordAudit(tx, { action: "crm.activity.updated", entityType: "crm.activity", entityId: input.id, before: snapshot(before), after: snapshot(after) });
  await announceActivity(tx, actor, before, after);
  return (await activityViews(tx, actor, [input.id])).get(input.id) ?? null;
}

export async function deleteActivity(tx: TenantTx, actor: CrmActor, id: string): Promise<void> {
  assertMayWrite(actor);
  const before = await lockActivity(tx, id, actor);
  if (!mayChange(actor, before)) throw new Forbidden("Only the person who logged this activity, its assignee, or an admin can delete it.");
  await tx.delete(crmActivities).where(sql`${crmActivities.id} = ${id}`);
  await recordAudit(tx, { action: "crm.activity.deleted", entityType: "crm.activity", entityId: id, before: snapshot(before) });
}

/** Completes or reopens a task. Asking for the state it already has changes nothing. */
export async function setTaskDone(tx: TenantTx, actor: CrmActor, rawInput: z.input<typeof setDoneInput>): Promise<ActivityView> {
  const input = parseInput(setDoneInput, rawInput);
  assertMayWrite(actor);
  const before = await lockActivity(tx, input.id, actor);
  if (before.kind !== "task") throw new ValidationFailed({ id: ["Only tasks can be completed or reopened."] });
  if (!mayChange(actor, before)) throw new Forbidden("Only the task's assignee, the person who created it, or an admin can complete or reopen it.");
  if (input.done !== (before.done_at !== null)) {
    await tx
      .update(crmActivities)
      .set({ doneAt: input.done ? sql`now()` : null, updatedAt: new Date() })
      .where(sql`${crmActivities.id} = ${input.id}`);
    const after = await lockActivity(tx, input.id);
    await recordAudit(tx, {
      action: input.done ? "crm.activity.completed" : "crm.activity.reopened",
      entityType: "crm.activity",
      entityId: input.id,
      before: snapshot(before),
      after: snapshot(after),
    });
  }
  return getActivity(tx, actor, input.id);
}
