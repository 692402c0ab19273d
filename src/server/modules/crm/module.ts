import { defineModule } from "../define";
import { crmAiTools } from "./ai-tools";
import { CRM_IMPORT_EVENT } from "./imports/imports";
import { overdueTasksCron } from "./activities/overdue";
import { CRM_BULK_EVENT } from "./bulk/bulk";
import { ACTIVITY_MENTIONED, DEAL_ASSIGNED, IMPORT_FINISHED, TASK_ASSIGNED, TASK_OVERDUE } from "./events";
import { crmBulkJob, crmImportJob } from "./jobs";
import { crmHome } from "./home";
import { crmLifecycle } from "./lifecycle";
import { CONTACTS_LIMIT } from "./limits";
import { crmNav } from "./nav";
import { crmSearchers } from "./search";
import { crmTrashPurgeJob } from "./trash";

export const crmModule = defineModule({
  id: "crm",
  jobs: [crmImportJob, crmTrashPurgeJob, crmBulkJob, overdueTasksCron],
  events: [CRM_IMPORT_EVENT, CRM_BULK_EVENT, TASK_ASSIGNED, TASK_OVERDUE, DEAL_ASSIGNED, ACTIVITY_MENTIONED, IMPORT_FINISHED],
  lifecycle: crmLifecycle,
  nav: crmNav,
  limits: [CONTACTS_LIMIT],
  searchers: crmSearchers,
  home: crmHome,
  aiTools: crmAiTools,
});
