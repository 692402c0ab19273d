import { eq } from "drizzle-orm";
import { withTenant } from "../server/db/tenant";
import { publishEvent } from "../server/jobs/publish";
import { outboxEvents } from "../server/jobs/schema";
import type { SessionUser } from "../server/modules/accounts/service";
import { recordAudit, listAuditEntries } from "../server/modules/audit/service";
import type { MemberRole } from "../server/modules/orgs/schema";
import { callerFor, createTenant } from "./fixtures";

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
};

export type TenantProcedureCase = {
  minimumRole: MemberRole;
  /** Calls the procedure with record ids taken from `ids` (the caller's own tenant, or another one). */
  call: (api: Caller, ids: TenantFixture) => Promise<unknown>;
};

export const TENANT_PROCEDURES: Record<string, TenantProcedureCase> = {
  "orgs.current": { minimumRole: "viewer", call: (api) => api.orgs.current() },
  "orgs.members": { minimumRole: "viewer", call: (api) => api.orgs.members() },
  "audit.list": { minimumRole: "admin", call: (api) => api.audit.list({ limit: 50 }) },
  "audit.get": { minimumRole: "admin", call: (api, ids) => api.audit.get({ id: ids.auditId }) },
  "jobs.list": { minimumRole: "admin", call: (api) => api.jobs.list({}) },
  "jobs.counts": { minimumRole: "admin", call: (api) => api.jobs.counts() },
  "jobs.retry": { minimumRole: "admin", call: (api, ids) => api.jobs.retry({ id: ids.deadEventId }) },
  "jobs.sendTestEvent": { minimumRole: "admin", call: (api) => api.jobs.sendTestEvent() },
};

/** Procedures that are not tenant-scoped, and why they need no tenant check. */
export const NON_TENANT_PROCEDURES: Record<string, "public" | "own account"> = {
  "accounts.register": "public",
  "accounts.me": "own account",
  "orgs.create": "own account",
  "orgs.listMine": "own account",
};

export async function buildTenantFixture(): Promise<TenantFixture> {
  const { org, owner } = await createTenant();
  const auditId = await withTenant({ tenantId: org.id, userId: owner.id }, async (tx) => {
    await recordAudit(tx, { action: "fixture.created", entityType: "fixture", entityId: "1", after: { secret: org.name } });
    const page = await listAuditEntries(tx, { limit: 1 });
    return page.items[0]!.id;
  });
  const deadEventId = await withTenant({ tenantId: org.id, userId: owner.id }, async (tx) => {
    const { id } = await publishEvent(tx, { name: "fixture/failed", data: { secret: org.name } });
    await tx.update(outboxEvents).set({ status: "dead", attempts: 5, lastError: "fixture" }).where(eq(outboxEvents.id, id));
    return id;
  });
  return { tenantId: org.id, name: org.name, owner, auditId, deadEventId };
}
