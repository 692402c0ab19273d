import { sql } from "drizzle-orm";
import type { Actor, TenantTx } from "../../../db/tenant";
import { invalidateTenantCacheOnCommit } from "../../../platform/cache";
import { Conflict, NotFound, ValidationFailed } from "../../../platform/errors";
import { recordAudit } from "../../audit/service";
import { fromDb, multiply, toText, ZERO, type Fixed } from "../fixed";
import type { AdjustmentReason, MovementKind, NegativeStockPolicy } from "../schema";
import { endOf, openSegment, outflowValue, replay, splitSegment, type Segment } from "../valuation";

/*
 * The ledger's write path: every movement goes through `postMovement`, which
 *  1. locks the place (the product × warehouse level row, FOR UPDATE): writers of one
 *     place queue here, which is what makes "never oversell" hold under concurrency;
 *  2. finds the cost segment the movement's effective time falls in and the segments
 *     after it (several only when the movement is backdated);
 *  3. refuses an outflow that would take on-hand below zero at its time or at any later
 *     point, when the warehouse's policy is "refuse";
 *  4. inserts the movement, then the value-only entries a backdated movement causes
 *     (one per later segment whose average changed), and updates segments and levels.
 * All in the caller's transaction: a failure anywhere leaves nothing.
 */

/** Before any movement: the opening segment's position in the ledger's order. */
export const OPENING_SEGMENT_START = new Date("1900-01-01T00:00:00Z");

export type PlaceInfo = {
  productId: string;
  warehouseId: string;
  sku: string;
  productName: string;
  unit: string;
  /** How many decimals a quantity of the product may have. */
  unitDecimals: number;
  lotTracked: boolean;
  warehouseName: string;
  policy: NegativeStockPolicy;
  onHand: Fixed;
  reserved: Fixed;
  value: Fixed;
};

/** Locks (creating if needed) the level row of a product × warehouse; NotFound for a missing or trashed product, an unknown or archived warehouse. */
export async function lockPlace(tx: TenantTx, productId: string, warehouseId: string): Promise<PlaceInfo> {
  // The common case, one round trip: the level exists; lock it and read the names with it.
  let [row] = await selectForUpdate(tx, productId, warehouseId);
  if (!row) {
    const [names] = await tx.execute<{ deleted: boolean; warehouse: boolean; archived: boolean | null; warehouse_name: string | null }>(sql`
      select p.deleted_at is not null as deleted, w.id is not null as warehouse, w.archived_at is not null as archived, w.name as warehouse_name
        from inventory_products p left join inventory_warehouses w on w.id = ${warehouseId}
       where p.id = ${productId}`);
    if (!names || names.deleted) throw new NotFound("This product does not exist, or it is in the trash.");
    if (!names.warehouse) throw new NotFound("This warehouse does not exist.");
    if (names.archived) throw new ValidationFailed({ warehouseId: [`${names.warehouse_name} is archived: choose another warehouse.`] });
    const created = await tx.execute(sql`
      insert into inventory_levels (product_id, warehouse_id) values (${productId}, ${warehouseId})
      on conflict do nothing returning 1`);
    if (created.length) {
      await tx.execute(sql`
        insert into inventory_cost_segments (product_id, warehouse_id, starts_at, start_seq, opening_quantity, opening_value, in_quantity, in_value, correction_value, average_cost, out_quantity, out_value)
        values (${productId}, ${warehouseId}, ${OPENING_SEGMENT_START.toISOString()}, 0, 0, 0, 0, 0, 0, 0, 0, 0)`);
    }
    [row] = await selectForUpdate(tx, productId, warehouseId);
  }
  if (!row || row.deleted) throw new NotFound("This product does not exist, or it is in the trash.");
  if (row.archived) throw new ValidationFailed({ warehouseId: [`${row.warehouse_name} is archived: choose another warehouse.`] });
  return {
    productId,
    warehouseId,
    sku: row.sku,
    productName: row.name,
    unit: row.unit,
    unitDecimals: row.unit_decimals,
    lotTracked: row.lot_tracked,
    warehouseName: row.warehouse_name,
    policy: row.policy,
    onHand: fromDb(row.on_hand),
    reserved: fromDb(row.reserved),
    value: fromDb(row.value),
  };
}

type LockedRow = {
  sku: string;
  name: string;
  unit: string;
  unit_decimals: number;
  lot_tracked: boolean;
  deleted: boolean;
  warehouse_name: string;
  policy: NegativeStockPolicy;
  archived: boolean;
  on_hand: string;
  reserved: string;
  value: string;
};

