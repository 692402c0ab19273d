import { createCallerFactory, createTRPCRouter } from "./trpc";
import { accountsRouter } from "../modules/accounts/router";
import { invitationsRouter, membersRouter, orgsRouter } from "../modules/orgs/router";
import { auditRouter } from "../modules/audit/router";
import { jobsRouter } from "../modules/jobs/router";
import { adminRouter } from "../modules/admin/router";
import { accountingRouter } from "../modules/accounting/router";
import { crmRouter } from "../modules/crm/router";
import { inventoryRouter } from "../modules/inventory/router";
import { aiRouter } from "../modules/ai/router";
import { analyticsRouter } from "../modules/analytics/router";
import { searchRouter } from "../modules/search/router";
import { notificationsRouter } from "../modules/notifications/router";
import { homeRouter } from "../modules/home/router";
import { billingRouter } from "../modules/billing/router";

/** One router per module. */
export const appRouter = createTRPCRouter({
  accounts: accountsRouter,
  orgs: orgsRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  audit: auditRouter,
  jobs: jobsRouter,
  admin: adminRouter,
  crm: crmRouter,
  inventory: inventoryRouter,
  ai: aiRouter,
  analytics: analyticsRouter,
  accounting: accountingRouter,
  search: searchRouter,
  notifications: notificationsRouter,
  home: homeRouter,
  billing: billingRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
