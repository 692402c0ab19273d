import { runtimeSql } from "../../../db/client";
import { withTenant } from "../../../db/tenant";
import { defineCron } from "../../../jobs/define";
import { currentPlan } from "../../orgs/limits";
import { PLANS } from "../../orgs/plans";
import { refreshForecasts, type TenantRunner } from "./service";

/*
 * The nightly forecast run: every active tenant (posted entries or shipments over the last
 * three years, from the narrow SECURITY DEFINER function of the migration: ids only) whose plan
 * has `forecasting` gets its changed series refitted, in its own transactions. A tenant whose
 * data did not change since the last run costs one read.
 */

const ACTIVE_YEARS = 3;

export async function forecastAllTenants(now = new Date()): Promise<{ tenants: number; refreshed: number; fitted: number }> {
  const since = new Date(now);
  since.setUTCFullYear(since.getUTCFullYear() - ACTIVE_YEARS);
  const tenants = await runtimeSql()<{ tenant_id: string }[]>`select neuroops_analytics_active_tenants(${since.toISOString().slice(0, 10)}::date) as tenant_id`;
  let refreshed = 0;
  let fitted = 0;
  for (const { tenant_id: tenantId } of tenants) {
    const run: TenantRunner = (fn) => withTenant({ tenantId }, fn);
    if (!PLANS[await run((tx) => currentPlan(tx))].features.forecasting) continue;
    const result = await refreshForecasts(run);
    refreshed++;
    fitted += result.fitted.length;
  }
  return { tenants: tenants.length, refreshed, fitted };
}

export const forecastCron = defineCron({
  id: "analytics-forecasts",
  // Nightly, before the anomaly scan and the low-stock alerts.
  cron: "30 3 * * *",
  async handler({ logger }) {
    const result = await forecastAllTenants();
    logger.info("forecasts refreshed", result);
    return result;
  },
});

