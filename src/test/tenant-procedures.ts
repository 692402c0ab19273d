import { withTenant } from "../server/db/tenant";
import type { SessionUser } from "../server/modules/accounts/service";
import { accountingIsolation } from "../server/modules/accounting/isolation";
import { accountsIsolation } from "../server/modules/accounts/isolation";
import { adminIsolation } from "../server/modules/admin/isolation";
import { aiIsolation } from "../server/modules/ai/isolation";
import { analyticsIsolation } from "../server/modules/analytics/isolation";
import { auditIsolation } from "../server/modules/audit/isolation";
import { billingIsolation } from "../server/modules/billing/isolation";
import { crmIsolation } from "../server/modules/crm/isolation";
import { homeIsolation } from "../server/modules/home/isolation";
import { inventoryIsolation } from "../server/modules/inventory/isolation";
import { jobsIsolation } from "../server/modules/jobs/isolation";
import { notificationsIsolation } from "../server/modules/notifications/isolation";
import { orgsIsolation } from "../server/modules/orgs/isolation";
import { setCurrentPlan } from "../server/modules/orgs/limits";
import { searchIsolation } from "../server/modules/search/isolation";
import { createTenant } from "./fixtures";
import type { ModuleIsolation, NonTenantReason, TenantProcedureCase as ModuleCase } from "./isolation";

/**
 * The isolation table: every module's cases (src/server/modules/<m>/isolation.ts),
 * combined. The isolation tests call each tenant procedure across tenants, the role
 * matrix with every role; a procedure of the app router that no module lists fails the
 * completeness test. A new module adds its isolation file and one entry here.
 */
const MODULE_ISOLATION = {
  orgs: orgsIsolation,
  audit: auditIsolation,
  jobs: jobsIsolation,
  crm: crmIsolation,
  inventory: inventoryIsolation,
  accounting: accountingIsolation,
  search: searchIsolation,
  home: homeIsolation,
  accounts: accountsIsolation,
  admin: adminIsolation,
  notifications: notificationsIsolation,
  billing: billingIsolation,
  ai: aiIsolation,
  analytics: analyticsIsolation,
};
type ModuleId = keyof typeof MODULE_ISOLATION;
type IdsOf<M extends ModuleId> = Awaited<ReturnType<(typeof MODULE_ISOLATION)[M]["buildFixture"]>>;

export type { Caller } from "./isolation";

/** A tenant with the records of every module's cases, whose ids other tenants' members try to use. */
export type TenantFixture = {
  tenantId: string;
  name: string;
  owner: SessionUser;
  modules: { [M in ModuleId]: IdsOf<M> };
};

export type TenantProcedureCase = ModuleCase<TenantFixture>;

function combinedCases(): Record<string, TenantProcedureCase> {
  const cases: Record<string, TenantProcedureCase> = {};
  for (const [id, isolation] of Object.entries(MODULE_ISOLATION) as [ModuleId, ModuleIsolation<unknown>][]) {
    for (const [path, procedure] of Object.entries(isolation.cases)) {
      if (cases[path]) throw new Error(`${path} is listed by two modules' isolation cases`);
      cases[path] = { ...procedure, call: (api, fixture) => procedure.call(api, fixture.modules[id]) };
    }
  }
  return cases;
}

export const TENANT_PROCEDURES: Record<string, TenantProcedureCase> = combinedCases();

/** Procedures that are not tenant-scoped, and why they need no tenant check. */
export const NON_TENANT_PROCEDURES: Record<string, NonTenantReason> = Object.fromEntries(
  Object.values(MODULE_ISOLATION).flatMap((isolation) => Object.entries(isolation.nonTenant ?? {})),
);

export async function buildTenantFixture(): Promise<TenantFixture> {
  const { org, owner } = await createTenant();
  // Business: the fixture's members and invitations are more than Free's 3 seats, and these
  // tests are about who may call what, not about plan limits (billing's tests cover those).
  await withTenant({ tenantId: org.id }, (tx) => setCurrentPlan(tx, "business"));
  const scope = { tenantId: org.id, owner, name: org.name };
  const modules: Partial<Record<ModuleId, unknown>> = {};
  for (const [id, isolation] of Object.entries(MODULE_ISOLATION)) modules[id as ModuleId] = await isolation.buildFixture(scope);
  return { tenantId: org.id, name: org.name, owner, modules: modules as TenantFixture["modules"] };
}
