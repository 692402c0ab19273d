import { sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/tenant";
import { fromDb, ZERO } from "../fixed";
import { endOf, type Segment } from "../valuation";

/*
 * The ledger's invariants, checked against the tenant's rows: on hand and value per
 * product × warehouse equal the ledger's sums, lot levels equal the lot movements' sums,
 * and the cost segments chain (each opens where the previous ended, the last ends at the
 * level). Used by the property test and the benchmark after their runs; an empty list
 * means every invariant holds.
 */
export async function checkLedger(tx: TenantTx, productId?: string): Promise<string[]> {
  const problems: string[] = [];
  const only = productId ? sql`and product_id = ${productId}` : sql``;
  const levels = await tx.execute<{ product_id: string; warehouse_id: string; on_hand: string; value: string; ledger_quantity: string | null; ledger_value: string | null }>(sql`
    select l.product_id, l.warehouse_id, l.on_hand, l.value, m.quantity as ledger_quantity, m.value as ledger_value
      from inventory_levels l
      full join (select product_id, warehouse_id, sum(quantity) as quantity, sum(value) as value from inventory_movements where true ${only} group by 1, 2) m
        on m.product_id = l.product_id and m.warehouse_id = l.warehouse_id
     where true ${productId ? sql`and coalesce(l.product_id, m.product_id) = ${productId}` : sql``}`);
  for (const level of levels) {
    const place = `${level.product_id}/${level.warehouse_id}`;
    if (fromDb(level.on_hand) !== fromDb(level.ledger_quantity)) problems.push(`${place}: on hand ${level.on_hand} ≠ ledger ${level.ledger_quantity ?? 0}`);
    if (fromDb(level.value) !== fromDb(level.ledger_value)) problems.push(`${place}: value ${level.value} ≠ ledger ${level.ledger_value ?? 0}`);
  }
  const lots = await tx.execute<{ lot_id: string; warehouse_id: string; on_hand: string | null; ledger: string | null }>(sql`
    select coalesce(l.lot_id, m.lot_id) as lot_id, coalesce(l.warehouse_id, m.warehouse_id) as warehouse_id, l.on_hand, m.quantity as ledger
      from (select * from inventory_lot_levels where true ${only}) l
      full join (select lot_id, warehouse_id, sum(quantity) as quantity from inventory_movements where lot_id is not null ${only} group by 1, 2) m
        on m.lot_id = l.lot_id and m.warehouse_id = l.warehouse_id`);
  for (const lot of lots) {
    if (fromDb(lot.on_hand) !== fromDb(lot.ledger)) problems.push(`lot ${lot.lot_id} in ${lot.warehouse_id}: on hand ${lot.on_hand ?? 0} ≠ ledger ${lot.ledger ?? 0}`);
  }
  const segments = await tx.execute<{
    product_id: string;
    warehouse_id: string;
    opening_quantity: string;
    opening_value: string;
    in_quantity: string;
    in_value: string;
    correction_value: string;
    average_cost: string;
    out_quantity: string;
    out_value: string;
  }>(sql`
    select product_id, warehouse_id, opening_quantity, opening_value, in_quantity, in_value, correction_value, average_cost, out_quantity, out_value
      from inventory_cost_segments where true ${only}
     order by product_id, warehouse_id, starts_at, start_seq`);
  const levelOf = new Map(levels.map((l) => [`${l.product_id}/${l.warehouse_id}`, l]));
  let previousPlace = "";
  let previousEnd = { quantity: ZERO, value: ZERO };
  const finish = (place: string) => {
    const level = levelOf.get(place);
    if (!level) return;
    if (previousEnd.quantity !== fromDb(level.on_hand) || previousEnd.value !== fromDb(level.value)) {
      problems.push(`${place}: last cost segment ends at ${previousEnd.quantity}/${previousEnd.value}, level holds ${level.on_hand}/${level.value}`);
    }
  };
  for (const row of segments) {
    const place = `${row.product_id}/${row.warehouse_id}`;
    const segment: Segment = {
      openingQuantity: fromDb(row.opening_quantity),
      openingValue: fromDb(row.opening_value),
      inQuantity: fromDb(row.in_quantity),
      inValue: fromDb(row.in_value),
      correctionValue: fromDb(row.correction_value),
      averageCost: fromDb(row.average_cost),
      outQuantity: fromDb(row.out_quantity),
      outValue: fromDb(row.out_value),
    };
    if (place !== previousPlace) {
      if (previousPlace) finish(previousPlace);
      previousPlace = place;
      previousEnd = { quantity: ZERO, value: ZERO };
    }
    if (segment.openingQuantity !== previousEnd.quantity || segment.openingValue !== previousEnd.value) {
      problems.push(`${place}: a cost segment opens at ${segment.openingQuantity}/${segment.openingValue}, the previous ended at ${previousEnd.quantity}/${previousEnd.value}`);
    }
    previousEnd = endOf(segment);
  }
  if (previousPlace) finish(previousPlace);
  return problems;
}
