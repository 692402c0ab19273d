import { createTRPCRouter } from "../../api/trpc";
import { dashboardRouter } from "./dashboard/router";

/** Analytics: one sub-router per area (the dashboard; forecasts, anomalies and fraud add theirs). */
export const analyticsRouter = createTRPCRouter({
  dashboard: dashboardRouter,
});
