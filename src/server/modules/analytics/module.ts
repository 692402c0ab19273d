import { defineModule } from "../define";
import { anomalyScanCron } from "./anomalies/jobs";
import { ANOMALY_DETECTED } from "./events";
import { forecastCron } from "./forecast/jobs";

/**
 * Analytics (issue 16): its pure libraries over series and items — forecasting (forecast/),
 * anomaly detection (anomalies/) and fraud signals and scores (fraud/), each with a README —
 * and, applied to the tenant's data: the series (series/), stored forecasts refitted nightly
 * (forecast/service.ts, jobs.ts) and the daily anomaly scan that publishes ANOMALY_DETECTED
 * (anomalies/service.ts, jobs.ts; the notifications module tells the admins).
 */
export const analyticsModule = defineModule({
  id: "analytics",
  jobs: [forecastCron, anomalyScanCron],
  events: [ANOMALY_DETECTED],
});
