import { runtimeSql } from "../../../db/client";
import { withTenant } from "../../../db/tenant";
import { defineCron } from "../../../jobs/define";
import { scanAnomalies } from "./service";

/*
 * The daily anomaly scan, on every plan: each tenant with postings over the last 30 days (the
 * migration's narrow function: ids only), in its own transaction. New flagged days are stored
 * and the recent ones announced (ANOMALY_DETECTED, once each: see ./service.ts); the
 * notifications module tells the admins.
 */

const ACTIVE_DAYS = 30;

export async function scanAllTenants(now = new Date()): Promise<{ tenants: number; stored: number; announced: number }> {
  const since = new Date(now.getTime() - ACTIVE_DAYS * 86_400_000).toISOString().slice(0, 10);
  const tenants = await runtimeSql()<{ tenant_id: string }[]>`select neuroops_analytics_active_tenants(${since}::date) as tenant_id`;
  let stored = 0;
  let announced = 0;
  for (const { tenant_id: tenantId } of tenants) {
    const result = await withTenant({ tenantId }, (tx) => scanAnomalies(tx));
    stored += result.stored;
    announced += result.announced;
  }
  return { tenants: tenants.length, stored, announced };
}

export const anomalyScanCron = defineCron({
  id: "analytics-anomaly-scan",
  // Daily, after the night's postings; the days are each organization's own.
  cron: "0 4 * * *",
  async handler({ logger }) {
    const result = await scanAllTenants();
    logger.info("anomaly scan", result);
    return result;
  },
});
