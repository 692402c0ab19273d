import { eq } from "drizzle-orm";
import { withTenant } from "../server/db/tenant";
import { defineEvent } from "../server/jobs/events";
import { publishEvent } from "../server/jobs/publish";
import { outboxEvents } from "../server/jobs/schema";
import type { SessionUser } from "../server/modules/accounts/service";
import { recordAudit, listAuditEntries } from "../server/modules/audit/service";
import type { MemberRole } from "../server/modules/orgs/schema";
import { createInvitation } from "../server/modules/orgs/invitations";
import { addMember, callerFor, createTenant, createUser } from "./fixtures";
import * as crmActivities from "./crm/activities";
import * as crmCore from "./crm/core";
import * as crmDeals from "./crm/deals";
import * as crmDuplicates from "./crm/duplicates";
import * as crmImports from "./crm/imports";

/**
 * The table every tenant procedure must appear in: the isolation tests call each one
 * across tenants, and the role matrix calls each one with every role. A module that
 * adds a procedure adds a row here (and ids to TenantFixture); the completeness test
 * fails until it does.
 */
export type Caller = ReturnType<typeof callerFor>;

/** A tenant with one record of each kind, whose ids other tenants' members try to use. */
export type TenantFixture = {
  tenantId: string;
  name: string;
  owner: SessionUser;
  auditId: string;
  /** A dead outbox event (retryable from the Jobs page). */
  deadEventId: string;
  /** A member whose role can be changed, and one who can be removed. */
  memberId: string;
  removableMemberId: string;
  /** An open invitation. */
  invitationId: string;
  /** CRM records, one object per area (src/test/crm/<area>.ts). */
  crm: CrmFixture;
};

export type TenantProcedureCase<Ids = TenantFixture> = {
  minimumRole: MemberRole;
  /** It changes the caller's own membership: the role matrix gives each call a fresh tenant. */
  fresh?: true;
  /** Calls the procedure with record ids taken from `ids` (the caller's own tenant, or another one). */
  call: (api: Caller, ids: Ids) => Promise<unknown>;
};

/** What a CRM area's fixture builder gets: its tenant, the owner, and the tenant's name (put it in record names: leaks show). */
export type CrmFixtureScope = { tenantId: string; owner: SessionUser; name: string };

const CRM_AREAS = { core: crmCore, deals: crmDeals, activities: crmActivities, duplicates: crmDuplicates, imports: crmImports };
type CrmArea = keyof typeof CRM_AREAS;
export type CrmFixture = { [A in CrmArea]: Awaited<ReturnType<(typeof CRM_AREAS)[A]["buildFixture"]>> };

function crmCases(): Record<string, TenantProcedureCase> {
  const cases: Record<string, TenantProcedureCase> = {};
  for (const [area, module] of Object.entries(CRM_AREAS) as [CrmArea, (typeof CRM_AREAS)[CrmArea]][]) {
    for (const [path, procedure] of Object.entries(module.cases as Record<string, TenantProcedureCase<unknown>>)) {
      cases[path] = { ...procedure, call: (api, ids) => procedure.call(api, ids.crm[area]) };
    }
  }
  return cases;
}

async function buildCrmFixture(scope: CrmFixtureScope): Promise<CrmFixture> {
  const built: Partial<Record<CrmArea, unknown>> = {};
  for (const [area, module] of Object.entries(CRM_AREAS)) built[area as CrmArea] = await module.buildFixture(scope);
  return built as CrmFixture;
}

