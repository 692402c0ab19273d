import { sql } from "drizzle-orm";
import { withTenant, type TenantTx } from "../../../db/tenant";
import { createActivity } from "../activities/activities";
import { createCompany } from "../companies/companies";
import { createContact } from "../contacts/contacts";
import type { Caller, FixtureScope, TenantProcedureCase } from "../../../../test/isolation";

/** Records the activity procedures are called with (in their own tenant, or another tenant's). */
export type Ids = {
  contactId: string;
  companyId: string;
  /** A call logged by the owner, and an open task assigned to the owner. */
  activityId: string;
  taskId: string;
};

export async function buildFixture(scope: FixtureScope): Promise<Ids> {
  return withTenant({ tenantId: scope.tenantId, userId: scope.owner.id }, async (tx) => {
    const actor = { userId: scope.owner.id, role: "owner" as const };
    const company = await createCompany(tx, actor, { name: `${scope.name} Activities Co` });
    const contact = await createContact(tx, actor, { firstName: scope.name, lastName: "Activities", companyId: company.id });
    const call = await createActivity(tx, actor, { kind: "call", subject: `Call with ${scope.name}`, body: "20 min, interested", contactId: contact.id });
    const task = await createActivity(tx, actor, { kind: "task", subject: `Follow up ${scope.name}`, dueAt: new Date(Date.now() + 86_400_000), companyId: company.id });
    return { contactId: contact.id, companyId: company.id, activityId: call.id, taskId: task.id };
  });
}

/**
 * A deal in the default pipeline's first stage, owned by the transaction's user. Plain
 * SQL, so activity tests do not depend on the deals service.
 */
export async function insertDeal(tx: TenantTx, title: string, companyId: string | null = null): Promise<string> {
  const [deal] = await tx.execute<{ id: string }>(sql`
    insert into crm_deals (title, currency, pipeline_id, stage_id, company_id, owner_id)
    select ${title}, 'EUR', s.pipeline_id, s.id, ${companyId}, nullif(current_setting('app.user_id', true), '')::uuid
      from crm_stages s join crm_pipelines p on p.id = s.pipeline_id
     where p.is_default order by s.position limit 1
    returning id`);
  return deal!.id;
}

/**
 * Members may change only the activities they created or are assigned to, so the
 * mutation cases first log one as the caller, then change it (another tenant's ids
 * already fail at the first step). Changing someone else's activity is covered in
 * src/server/modules/crm/activities.test.ts.
 */
const logNote = (api: Caller, ids: Ids) => api.crm.activities.create({ kind: "note", subject: "Matrix note", contactId: ids.contactId });
const logTask = (api: Caller, ids: Ids) => api.crm.activities.create({ kind: "task", subject: "Matrix task", companyId: ids.companyId });

export const cases: Record<string, TenantProcedureCase<Ids>> = {
  "crm.activities.get": { minimumRole: "viewer", call: (api, ids) => api.crm.activities.get({ id: ids.activityId }) },
  "crm.activities.timeline": { minimumRole: "viewer", call: (api, ids) => api.crm.activities.timeline({ entityType: "company", id: ids.companyId }) },
  "crm.activities.myTasks": { minimumRole: "viewer", call: (api) => api.crm.activities.myTasks({ includeDone: true }) },
  "crm.activities.create": {
    minimumRole: "member",
    call: (api, ids) => api.crm.activities.create({ kind: "meeting", subject: "Demo", occurredAt: new Date(), contactId: ids.contactId, companyId: ids.companyId }),
  },
  "crm.activities.update": {
    minimumRole: "member",
    call: async (api, ids) => api.crm.activities.update({ id: (await logNote(api, ids)).id, kind: "call", subject: "Matrix call" }),
  },
  "crm.activities.delete": { minimumRole: "member", call: async (api, ids) => api.crm.activities.delete({ id: (await logNote(api, ids)).id }) },
  "crm.activities.setDone": { minimumRole: "member", call: async (api, ids) => api.crm.activities.setDone({ id: (await logTask(api, ids)).id, done: true }) },
};
