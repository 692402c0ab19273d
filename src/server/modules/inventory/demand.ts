import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import { currentOrganization } from "../orgs/settings";

/*
 * Product demand for the analytics module's forecasts (issue 16): units shipped for sales per
 * month, in the organization's time zone. A sale ships stock (kind "shipment"); voiding an
 * invoice brings it back (a receipt whose reference ends in ":void") and is taken off again, so
 * a voided sale counts as no demand. Left out: a voided bill's shipment back to the supplier
 * (also ":void"), transfers, adjustments, and credit notes' returns (the goods were wanted, then
 * returned: demand is what left). Quantities are exact decimal text.
 */

/** Units out for sales per movement (positive), the SQL shared by the reads below. */
const DEMAND = sql`case
  when m.kind = 'shipment' and coalesce(m.reference_id, '') not like '%:void' then -m.quantity
  when m.kind = 'receipt' and m.reference_id like '%:void' and m.reference_type = 'accounting.document' then -m.quantity
  else 0 end`;
const DEMAND_KINDS = sql`(m.kind = 'shipment' or (m.kind = 'receipt' and m.reference_id like '%:void'))`;

export type MonthlyDemandRow = { productId: string; month: string; quantity: string };

/** Units shipped for sales per product and month (`month` the first day, in the organization's zone) from `from` to `to` (days, inclusive). */
export async function monthlyDemand(tx: TenantTx, range: { from: string; to: string; productIds: string[] }): Promise<MonthlyDemandRow[]> {
  if (!range.productIds.length) return [];
  const { timeZone } = await currentOrganization(tx);
  return tx.execute<MonthlyDemandRow>(sql`
    select m.product_id as "productId", date_trunc('month', (m.effective_at at time zone ${timeZone}))::date::text as month, sum(${DEMAND})::text as quantity
      from inventory_movements m
     where ${DEMAND_KINDS} and m.product_id in (${sql.join(range.productIds.map((id) => sql`${id}::uuid`), sql`, `)})
       and (m.effective_at at time zone ${timeZone})::date between ${range.from}::date and ${range.to}::date
     group by 1, 2
     order by 1, 2`);
}

export type DemandProduct = { productId: string; sku: string; name: string; unit: string; shipped: string };

/** The live products with the most units shipped for sales since `since` (a day), most first: the products worth forecasting. */
export async function topDemandProducts(tx: TenantTx, options: { since: string; limit: number }): Promise<DemandProduct[]> {
  const { timeZone } = await currentOrganization(tx);
  return tx.execute<DemandProduct>(sql`
    select p.id as "productId", p.sku, p.name, p.unit, d.shipped::text as shipped
      from (select m.product_id, sum(${DEMAND}) as shipped
              from inventory_movements m
             where ${DEMAND_KINDS} and (m.effective_at at time zone ${timeZone})::date >= ${options.since}::date
             group by m.product_id) d
      join inventory_products p on p.id = d.product_id and p.deleted_at is null
     where d.shipped > 0
     order by d.shipped desc, p.sku_key
     limit ${options.limit}`);
}

/** Available stock (on hand − reserved) per product over every open warehouse, for the given products. */
export async function availableStock(tx: TenantTx, productIds: string[]): Promise<Map<string, string>> {
  if (!productIds.length) return new Map();
  const rows = await tx.execute<{ product_id: string; available: string }>(sql`
    select l.product_id, sum(l.on_hand - l.reserved)::text as available
      from inventory_levels l join inventory_warehouses w on w.id = l.warehouse_id and w.archived_at is null
     where l.product_id in (${sql.join(productIds.map((id) => sql`${id}::uuid`), sql`, `)})
     group by l.product_id`);
  return new Map(rows.map((r) => [r.product_id, r.available]));
}
