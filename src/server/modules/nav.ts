import { auditNav } from "./audit/nav";
import { crmNav } from "./crm/nav";
import { jobsNav } from "./jobs/nav";
import type { ModuleNav } from "./nav-types";
import { orgsNav } from "./orgs/nav";

/**
 * Client-safe: every module's navigation, in sidebar and Settings-tab order. The same
 * objects as the manifests' `nav` (src/server/modules/modules.test.ts checks it), kept
 * apart from the manifests so the browser bundle never pulls in server code.
 */
export const MODULE_NAV: ModuleNav[] = [orgsNav, crmNav, auditNav, jobsNav];
