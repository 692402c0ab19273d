import { defineModule } from "../define";
import { FRAUD_LABELLED } from "./events";
import { retrainFraudModelJob, scoreFraudItemJob } from "./fraud/jobs";
import { analyticsLifecycle } from "./lifecycle";

/**
 * Analytics (issue 16, in progress): its pure libraries over series and items — forecasting
 * (forecast/), anomaly detection (anomalies/) and fraud signals and scores (fraud/), each folder
 * with a README — and fraud scores applied: every new accounting item scored by a job, the
 * review queue, and the per-tenant learned model.
 */
export const analyticsModule = defineModule({
  id: "analytics",
  jobs: [scoreFraudItemJob, retrainFraudModelJob],
  events: [FRAUD_LABELLED],
  lifecycle: analyticsLifecycle,
});