export const TENANT_PROCEDURES: Record<string, TenantProcedureCase> = {
  "orgs.current": { minimumRole: "viewer", call: (api) => api.orgs.current() },
  "orgs.settings": { minimumRole: "viewer", call: (api) => api.orgs.settings() },
  "orgs.updateSettings": {
    minimumRole: "admin",
    call: (api, ids) =>
      api.orgs.updateSettings({ name: "Renamed Org", slug: `s-${ids.tenantId.slice(0, 8)}`, baseCurrency: "EUR", timeZone: "Europe/Berlin", fiscalYearStartMonth: 4 }),
  },
  "orgs.removeLogo": { minimumRole: "admin", call: (api) => api.orgs.removeLogo() },
  "members.list": { minimumRole: "viewer", call: (api) => api.members.list() },
  "members.changeRole": { minimumRole: "admin", call: (api, ids) => api.members.changeRole({ userId: ids.memberId, role: "viewer" }) },
  "members.remove": { minimumRole: "admin", call: (api, ids) => api.members.remove({ userId: ids.removableMemberId }) },
  "members.leave": { minimumRole: "viewer", fresh: true, call: (api) => api.members.leave() },
  "invitations.list": { minimumRole: "admin", call: (api) => api.invitations.list() },
  "invitations.create": { minimumRole: "admin", call: (api) => api.invitations.create({ email: `invitee-${crypto.randomUUID()}@example.test`, role: "member" }) },
  "invitations.resend": { minimumRole: "admin", call: (api, ids) => api.invitations.resend({ id: ids.invitationId }) },
  "invitations.revoke": { minimumRole: "admin", call: (api, ids) => api.invitations.revoke({ id: ids.invitationId }) },
  "audit.list": { minimumRole: "admin", call: (api) => api.audit.list({ limit: 50 }) },
  "audit.get": { minimumRole: "admin", call: (api, ids) => api.audit.get({ id: ids.auditId }) },
  "audit.filterOptions": { minimumRole: "admin", call: (api) => api.audit.filterOptions() },
  "jobs.list": { minimumRole: "admin", call: (api) => api.jobs.list({}) },
  "jobs.counts": { minimumRole: "admin", call: (api) => api.jobs.counts() },
  "jobs.retry": { minimumRole: "admin", call: (api, ids) => api.jobs.retry({ id: ids.deadEventId }) },
  "jobs.sendTestEvent": { minimumRole: "admin", call: (api) => api.jobs.sendTestEvent() },
  ...crmCases(),
};

/** Procedures that are not tenant-scoped, and why they need no tenant check. */
export const NON_TENANT_PROCEDURES: Record<string, "public" | "own account" | "super admin"> = {
  "admin.organizations": "super admin",
  "admin.suspend": "super admin",
  "admin.unsuspend": "super admin",
  "admin.setPlan": "super admin",
  "accounts.register": "public",
  "accounts.me": "own account",
  "accounts.requestPasswordReset": "public",
  "accounts.resetPassword": "public",
  "accounts.changePassword": "own account",
  "accounts.resendVerification": "own account",
  "accounts.verifyEmail": "public",
  "accounts.sessions": "own account",
  "accounts.endSession": "own account",
  "accounts.endOtherSessions": "own account",
  "orgs.create": "own account",
  "orgs.listMine": "own account",
  "invitations.preview": "public",
  "invitations.accept": "own account",
  "invitations.acceptAsNewUser": "public",
};

export async function buildTenantFixture(): Promise<TenantFixture> {
  const { org, owner } = await createTenant();
  const auditId = await withTenant({ tenantId: org.id, userId: owner.id }, async (tx) => {
    await recordAudit(tx, { action: "fixture.created", entityType: "fixture", entityId: "1", after: { secret: org.name } });
    const page = await listAuditEntries(tx, { limit: 1 });
    return page.items[0]!.id;
  });
  const deadEventId = await withTenant({ tenantId: org.id, userId: owner.id }, async (tx) => {
    const { id } = await publishEvent(tx, { event: defineEvent<{ secret: string }>("fixture/failed"), data: { secret: org.name } });
    await tx.update(outboxEvents).set({ status: "dead", attempts: 5, lastError: "fixture" }).where(eq(outboxEvents.id, id));
    return id;
  });
  const member = await createUser();
  const removable = await createUser();
  await addMember(org.id, member.id, "member");
  await addMember(org.id, removable.id, "member");
  const invitationId = await withTenant({ tenantId: org.id, userId: owner.id }, async (tx) => {
    const invitation = await createInvitation(tx, { userId: owner.id, role: "owner", name: owner.name }, org, {
      email: `fixture-${crypto.randomUUID()}@example.test`,
      role: "member",
    });
    return invitation.id;
  });
  const crm = await buildCrmFixture({ tenantId: org.id, owner, name: org.name });
  return { tenantId: org.id, name: org.name, owner, auditId, deadEventId, memberId: member.id, removableMemberId: removable.id, invitationId, crm };
}
