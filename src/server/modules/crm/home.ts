import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import type { ChecklistStep, HomeContext, HomeContribution, HomeItem, HomeListSection, HomePipelineSection } from "../home-types";
import { roleAtLeast } from "../orgs/roles";
import { VIEW_COLUMNS, VIEW_JOINS, toView, type ActivityRow, type ActivityView } from "./activities/activities";
import { listMyTasks } from "./activities/my-tasks";
import { CRM } from "./permissions";

/* CRM's part of the home page: my tasks due today and overdue, my open deals, activity on records I follow. */

const HOME_TASKS = 8;
const HOME_ACTIVITY = 8;

function targetOf(view: ActivityView): { href?: string; name?: string } {
  const target = view.targets.find((t) => t.entityType === "deal") ?? view.targets[0];
  if (!target) return {};
  return { href: `/crm/${target.entityType === "company" ? "companies" : `${target.entityType}s`}/${target.id}`, name: target.name };
}

/** Overdue and due-today tasks assigned to the caller, "today" in the organization's time zone (listMyTasks). */
export async function homeTasks(tx: TenantTx, ctx: HomeContext): Promise<HomeListSection> {
  const tasks = await listMyTasks(tx, ctx.actor, { limit: HOME_TASKS }, ctx.now);
  const item = (view: ActivityView, overdue: boolean): HomeItem => {
    const target = targetOf(view);
    return { id: view.id, title: view.subject, href: target.href, detail: target.name, at: view.dueAt ?? undefined, atStyle: "due", tone: overdue ? "danger" : undefined };
  };
  return {
    kind: "list",
    id: "crm-tasks",
    title: "My tasks",
    description: "Overdue and due today, in the organization's time zone.",
    groups: [
      { id: "overdue", label: "Overdue", tone: "danger", items: tasks.groups.overdue.map((t) => item(t, true)), total: tasks.counts.overdue },
      { id: "today", label: "Due today", items: tasks.groups.today.map((t) => item(t, false)), total: tasks.counts.today },
    ],
    empty: "Nothing is due today and nothing is overdue.",
    more: { label: "All my tasks", href: "/crm/tasks" },
  };
}

/**
 * The caller's open deals by stage, per currency: count, amount and weighted value (amount ×
 * effective probability / 100, rounded to the minor unit, as on the board). Currencies are
 * never summed together; the organization's currency comes first, then the others by code.
 */
export async function homeDeals(tx: TenantTx, ctx: HomeContext): Promise<HomePipelineSection> {
  const rows = await tx.execute<{ currency: string; stage_id: string; stage_name: string; probability: number; count: number; amount: string; weighted: string }>(sql`
    select d.currency, s.id as stage_id, s.name as stage_name, s.probability, count(*)::int as count, sum(d.amount_minor)::text as amount,
           round(sum(d.amount_minor::numeric * coalesce(d.probability, s.probability)) / 100)::text as weighted
      from crm_deals d
      join crm_stages s on s.tenant_id = d.tenant_id and s.id = d.stage_id
      join crm_pipelines p on p.tenant_id = d.tenant_id and p.id = d.pipeline_id
     where d.owner_id = ${ctx.actor.userId} and d.status = 'open' and d.deleted_at is null
     group by d.currency, p.position, p.id, s.position, s.id, s.name, s.probability
     order by d.currency, p.position, p.id, s.position, s.id`);
  const groups = new Map<string, HomePipelineSection["groups"][number]>();
  for (const row of rows) {
    const group = groups.get(row.currency) ?? { currency: row.currency, count: 0, amountMinor: 0n, weightedMinor: 0n, stages: [] };
    const stage = { id: row.stage_id, name: row.stage_name, probability: row.probability, count: row.count, amountMinor: BigInt(row.amount), weightedMinor: BigInt(row.weighted) };
    group.stages.push(stage);
    group.count += stage.count;
    group.amountMinor += stage.amountMinor;
    group.weightedMinor += stage.weightedMinor;
    groups.set(row.currency, group);
  }
  const ordered = [...groups.values()].sort((a, b) => Number(b.currency === ctx.baseCurrency) - Number(a.currency === ctx.baseCurrency) || a.currency.localeCompare(b.currency));
  return {
    kind: "pipeline",
    id: "crm-deals",
    title: "My open deals",
    description: "Weighted value = amount × the deal's win probability.",
    baseCurrency: ctx.baseCurrency,
    groups: ordered,
    empty: "You own no open deals.",
    more: { label: "Deal board", href: "/crm/deals" },
  };
}

