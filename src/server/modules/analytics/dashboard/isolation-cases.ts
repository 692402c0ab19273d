import type { TenantProcedureCase } from "../../../../test/isolation";

/** Any fixture (the dashboard needs no records of its own). The dashboard reads only the caller's tenant, through the modules' own reports. */
export const dashboardIsolationCases: Record<string, TenantProcedureCase<object>> = {
  "analytics.dashboard.get": { minimumRole: "viewer", call: (api) => api.analytics.dashboard.get({}) },
};
