import { sql } from "drizzle-orm";
import { runtimeSql } from "../../db/client";
import { withTenant, type TenantTx } from "../../db/tenant";
import { defineCron } from "../../jobs/define";
import { publishEvent } from "../../jobs/publish";
import { currentOrganization } from "../orgs/settings";
import { LOW_STOCK, type LowStockLine } from "./events";
import { lowStock, lowStockCount } from "./stock/reads";

/*
 * Low-stock alerts: once a day a schedule asks which tenants have a product at or below
 * its reorder point (the narrow function of drizzle/0027_inventory_low_stock_alerts.sql: tenant ids only) and, inside
 * each tenant's own transaction, publishes LOW_STOCK with the products concerned (as
 * `lowStock` lists them). The outbox's idempotency key is the organization's calendar
 * day, so however often the schedule runs (a retry, a second instance, a manual run) a
 * tenant gets at most one alert a day; the notifications module tells its admins.
 */

/** The products an alert carries; `total` says how many there are in all. */
export const LOW_STOCK_ALERT_LINES = 50;

/** The organization's calendar day (YYYY-MM-DD) at `now`, in its time zone. */
async function organizationDay(tx: TenantTx, now: Date): Promise<string> {
  const { timeZone } = await currentOrganization(tx);
  const [row] = await tx.execute<{ day: string }>(sql`select (${now.toISOString()}::timestamptz at time zone ${timeZone})::date::text as day`);
  return row!.day;
}

/** Publishes the tenant's low-stock alert for the day of `now` unless it was published already; answers whether it was new. */
export async function publishLowStock(tx: TenantTx, now: Date): Promise<boolean> {
  const rows = await lowStock(tx, { limit: LOW_STOCK_ALERT_LINES });
  if (!rows.length) return false;
  const total = rows.length < LOW_STOCK_ALERT_LINES ? rows.length : await lowStockCount(tx);
  const day = await organizationDay(tx, now);
  const products = rows.map(
    (r): LowStockLine => ({
      productId: r.productId,
      sku: r.sku,
      name: r.name,
      unit: r.unit,
      warehouseId: r.warehouseId,
      warehouseName: r.warehouseName,
      available: r.available,
      reorderPoint: r.reorderPoint,
      reorderQuantity: r.reorderQuantity,
    }),
  );
  const { duplicate } = await publishEvent(tx, { event: LOW_STOCK, data: { day, products, total }, idempotencyKey: `low-stock:${day}` });
  return !duplicate;
}

/** Every tenant with low stock, each in its own transaction. */
export async function announceLowStock(now = new Date()): Promise<{ tenants: number; published: number }> {
  const tenants = await runtimeSql()<{ tenant_id: string }[]>`select neuroops_inventory_tenants_with_low_stock() as tenant_id`;
  let published = 0;
  for (const { tenant_id: tenantId } of tenants) if (await withTenant({ tenantId }, (tx) => publishLowStock(tx, now))) published++;
  return { tenants: tenants.length, published };
}

export const lowStockCron = defineCron({
  id: "inventory-low-stock",
  // Daily, early in the morning in Europe; the day in the key is each organization's own.
  cron: "0 5 * * *",
  async handler({ logger }) {
    const result = await announceLowStock();
    logger.info("low stock announced", result);
    return result;
  },
});
