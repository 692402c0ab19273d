import { defineIsolation, type TenantProcedureCase } from "../../../test/isolation";
import { buildForecastAnomalyFixture, forecastAnomalyIsolationCases } from "./anomalies/isolation-cases";
import { dashboardIsolationCases } from "./dashboard/isolation-cases";
import { buildFraudFixture, fraudIsolationCases } from "./fraud/isolation-cases";

type AnalyticsIds = Awaited<ReturnType<typeof buildForecastAnomalyFixture>> & { fraud: Awaited<ReturnType<typeof buildFraudFixture>> };

/** Each area's cases, from its own file; every one takes the whole fixture (it reads its own part). */
const cases: Record<string, TenantProcedureCase<AnalyticsIds>> = {
  ...dashboardIsolationCases,
  ...forecastAnomalyIsolationCases,
  ...fraudIsolationCases,
};

/** Analytics' procedures: each area's fixture and cases, merged. */
export const analyticsIsolation = defineIsolation({
  module: "analytics",
  async buildFixture(scope): Promise<AnalyticsIds> {
    return { ...(await buildForecastAnomalyFixture(scope)), fraud: await buildFraudFixture(scope) };
  },
  cases,
});
