import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../../db/tenant";
import { NotFound } from "../../../platform/errors";
import { parseInput } from "../../../platform/validate";
import { decodeCursor, encodeCursor } from "../../../records/cursor";
import { cursorInput } from "../../../records/lists";
import { recordAudit } from "../../audit/service";
import { currentOrganization } from "../../orgs/settings";
import { fromDb, toText } from "../fixed";
import { nonNegativeQuantityText, quantityText } from "../validation";

/* What the stock pages read: a product's movement history, valuation as of a day, low stock, reorder rules. */

export const historyInput = z.object({
  productId: z.uuid(),
  warehouseId: z.uuid().nullish(),
  cursor: cursorInput,
  limit: z.number().int().min(1).max(200).default(50),
});

const t = (text: string | null) => (text === null ? null : toText(fromDb(text)));

/**
 * A product's movements, newest first, each with the running on hand and value of its
 * warehouse after it (the ledger's order: effective time, then entry order).
 */
export async function stockHistory(tx: TenantTx, rawInput: z.input<typeof historyInput>) {
  const input = parseInput(historyInput, rawInput);
  const after = input.cursor ? decodeCursor(input.cursor, ["timestamptz", "bigint"]).values : null;
  const rows = await tx.execute<{
    id: string;
    seq: string;
    kind: string;
    reason: string | null;
    warehouse_id: string;
    warehouse_name: string;
    lot_number: string | null;
    quantity: string;
    unit_cost: string | null;
    value: string;
    effective_at: string;
    effective_text: string;
    reference_type: string | null;
    reference_id: string | null;
    note: string | null;
    actor_name: string | null;
    created_at: string;
    running_quantity: string;
    running_value: string;
  }>(sql`
    select h.*, w.name as warehouse_name, lot.number as lot_number, u.name as actor_name from (
      select m.id, m.seq::text, m.kind, m.reason, m.warehouse_id, m.lot_id, m.quantity, m.unit_cost, m.value, m.effective_at, m.effective_at::text as effective_text, m.reference_type, m.reference_id,
             m.note, m.actor_id, m.created_at,
             sum(m.quantity) over w as running_quantity, sum(m.value) over w as running_value
        from inventory_movements m
       where m.product_id = ${input.productId} ${input.warehouseId ? sql`and m.warehouse_id = ${input.warehouseId}` : sql``}
      window w as (partition by m.warehouse_id order by m.effective_at, m.seq)) h
      join inventory_warehouses w on w.id = h.warehouse_id
      left join inventory_lots lot on lot.id = h.lot_id
      left join user_profiles u on u.id = h.actor_id
     where ${after ? sql`(h.effective_at, h.seq::bigint) < (${after[0]}::timestamptz, ${after[1]}::bigint)` : sql`true`}
     order by h.effective_at desc, h.seq::bigint desc
     limit ${input.limit + 1}`);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    nextCursor: rows.length > input.limit && last ? encodeCursor(JSON.stringify([last.effective_text, last.seq, last.id])) : null,
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      reason: r.reason,
      warehouseId: r.warehouse_id,
      warehouseName: r.warehouse_name,
      lotNumber: r.lot_number,
      quantity: t(r.quantity)!,
      unitCost: t(r.unit_cost),
      value: t(r.value)!,
      effectiveAt: new Date(r.effective_at),
      referenceType: r.reference_type,
      referenceId: r.reference_id,
      note: r.note,
      actorName: r.actor_name,
      createdAt: new Date(r.created_at),
      runningQuantity: t(r.running_quantity)!,
      runningValue: t(r.running_value)!,
    })),
  };
}

/** On hand over time for the product page's chart: one point per day with movements, per warehouse summed. */
export async function onHandSeries(tx: TenantTx, productId: string) {
  const rows = await tx.execute<{ day: string; on_hand: string }>(sql`
    select day::text, sum(delta) over (order by day) as on_hand from (
      select (m.effective_at at time zone (select time_zone from tenants where id = m.tenant_id))::date as day, sum(m.quantity) as delta
        from inventory_movements m where m.product_id = ${productId} group by 1) d
     order by day`);
  return rows.map((r) => ({ day: r.day, onHand: t(r.on_hand)! }));
}

