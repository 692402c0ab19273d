import { defineIsolation } from "../../../test/isolation";
import { buildForecastAnomalyFixture, forecastAnomalyIsolationCases } from "./anomalies/isolation-cases";
import { dashboardIsolationCases } from "./dashboard/isolation-cases";
import { buildFraudFixture, fraudIsolationCases } from "./fraud/isolation-cases";

/** Analytics' procedures: each area's fixture and cases from its own file, merged. */
export const analyticsIsolation = defineIsolation({
  module: "analytics",
  async buildFixture(scope) {
    return { ...(await buildForecastAnomalyFixture(scope)), fraud: await buildFraudFixture(scope) };
  },
  cases: {
    ...dashboardIsolationCases,
    ...forecastAnomalyIsolationCases,
    ...fraudIsolationCases,
  },
});
