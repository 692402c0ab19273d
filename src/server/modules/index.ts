import type { JobHost } from "../jobs/registry";
import { accountingModule } from "./accounting/module";
import { accountsModule } from "./accounts/module";
import { aiModule } from "./ai/module";
import { analyticsModule } from "./analytics/module";
import { adminModule } from "./admin/module";
import { auditModule } from "./audit/module";
import { billingModule } from "./billing/module";
import { crmModule } from "./crm/module";
import { homeModule } from "./home/module";
import { inventoryModule } from "./inventory/module";
import type { ModuleManifest } from "./define";
import { jobsModule } from "./jobs/module";
import { mailModule } from "./mail/module";
import { notificationsModule } from "./notifications/module";
import { orgsModule } from "./orgs/module";
import { searchModule } from "./search/module";
import { memberGateForJobs, tenantExists } from "./orgs/service";

/**
 * Every module of the app, once. Adding a module is its folder, one line here, one in
 * src/server/api/root.ts, its migrations and its isolation cases; modules.test.ts fails
 * when a module folder, a job, an event subscriber, a lifecycle hook or a nav entry is
 * left out.
 */
// In the order of the sidebar and the Settings tabs.
export const MODULES: readonly ModuleManifest[] = [accountsModule, orgsModule, mailModule, searchModule, homeModule, crmModule, inventoryModule, accountingModule, aiModule, analyticsModule, billingModule, notificationsModule, auditModule, jobsModule, adminModule];

export const ALL_JOBS = MODULES.flatMap((module) => module.jobs ?? []);
export const ALL_EVENTS = MODULES.flatMap((module) => module.events ?? []);
/** Every plan limit a module counts (its manifest's `limits`), for the billing page's meters. */
export const ALL_LIMITS = MODULES.flatMap((module) => module.limits ?? []);
/** Every read-only tool the AI assistant may call, from the modules that own the data. */
export const ALL_AI_TOOLS = MODULES.flatMap((module) => module.aiTools ?? []);
export const ALL_SEARCHERS = MODULES.flatMap((module) => module.searchers ?? []);
/** The home page's parts, in the modules' order. */
export const ALL_HOME = MODULES.flatMap((module) => (module.home ? [module.home] : []));

/** The composition root's answer to what the jobs layer needs from the modules. */
export const jobHost: JobHost = { jobs: ALL_JOBS, memberGate: memberGateForJobs, tenantExists };
