import { defineModule } from "../define";
import { CRM_IMPORT_EVENT } from "./imports/imports";
import { CRM_BULK_EVENT } from "./bulk/bulk";
import { crmBulkJob, crmImportJob } from "./jobs";
import { crmLifecycle } from "./lifecycle";
import { CONTACTS_LIMIT } from "./limits";
import { crmNav } from "./nav";
import { crmSearchers } from "./search";
import { crmTrashPurgeJob } from "./trash";

export const crmModule = defineModule({
  id: "crm",
  jobs: [crmImportJob, crmTrashPurgeJob, crmBulkJob],
  events: [CRM_IMPORT_EVENT, CRM_BULK_EVENT],
  lifecycle: crmLifecycle,
  nav: crmNav,
  limits: [CONTACTS_LIMIT],
  searchers: crmSearchers,
});
