import { createCallerFactory, createTRPCRouter } from "./trpc";
import { accountsRouter } from "../modules/accounts/router";
import { orgsRouter } from "../modules/orgs/router";
import { auditRouter } from "../modules/audit/router";

/** One router per module. */
export const appRouter = createTRPCRouter({
  accounts: accountsRouter,
  orgs: orgsRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