function selectForUpdate(tx: TenantTx, productId: string, warehouseId: string) {
  return tx.execute<LockedRow>(sql`
    select p.sku, p.name, p.unit, p.unit_decimals, p.lot_tracked, p.deleted_at is not null as deleted,
           w.name as warehouse_name, w.negative_policy as policy, w.archived_at is not null as archived,
           l.on_hand, l.reserved, l.value
      from inventory_levels l
      join inventory_products p on p.id = l.product_id
      join inventory_warehouses w on w.id = l.warehouse_id
     where l.product_id = ${productId} and l.warehouse_id = ${warehouseId}
       for update of l`);
}

type SegmentRow = Segment & { id: string; startsAt: Date; startSeq: bigint };

type SegmentDbRow = {
  id: string;
  starts_at: string | Date;
  start_seq: string;
  opening_quantity: string;
  opening_value: string;
  in_quantity: string;
  in_value: string;
  correction_value: string;
  average_cost: string;
  out_quantity: string;
  out_value: string;
};

function toSegment(row: SegmentDbRow): SegmentRow {
  return {
    id: row.id,
    startsAt: new Date(row.starts_at),
    startSeq: BigInt(row.start_seq),
    openingQuantity: fromDb(row.opening_quantity),
    openingValue: fromDb(row.opening_value),
    inQuantity: fromDb(row.in_quantity),
    inValue: fromDb(row.in_value),
    correctionValue: fromDb(row.correction_value),
    averageCost: fromDb(row.average_cost),
    outQuantity: fromDb(row.out_quantity),
    outValue: fromDb(row.out_value),
  };
}

/** The segment `effectiveAt` falls in (a new movement sorts after every existing one with the same time) and every later one, in order. */
async function segmentsFrom(tx: TenantTx, place: PlaceInfo, effectiveAt: Date): Promise<[SegmentRow, SegmentRow[]]> {
  const at = effectiveAt.toISOString();
  const rows = await tx.execute<SegmentDbRow>(sql`
    select id, starts_at, start_seq::text, opening_quantity, opening_value, in_quantity, in_value, correction_value, average_cost, out_quantity, out_value
      from inventory_cost_segments s
     where s.product_id = ${place.productId} and s.warehouse_id = ${place.warehouseId}
       and (s.starts_at, s.start_seq) >= (
             select c.starts_at, c.start_seq from inventory_cost_segments c
              where c.product_id = ${place.productId} and c.warehouse_id = ${place.warehouseId} and c.starts_at <= ${at}
              order by c.starts_at desc, c.start_seq desc limit 1)
     order by s.starts_at, s.start_seq`);
  const [first, ...later] = rows.map(toSegment);
  if (!first) throw new Error(`no cost segment before ${at} for ${place.productId}/${place.warehouseId}`);
  return [first, later];
}

async function writeSegment(tx: TenantTx, segment: SegmentRow): Promise<void> {
  await tx.execute(sql`
    update inventory_cost_segments set
      opening_quantity = ${toText(segment.openingQuantity)}, opening_value = ${toText(segment.openingValue)},
      correction_value = ${toText(segment.correctionValue)}, average_cost = ${toText(segment.averageCost)},
      out_quantity = ${toText(segment.outQuantity)}, out_value = ${toText(segment.outValue)}
     where id = ${segment.id}`);
}

/** Writes the replayed segments of a backdated movement in one statement (one row each, however many). */
async function writeSegments(tx: TenantTx, segments: SegmentRow[]): Promise<void> {
  if (!segments.length) return;
  const rows = segments.map((s) => ({
    id: s.id,
    opening_quantity: toText(s.openingQuantity),
    opening_value: toText(s.openingValue),
    correction_value: toText(s.correctionValue),
    average_cost: toText(s.averageCost),
    out_quantity: toText(s.outQuantity),
    out_value: toText(s.outValue),
  }));
  await tx.execute(sql`
    update inventory_cost_segments s set
      opening_quantity = v.opening_quantity::numeric, opening_value = v.opening_value::numeric,
      correction_value = v.correction_value::numeric, average_cost = v.average_cost::numeric,
      out_quantity = v.out_quantity::numeric, out_value = v.out_value::numeric
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
           as v(id uuid, opening_quantity text, opening_value text, correction_value text, average_cost text, out_quantity text, out_value text)
     where s.id = v.id`);
}

export type MovementInput = {
  kind: Exclude<MovementKind, "revaluation" | "shortfall_correction">;
  /** Signed: positive in, negative out; never zero. */
  quantity: Fixed;
  /** Inflows: the unit cost (minor units). Outflows are costed by the ledger. */
  unitCost?: Fixed;
  effectiveAt: Date;
  reason?: AdjustmentReason | null;
  lotId?: string | null;
  binId?: string | null;
  groupId?: string | null;
  referenceType?: string | null;
  referenceId?: string | null;
  note?: string | null;
};

