import { defineIsolation } from "../../../test/isolation";
import { buildForecastAnomalyFixture, forecastAnomalyIsolationCases } from "./anomalies/isolation-cases";

/** Analytics (test support for the isolation table): each area's fixture and cases from its own file, merged. */
export const analyticsIsolation = defineIsolation({
  module: "analytics",
  async buildFixture(scope) {
    return { ...(await buildForecastAnomalyFixture(scope)) };
  },
  cases: { ...forecastAnomalyIsolationCases },
});
