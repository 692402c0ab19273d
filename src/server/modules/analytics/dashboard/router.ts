import { createTRPCRouter, roleProcedure } from "../../../api/trpc";
import { ANALYTICS } from "../permissions";
import { dashboardInput, getDashboard } from "./service";

/** The analytics dashboard: headline figures and chart series for a date range. */
export const dashboardRouter = createTRPCRouter({
  get: roleProcedure(ANALYTICS.read)
    .input(dashboardInput)
    .query(({ ctx, input }) => getDashboard(ctx.db, ctx.actor, input)),
});