export type PostedMovement = {
  id: string;
  seq: bigint;
  quantity: Fixed;
  unitCost: Fixed;
  value: Fixed;
  /** Value-only entries the movement caused (revaluations of later outflows, shortfall corrections). */
  adjustments: { kind: "revaluation" | "shortfall_correction"; value: Fixed; segmentId: string }[];
};

export const formatQuantity = (value: Fixed, unit: string) => `${toText(value)} ${unit}`;

function shortfallMessage(place: PlaceInfo, requested: Fixed, available: Fixed, backdated: Date | null): string {
  const what = `${place.productName} (${place.sku}) in ${place.warehouseName}`;
  if (backdated) {
    return `Not enough stock of ${what} on ${backdated.toISOString().slice(0, 10)} or later: at most ${formatQuantity(available, place.unit)} could leave then, ${formatQuantity(requested, place.unit)} requested.`;
  }
  return `Not enough stock of ${what}: ${formatQuantity(available, place.unit)} on hand, ${formatQuantity(requested, place.unit)} requested.`;
}

/** Posts one movement at a locked place; see the comment at the top. `place` is updated in place (on hand, value). */
export async function postMovement(tx: TenantTx, actor: Actor, place: PlaceInfo, input: MovementInput): Promise<PostedMovement> {
  if (input.quantity === ZERO) throw new ValidationFailed({ quantity: ["Enter a quantity other than zero."] });
  // Every stock movement passes here: the stock value on the dashboard changes.
  invalidateTenantCacheOnCommit(tx, "analytics");
  const inflow = input.quantity > ZERO;
  const [segment, later] = await segmentsFrom(tx, place, input.effectiveAt);
  const backdated = later.length > 0;

  let unitCost: Fixed;
  let value: Fixed;
  if (inflow) {
    unitCost = input.unitCost ?? ZERO;
    value = multiply(input.quantity, unitCost);
  } else {
    const out = -input.quantity;
    if (place.policy === "refuse") {
      // On hand only falls between inflows, so the lowest balance from this time on is the
      // lowest segment end from here on (the current segment's included).
      const lowest = [segment, ...later].map((s) => endOf(s).quantity).reduce((a, b) => (a < b ? a : b));
      if (lowest < out) throw new Conflict(shortfallMessage(place, out, lowest < ZERO ? ZERO : lowest, backdated ? input.effectiveAt : null));
    }
    unitCost = segment.averageCost;
    value = outflowValue(segment, out);
  }

  const [movement] = await tx.execute<{ id: string; seq: string }>(sql`
    insert into inventory_movements (product_id, warehouse_id, lot_id, bin_id, kind, reason, quantity, unit_cost, value, effective_at,
                                     group_id, reference_type, reference_id, note, actor_id)
    values (${place.productId}, ${place.warehouseId}, ${input.lotId ?? null}, ${input.binId ?? null}, ${input.kind}, ${input.reason ?? null},
            ${toText(input.quantity)}, ${toText(unitCost)}, ${toText(value)}, ${input.effectiveAt.toISOString()},
            ${input.groupId ?? null}, ${input.referenceType ?? null}, ${input.referenceId ?? null}, ${input.note ?? null}, ${actor.userId})
    returning id, seq::text`);
  const movementId = movement!.id;
  const seq = BigInt(movement!.seq);
  const adjustments: PostedMovement["adjustments"] = [];
  const book = (kind: "revaluation" | "shortfall_correction", amount: Fixed, segmentId: string) => {
    if (amount !== ZERO) adjustments.push({ kind, value: amount, segmentId });
  };

  let chainEnd: Segment;
  if (inflow) {
    // Outflows of the current segment dated after this inflow now follow it.
    const [moved] = await tx.execute<{ quantity: string | null }>(sql`
      select -sum(quantity) as quantity from inventory_movements
       where product_id = ${place.productId} and warehouse_id = ${place.warehouseId} and quantity < 0
         and effective_at > ${input.effectiveAt.toISOString()}
         ${later[0] ? sql`and (effective_at, seq) < (${later[0].startsAt.toISOString()}::timestamptz, ${later[0].startSeq.toString()}::bigint)` : sql``}`);
    const movedOut = fromDb(moved?.quantity);
    const { kept, movedOutValue } = splitSegment(segment, movedOut);
    // The split itself books nothing: the booked value is divided between the two segments.
    if (movedOut !== ZERO) await writeSegment(tx, { ...segment, ...kept });
    const opened = openSegment(endOf(kept), input.quantity, value);
    const target = outflowValue(opened, movedOut);
    const fresh: Segment = { ...opened, outQuantity: movedOut, outValue: target };
    const [inserted] = await tx.execute<{ id: string }>(sql`
      insert into inventory_cost_segments (product_id, warehouse_id, starts_at, start_seq, opening_quantity, opening_value, in_quantity, in_value, correction_value, average_cost, out_quantity, out_value)
      values (${place.productId}, ${place.warehouseId}, ${input.effectiveAt.toISOString()}, ${seq.toString()},
              ${toText(fresh.openingQuantity)}, ${toText(fresh.openingValue)}, ${toText(fresh.inQuantity)}, ${toText(fresh.inValue)},
              ${toText(fresh.correctionValue)}, ${toText(fresh.averageCost)}, ${toText(fresh.outQuantity)}, ${toText(fresh.outValue)})
      returning id`);
    book("shortfall_correction", fresh.correctionValue, inserted!.id);
    book("revaluation", target - movedOutValue, inserted!.id);
    chainEnd = fresh;
  } else {
    const updated: SegmentRow = { ...segment, outQuantity: segment.outQuantity - input.quantity, outValue: segment.outValue + value };
    await writeSegment(tx, updated);
    chainEnd = updated;
  }

  // The place's average after the movement: the last segment's, replayed or not.
  let lastAverage = (later[later.length - 1] ?? chainEnd).averageCost;
  if (backdated) {
    const replayed = replay(endOf(chainEnd), later);
    await writeSegments(tx, replayed.map(({ segment }) => segment as SegmentRow));
    for (const { segment: next, revaluation, correctionChange } of replayed) {
      book("shortfall_correction", correctionChange, (next as SegmentRow).id);
      book("revaluation", revaluation, (next as SegmentRow).id);
      if ((next as SegmentRow).id === later[later.length - 1]!.id) lastAverage = next.averageCost;
    }
  }

  if (adjustments.length) {
    // Value-only entries, dated at the movement that caused them.
    await tx.execute(sql`
      insert into inventory_movements (product_id, warehouse_id, kind, quantity, value, effective_at, group_id, segment_id, actor_id)
      select ${place.productId}, ${place.warehouseId}, a.kind::inventory_movement_kind, 0, a.value::numeric, ${input.effectiveAt.toISOString()}, ${movementId}, a.segment_id::uuid, ${actor.userId}
        from jsonb_to_recordset(${JSON.stringify(adjustments.map((a) => ({ kind: a.kind, value: toText(a.value), segment_id: a.segmentId })))}::jsonb)
             as a(kind text, value text, segment_id text)`);
  }

  const valueChange = value + adjustments.reduce((sum, a) => sum + a.value, ZERO);
  place.onHand += input.quantity;
  place.value += valueChange;
  await tx.execute(sql`
    update inventory_levels set on_hand = ${toText(place.onHand)}, value = ${toText(place.value)}, average_cost = ${toText(lastAverage)}, updated_at = now()
     where product_id = ${place.productId} and warehouse_id = ${place.warehouseId}`);

  if (input.lotId) await moveLot(tx, place, input.lotId, input.quantity);

  await recordAudit(tx, {
    action: `inventory.movement.${input.kind}`,
    entityType: "inventory.product",
    entityId: place.productId,
    after: {
      movementId,
      name: place.productName,
      sku: place.sku,
      unit: place.unit,
      warehouseName: place.warehouseName,
      warehouseId: place.warehouseId,
      lotId: input.lotId ?? null,
      quantity: toText(input.quantity),
      unitCost: toText(unitCost),
      value: toText(value),
      effectiveAt: input.effectiveAt.toISOString(),
      reason: input.reason ?? null,
      referenceType: input.referenceType ?? null,
      referenceId: input.referenceId ?? null,
      revaluations: adjustments.map((a) => ({ kind: a.kind, value: toText(a.value) })),
    },
  });
  return { id: movementId, seq, quantity: input.quantity, unitCost, value, adjustments };
}

async function moveLot(tx: TenantTx, place: PlaceInfo, lotId: string, quantity: Fixed): Promise<void> {
  const [lot] = await tx.execute<{ on_hand: string; number: string }>(sql`
    insert into inventory_lot_levels (product_id, warehouse_id, lot_id, on_hand)
    values (${place.productId}, ${place.warehouseId}, ${lotId}, 0)
    on conflict (tenant_id, product_id, warehouse_id, lot_id) do update set updated_at = now()
    returning on_hand, (select number from inventory_lots where id = ${lotId}) as number`);
  const onHand = fromDb(lot!.on_hand);
  if (onHand + quantity < ZERO) {
    throw new Conflict(`Not enough stock in lot ${lot!.number} of ${place.productName} (${place.sku}) in ${place.warehouseName}: ${formatQuantity(onHand, place.unit)} on hand, ${formatQuantity(-quantity, place.unit)} requested.`);
  }
  await tx.execute(sql`
    update inventory_lot_levels set on_hand = on_hand + ${toText(quantity)}::numeric
     where product_id = ${place.productId} and warehouse_id = ${place.warehouseId} and lot_id = ${lotId}`);
}