export const valuationInput = z.object({
  /** A calendar day (the organization's time zone): the value at its end. Absent: now. */
  asOf: z.iso.date("Enter a date like 2026-03-31.").nullish(),
});

type ValuationRow = { warehouse_id: string; warehouse_name: string; category: string | null; currency: string; quantity: string; value: string };

/**
 * Stock value per warehouse, per category and in total, per currency (never summed
 * across currencies). As of a past day it is read from the cost segments, so the
 * outflows of that day are valued at their corrected (revalued) average.
 */
export async function stockValuation(tx: TenantTx, rawInput: z.input<typeof valuationInput>) {
  const input = parseInput(valuationInput, rawInput);
  let rows: ValuationRow[];
  if (!input.asOf) {
    rows = await tx.execute<ValuationRow>(sql`
      select l.warehouse_id, w.name as warehouse_name, p.category, p.currency, l.on_hand::text as quantity, l.value::text as value
        from inventory_levels l join inventory_products p on p.id = l.product_id join inventory_warehouses w on w.id = l.warehouse_id
       where l.on_hand <> 0 or l.value <> 0`);
  } else {
    const { timeZone } = await currentOrganization(tx);
    const end = sql`((${input.asOf}::date + 1)::timestamp at time zone ${timeZone})`;
    rows = await tx.execute<ValuationRow>(sql`
      select l.warehouse_id, w.name as warehouse_name, p.category, p.currency,
             (s.opening_quantity + s.in_quantity - o.out_quantity)::text as quantity,
             (s.opening_value + s.in_value + s.correction_value - round(o.out_quantity * s.average_cost, 6))::text as value
        from inventory_levels l
        join inventory_products p on p.id = l.product_id
        join inventory_warehouses w on w.id = l.warehouse_id
        cross join lateral (
          select * from inventory_cost_segments c
           where c.product_id = l.product_id and c.warehouse_id = l.warehouse_id and c.starts_at < ${end}
           order by c.starts_at desc, c.start_seq desc limit 1) s
        cross join lateral (
          select coalesce(-sum(m.quantity), 0) as out_quantity from inventory_movements m
           where m.product_id = l.product_id and m.warehouse_id = l.warehouse_id and m.quantity < 0
             and (m.effective_at, m.seq) > (s.starts_at, s.start_seq) and m.effective_at < ${end}) o`);
  }
  type Total = { currency: string; quantity: bigint; value: bigint };
  const group = (key: (row: ValuationRow) => string, label: (row: ValuationRow) => string) => {
    const totals = new Map<string, Total & { key: string; label: string }>();
    for (const row of rows) {
      const id = `${key(row)}\u0000${row.currency}`;
      const total = totals.get(id) ?? { key: key(row), label: label(row), currency: row.currency, quantity: 0n, value: 0n };
      total.quantity += fromDb(row.quantity);
      total.value += fromDb(row.value);
      totals.set(id, total);
    }
    return [...totals.values()]
      .filter((x) => x.quantity !== 0n || x.value !== 0n)
      .sort((a, b) => a.label.localeCompare(b.label) || a.currency.localeCompare(b.currency))
      .map((x) => ({ key: x.key, label: x.label, currency: x.currency, quantity: toText(x.quantity), value: toText(x.value) }));
  };
  return {
    asOf: input.asOf ?? null,
    byWarehouse: group((r) => r.warehouse_id, (r) => r.warehouse_name),
    byCategory: group((r) => r.category ?? "", (r) => r.category ?? "No category"),
    total: group(() => "total", () => "Total").map(({ currency, quantity, value }) => ({ currency, quantity, value })),
  };
}

export const lowStockInput = z.object({ warehouseId: z.uuid().nullish(), limit: z.number().int().min(1).max(500).default(200) });

/** Reorder rules of live, active products in open warehouses whose available stock (on hand − reserved) is at or below the point. */
const LOW_STOCK_FROM = sql`
      from inventory_reorder_rules r
      join inventory_products p on p.id = r.product_id and p.deleted_at is null and p.active
      join inventory_warehouses w on w.id = r.warehouse_id and w.archived_at is null
      left join inventory_levels l on l.product_id = r.product_id and l.warehouse_id = r.warehouse_id
     where coalesce(l.on_hand - l.reserved, 0) <= r.reorder_point`;

