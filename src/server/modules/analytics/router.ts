import { createTRPCRouter } from "../../api/trpc";
import { anomaliesRouter } from "./anomalies/router";
import { forecastsRouter } from "./forecast/router";

/** The analytics module's procedures: one sub-router per area (each helper of issue 16 adds its line). */
export const analyticsRouter = createTRPCRouter({
  forecasts: forecastsRouter,
  anomalies: anomaliesRouter,
});
