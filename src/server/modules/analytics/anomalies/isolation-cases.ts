import { withTenant } from "../../../db/tenant";
import type { FixtureScope, TenantProcedureCase } from "../../../../test/isolation";
import { analyticsAnomalies } from "../schema";

/** Forecasts and anomalies (test support for the isolation table): one stored anomaly to mark seen. */
export async function buildForecastAnomalyFixture({ tenantId, name }: FixtureScope): Promise<{ anomalyId: string }> {
  return withTenant({ tenantId }, async (tx) => {
    const [row] = await tx
      .insert(analyticsAnomalies)
      .values({ seriesKey: "revenue:EUR", kind: "revenue", label: `${name} revenue (EUR)`, currency: "EUR", day: "2026-01-15", actual: 5000, expected: 1000, lower: 800, upper: 1200, score: 20, direction: "high" })
      .returning({ id: analyticsAnomalies.id });
    return { anomalyId: row!.id };
  });
}

export const forecastAnomalyIsolationCases: Record<string, TenantProcedureCase<{ anomalyId: string }>> = {
  "analytics.forecasts.list": { minimumRole: "viewer", call: (api) => api.analytics.forecasts.list() },
  "analytics.forecasts.refresh": { minimumRole: "member", call: (api) => api.analytics.forecasts.refresh() },
  "analytics.forecasts.reorder": { minimumRole: "viewer", call: (api) => api.analytics.forecasts.reorder() },
  "analytics.anomalies.list": { minimumRole: "viewer", call: (api) => api.analytics.anomalies.list({}) },
  "analytics.anomalies.chart": { minimumRole: "viewer", call: (api) => api.analytics.anomalies.chart({ seriesKey: "revenue:EUR" }) },
  "analytics.anomalies.markSeen": { minimumRole: "member", call: (api, ids) => api.analytics.anomalies.markSeen({ id: ids.anomalyId }) },
};
