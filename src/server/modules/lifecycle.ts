import { crmLifecycle } from "./crm/lifecycle";
import { accountingLifecycle } from "./accounting/lifecycle";
import type { ModuleLifecycle } from "./define";
import { inventoryLifecycle } from "./inventory/lifecycle";
import { analyticsLifecycle } from "./analytics/lifecycle";

/**
 * Every module's tenant lifecycle hooks, in the order they run (a module after those
 * it builds on). Orgs calls these when it creates an organization or the demo one;
 * the same objects as the manifests' `lifecycle` (modules.test.ts checks it).
 */
export const TENANT_LIFECYCLE: ModuleLifecycle[] = [crmLifecycle, inventoryLifecycle, accountingLifecycle, analyticsLifecycle];
