import { defineModule } from "../define";
import { FRAUD_LABELLED } from "./events";
import { retrainFraudModelJob, scoreFraudItemJob } from "./fraud/jobs";
import { analyticsHome } from "./home";
import { analyticsLifecycle } from "./lifecycle";
import { analyticsNav } from "./nav";

/**
 * Analytics (issue 16): the dashboard (dashboard/: figures from the modules' reports, cached per
 * tenant; its headline cards also on the home); forecasting (forecast/), anomaly detection
 * (anomalies/) and fraud scores (fraud/: every new accounting item scored by a job, the review
 * queue, the per-tenant learned model); the demo's two years of activity (demo/). Each folder
 * has a README.
 */
export const analyticsModule = defineModule({
  id: "analytics",
  jobs: [scoreFraudItemJob, retrainFraudModelJob],
  events: [FRAUD_LABELLED],
  lifecycle: analyticsLifecycle,
  nav: analyticsNav,
  home: analyticsHome,
});
