import { defineModule } from "../define";
import { analyticsHome } from "./home";
import { analyticsNav } from "./nav";

/**
 * Analytics (issue 16, in progress): the dashboard (dashboard/: figures from the modules'
 * reports, cached per tenant; its headline cards also on the home), and pure libraries over
 * series and items: forecasting (forecast/), anomaly detection (anomalies/) and fraud
 * signals and scores (fraud/); each folder has a README.
 */
export const analyticsModule = defineModule({ id: "analytics", nav: analyticsNav, home: analyticsHome });