/** Notes, calls, emails, meetings and tasks added lately to the contacts, companies and deals the caller follows. */
export async function homeFollowedActivity(tx: TenantTx, ctx: HomeContext): Promise<HomeListSection> {
  const rows = await tx.execute<ActivityRow>(sql`
    select ${VIEW_COLUMNS} from crm_activities a ${VIEW_JOINS}
     where exists (
             select 1 from crm_followers f
              where f.user_id = ${ctx.actor.userId}
                and ((f.entity_type = 'contact' and f.entity_id = a.contact_id)
                  or (f.entity_type = 'company' and f.entity_id = a.company_id)
                  or (f.entity_type = 'deal' and f.entity_id = a.deal_id)))
       and (c.id is not null or co.id is not null or d.id is not null)
     order by a.created_at desc, a.id desc
     limit ${HOME_ACTIVITY}`);
  const items = rows.map((row): HomeItem => {
    const view = toView(ctx.actor, row);
    const target = targetOf(view);
    const who = view.createdBy?.id === ctx.actor.userId ? "You" : (view.createdBy?.name ?? "Someone");
    return { id: view.id, title: `${KIND_LABEL[view.kind]}: ${view.subject}`, href: target.href, detail: [target.name, who].filter(Boolean).join(" · "), at: view.createdAt, atStyle: "relative" };
  });
  return {
    kind: "list",
    id: "crm-followed-activity",
    title: "On records you follow",
    description: "The latest notes, calls, emails, meetings and tasks. Follow a record from its page.",
    groups: [{ id: "recent", items, total: items.length }],
    empty: "Nothing new on the records you follow.",
  };
}

const KIND_LABEL: Record<ActivityView["kind"], string> = { note: "Note", call: "Call", email: "Email", meeting: "Meeting", task: "Task" };

/** "Import contacts" and "Create a deal", done once the organization has any. */
export async function crmChecklist(tx: TenantTx, ctx: HomeContext): Promise<ChecklistStep[]> {
  // Counted without the visibility rule's filter in mind: a member under "own or followed"
  // sees only their records, and that is what "has this organization started" can mean for them.
  const [row] = await tx.execute<{ contacts: boolean; deals: boolean }>(sql`
    select exists (select 1 from crm_contacts) as contacts, exists (select 1 from crm_deals) as deals`);
  const canEdit = roleAtLeast(ctx.role, CRM.edit);
  return [
    {
      id: "crm-import-contacts",
      label: "Import your contacts",
      description: row!.contacts ? "Your organization has contacts." : "Bring them in from a CSV export of another CRM, a spreadsheet or an address book.",
      done: row!.contacts,
      href: canEdit ? "/crm/imports/new" : undefined,
    },
    {
      id: "crm-create-deal",
      label: "Create a deal",
      description: row!.deals ? "Your pipeline has a deal." : "Track an opportunity through your pipeline's stages.",
      done: row!.deals,
      href: canEdit ? "/crm/deals/new" : undefined,
    },
  ];
}

export const crmHome: HomeContribution = {
  sections: async (tx, ctx) => Promise.all([homeTasks(tx, ctx), homeDeals(tx, ctx), homeFollowedActivity(tx, ctx)]),
  checklist: crmChecklist,
};
