import { defineModule } from "../define";
import { anomalyScanCron } from "./anomalies/jobs";
import { ANOMALY_DETECTED, FRAUD_LABELLED } from "./events";
import { forecastCron } from "./forecast/jobs";
import { retrainFraudModelJob, scoreFraudItemJob } from "./fraud/jobs";
import { analyticsHome } from "./home";
import { analyticsLifecycle } from "./lifecycle";
import { analyticsNav } from "./nav";

/**
 * Analytics (issue 16): the dashboard (dashboard/: figures from the modules' reports, cached per
 * tenant; its headline cards also on the home); the series read from accounting and inventory
 * (series/); stored forecasts refitted nightly and on demand, with reorder suggestions
 * (forecast/); the daily anomaly scan that publishes ANOMALY_DETECTED (anomalies/); fraud scores
 * (fraud/: every new accounting item scored by a job, the review queue, the per-tenant learned
 * model); the demo's two years of activity (demo/). Each folder has a README.
 */
export const analyticsModule = defineModule({
  id: "analytics",
  jobs: [forecastCron, anomalyScanCron, scoreFraudItemJob, retrainFraudModelJob],
  events: [ANOMALY_DETECTED, FRAUD_LABELLED],
  lifecycle: analyticsLifecycle,
  nav: analyticsNav,
  home: analyticsHome,
});
