import { createTRPCRouter } from "../../api/trpc";
import { activitiesRouter } from "./routers/activities";
import { bulkRouter } from "./routers/bulk";
import { companiesRouter, contactsRouter, crmSettingsRouter, fieldsRouter, followersRouter, viewsRouter } from "./routers/core";
import { dealsRouter, pipelinesRouter } from "./routers/deals";
import { duplicatesRouter } from "./routers/duplicates";
import { importsRouter } from "./routers/imports";
import { trashRouter } from "./routers/trash";

/** The CRM module's API: `crm.<area>.<procedure>`, one file per area under ./routers. */
export const crmRouter = createTRPCRouter({
  companies: companiesRouter,
  contacts: contactsRouter,
  deals: dealsRouter,
  pipelines: pipelinesRouter,
  activities: activitiesRouter,
  duplicates: duplicatesRouter,
  imports: importsRouter,
  trash: trashRouter,
  fields: fieldsRouter,
  views: viewsRouter,
  followers: followersRouter,
  settings: crmSettingsRouter,
  bulk: bulkRouter,
});