/** Products at or below their reorder point (available = on hand − reserved ≤ point), with the suggested order quantity. */
export async function lowStock(tx: TenantTx, rawInput: z.input<typeof lowStockInput> = {}) {
  const input = parseInput(lowStockInput, rawInput);
  const rows = await tx.execute<{
    product_id: string;
    sku: string;
    name: string;
    unit: string;
    warehouse_id: string;
    warehouse_name: string;
    on_hand: string;
    reserved: string;
    reorder_point: string;
    reorder_quantity: string;
  }>(sql`
    select p.id as product_id, p.sku, p.name, p.unit, w.id as warehouse_id, w.name as warehouse_name,
           coalesce(l.on_hand, 0)::text as on_hand, coalesce(l.reserved, 0)::text as reserved, r.reorder_point::text, r.reorder_quantity::text
     ${LOW_STOCK_FROM} ${input.warehouseId ? sql`and r.warehouse_id = ${input.warehouseId}` : sql``}
     order by (coalesce(l.on_hand - l.reserved, 0) - r.reorder_point), p.sku_key
     limit ${input.limit}`);
  return rows.map((r) => {
    const available = fromDb(r.on_hand) - fromDb(r.reserved);
    return {
      productId: r.product_id,
      sku: r.sku,
      name: r.name,
      unit: r.unit,
      warehouseId: r.warehouse_id,
      warehouseName: r.warehouse_name,
      onHand: t(r.on_hand)!,
      reserved: t(r.reserved)!,
      available: toText(available),
      reorderPoint: t(r.reorder_point)!,
      reorderQuantity: t(r.reorder_quantity)!,
    };
  });
}

/** How many products × warehouses `lowStock` would list without a limit. */
export async function lowStockCount(tx: TenantTx): Promise<number> {
  const [row] = await tx.execute<{ n: number }>(sql`select count(*)::int as n ${LOW_STOCK_FROM}`);
  return row?.n ?? 0;
}

export const reorderRuleInput = z.object({
  productId: z.uuid(),
  warehouseId: z.uuid(),
  /** Both null: remove the rule. */
  reorderPoint: nonNegativeQuantityText.nullable(),
  reorderQuantity: quantityText({ positive: true }).nullable(),
});

export async function setReorderRule(tx: TenantTx, _actor: Actor, rawInput: z.input<typeof reorderRuleInput>): Promise<void> {
  const input = parseInput(reorderRuleInput, rawInput);
  const [product] = await tx.execute<{ name: string; unit: string }>(sql`select name, unit from inventory_products where id = ${input.productId} and deleted_at is null`);
  const [warehouse] = await tx.execute(sql`select 1 from inventory_warehouses where id = ${input.warehouseId}`);
  if (!product || !warehouse) throw new NotFound("This product or warehouse does not exist.");
  if (input.reorderPoint === null || input.reorderQuantity === null) {
    await tx.execute(sql`delete from inventory_reorder_rules where product_id = ${input.productId} and warehouse_id = ${input.warehouseId}`);
  } else {
    await tx.execute(sql`
      insert into inventory_reorder_rules (product_id, warehouse_id, reorder_point, reorder_quantity)
      values (${input.productId}, ${input.warehouseId}, ${toText(input.reorderPoint)}, ${toText(input.reorderQuantity)})
      on conflict (tenant_id, product_id, warehouse_id) do update set reorder_point = excluded.reorder_point, reorder_quantity = excluded.reorder_quantity, updated_at = now()`);
  }
  await recordAudit(tx, {
    action: "inventory.reorder_rule.set",
    entityType: "inventory.product",
    entityId: input.productId,
    after: { name: product.name, unit: product.unit, warehouseId: input.warehouseId, reorderPoint: input.reorderPoint === null ? null : toText(input.reorderPoint), reorderQuantity: input.reorderQuantity === null ? null : toText(input.reorderQuantity) },
  });
}
