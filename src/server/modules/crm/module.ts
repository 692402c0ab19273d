import { defineModule } from "../define";
import { CRM_IMPORT_EVENT } from "./imports/imports";
import { crmHome } from "./home";
import { crmImportJob } from "./jobs";
import { crmLifecycle } from "./lifecycle";
import { CONTACTS_LIMIT } from "./limits";
import { crmNav } from "./nav";
import { crmSearchers } from "./search";

export const crmModule = defineModule({
  id: "crm",
  jobs: [crmImportJob],
  events: [CRM_IMPORT_EVENT],
  lifecycle: crmLifecycle,
  nav: crmNav,
  limits: [CONTACTS_LIMIT],
  searchers: crmSearchers,
  home: crmHome,
});
