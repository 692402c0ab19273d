import { createTRPCRouter } from "../../api/trpc";
import { anomaliesRouter } from "./anomalies/router";
import { dashboardRouter } from "./dashboard/router";
import { forecastsRouter } from "./forecast/router";
import { fraudRouter } from "./fraud/router";

/** Analytics: one sub-router per area. */
export const analyticsRouter = createTRPCRouter({
  dashboard: dashboardRouter,
  forecasts: forecastsRouter,
  anomalies: anomaliesRouter,
  fraud: fraudRouter,
});
