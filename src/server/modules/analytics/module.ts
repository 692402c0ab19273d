import { defineModule } from "../define";
import { analyticsNav } from "./nav";

/**
 * Analytics (issue 16, in progress): so far its pure libraries over series and items, with no
 * tables, jobs or navigation yet: forecasting (forecast/), anomaly detection (anomalies/) and
 * fraud signals and scores (fraud/); each folder has a README.
 */
export const analyticsModule = defineModule({ id: "analytics", nav: analyticsNav });
