import { createTRPCRouter } from "../../api/trpc";
import { dashboardRouter } from "./dashboard/router";
import { fraudRouter } from "./fraud/router";

/** Analytics: one sub-router per area. */
export const analyticsRouter = createTRPCRouter({
  dashboard: dashboardRouter,
  fraud: fraudRouter,
});
