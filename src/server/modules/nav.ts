import { describeAuditEntry, type AuditDescription, type DescribableAuditEntry } from "./audit/describe";
import { accountingNav } from "./accounting/nav";
import { aiNav } from "./ai/nav";
import { analyticsNav } from "./analytics/nav";
import { auditNav } from "./audit/nav";
import { billingNav } from "./billing/nav";
import { crmNav } from "./crm/nav";
import { inventoryNav } from "./inventory/nav";
import { jobsNav } from "./jobs/nav";
import type { ModuleNav } from "./nav-types";
import { orgsNav } from "./orgs/nav";

/**
 * Client-safe: every module's navigation, in sidebar and Settings-tab order. The same
 * objects as the manifests' `nav` (src/server/modules/modules.test.ts checks it), kept
 * apart from the manifests so the browser bundle never pulls in server code.
 */
export const MODULE_NAV: ModuleNav[] = [orgsNav, crmNav, inventoryNav, accountingNav, aiNav, analyticsNav, billingNav, auditNav, jobsNav];

/** Every module's audit describers: the home page's recent activity and the audit log read entries through them. */
export const AUDIT_DESCRIBERS = MODULE_NAV.flatMap((nav) => nav.audit ?? []);

/** An audit entry as a sentence, through the module that records it (client-safe, like the rest of this file). */
export function describeAudit(entry: DescribableAuditEntry): AuditDescription {
  return describeAuditEntry(entry, AUDIT_DESCRIBERS);
}
