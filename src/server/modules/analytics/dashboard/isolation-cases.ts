import type { TenantProcedureCase } from "../../../../test/isolation";

/** The dashboard reads only the caller's tenant, through the modules' own reports. */
export const dashboardIsolationCases: Record<string, TenantProcedureCase<Record<string, never>>> = {
  "analytics.dashboard.get": { minimumRole: "viewer", call: (api) => api.analytics.dashboard.get({}) },
};
