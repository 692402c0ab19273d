import { defineModule } from "../define";
import { CRM_IMPORT_EVENT } from "./imports/imports";
import { overdueTasksCron } from "./activities/overdue";
import { ACTIVITY_MENTIONED, DEAL_ASSIGNED, IMPORT_FINISHED, TASK_ASSIGNED, TASK_OVERDUE } from "./events";
import { crmImportJob } from "./jobs";
import { crmLifecycle } from "./lifecycle";
import { CONTACTS_LIMIT } from "./limits";
import { crmNav } from "./nav";
import { crmSearchers } from "./search";

export const crmModule = defineModule({
  id: "crm",
  jobs: [crmImportJob, overdueTasksCron],
  events: [CRM_IMPORT_EVENT, TASK_ASSIGNED, TASK_OVERDUE, DEAL_ASSIGNED, ACTIVITY_MENTIONED, IMPORT_FINISHED],
  lifecycle: crmLifecycle,
  nav: crmNav,
  limits: [CONTACTS_LIMIT],
  searchers: crmSearchers,
});
