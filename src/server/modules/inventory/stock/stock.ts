import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../../db/tenant";
import { Conflict, NotFound, ValidationFailed } from "../../../platform/errors";
import { optionalText, parseInput, plainText } from "../../../platform/validate";
import { decimalsOf, fromDb, toText, ZERO, type Fixed } from "../fixed";
import { recordAudit } from "../../audit/service";
import { adjustmentReason } from "../schema";
import { quantityText, unitCostText } from "../validation";
import { formatQuantity, lockPlace, postMovement, type PlaceInfo, type PostedMovement } from "./ledger";

/*
 * The stock operations people and other modules use: receive, ship, adjust, transfer.
 * Each runs in the caller's transaction and posts through the ledger (./ledger.ts);
 * accounting will call `receiveStock` and `shipStock` for bills and invoices, with a
 * reference to its document, and book the returned values.
 */

const EARLIEST_EFFECTIVE = new Date("2000-01-01T00:00:00Z");
/** A movement may be dated a little ahead (clock skew, a receipt booked for tonight), not in the future. */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

const effectiveAtInput = z
  .union([z.date(), z.string().max(40).regex(/^\d{4}-\d{2}-\d{2}/, "Enter a date like 2026-03-31.")])
  .transform((value) => new Date(value))
  .refine((value) => !Number.isNaN(value.getTime()), "Enter a date like 2026-03-31.")
  .refine((value) => value >= EARLIEST_EFFECTIVE, "Use a date from the year 2000 on.")
  .refine((value) => value.getTime() <= Date.now() + FUTURE_TOLERANCE_MS, "A movement cannot be dated in the future.")
  .optional();

const reference = {
  referenceType: optionalText(50, "A reference type"),
  referenceId: optionalText(100, "A reference"),
  note: optionalText(500, "A note", { multiline: true }),
};

const lotInput = z.object({
  number: plainText().trim().min(1, "Enter the lot number.").max(100, "A lot number can be at most 100 characters."),
  expiresOn: z.iso.date("Enter the expiry date like 2027-06-30.").nullish(),
});

export const receiveInput = z.object({
  productId: z.uuid(),
  warehouseId: z.uuid(),
  quantity: quantityText({ positive: true }),
  unitCost: unitCostText,
  effectiveAt: effectiveAtInput,
  /** Lot-tracked products: the lot received (created if its number is new). */
  lot: lotInput.nullish(),
  binId: z.uuid().nullish(),
  ...reference,
});

export const shipInput = z.object({
  productId: z.uuid(),
  warehouseId: z.uuid(),
  quantity: quantityText({ positive: true }),
  effectiveAt: effectiveAtInput,
  /** Lot-tracked products: take from this lot; without it, first-expiring first (expired lots are skipped). */
  lotId: z.uuid().nullish(),
  ...reference,
});

export const adjustInput = z.object({
  productId: z.uuid(),
  warehouseId: z.uuid(),
  /** Signed: +3 found, −2 damaged. */
  quantity: quantityText({ positive: false }),
  reason: z.enum(adjustmentReason.enumValues, "Choose a reason."),
  /** Found stock: its unit cost; default the current average. */
  unitCost: unitCostText.optional(),
  effectiveAt: effectiveAtInput,
  lotId: z.uuid().nullish(),
  lot: lotInput.nullish(),
  ...reference,
});

export const transferInput = z
  .object({
    productId: z.uuid(),
    fromWarehouseId: z.uuid(),
    toWarehouseId: z.uuid(),
    quantity: quantityText({ positive: true }),
    effectiveAt: effectiveAtInput,
    lotId: z.uuid().nullish(),
    ...reference,
  })
  .refine((input) => input.fromWarehouseId !== input.toWarehouseId, { message: "Choose two different warehouses.", path: ["toWarehouseId"] });

export type StockResult = { movements: PostedMovement[]; onHand: string; value: string };

function checkDecimals(place: PlaceInfo, quantity: Fixed, decimals: number): void {
  if (decimalsOf(quantity) > decimals) {
    throw new ValidationFailed({ quantity: [decimals === 0 ? `${place.productName} is counted in whole ${place.unit}.` : `${place.productName} takes at most ${decimals} decimals.`] });
  }
}

/** The lot `number` of a product, created on first receipt (its expiry set then, or filled in later). */
async function lotFor(tx: TenantTx, productId: string, lot: z.output<typeof lotInput>): Promise<string> {
  const [found] = await tx.execute<{ id: string; expires_on: string | null }>(sql`
    select id, expires_on::text from inventory_lots where product_id = ${productId} and lower(number) = lower(${lot.number})`);
  if (found) {
    if (lot.expiresOn && found.expires_on && found.expires_on !== lot.expiresOn) {
      throw new ValidationFailed({ "lot.expiresOn": [`Lot ${lot.number} already expires on ${found.expires_on}.`] });
    }
    if (lot.expiresOn && !found.expires_on) await tx.execute(sql`update inventory_lots set expires_on = ${lot.expiresOn} where id = ${found.id}`);
    return found.id;
  }
  const [created] = await tx.execute<{ id: string }>(sql`
    insert into inventory_lots (product_id, number, expires_on) values (${productId}, ${lot.number}, ${lot.expiresOn ?? null}) returning id`);
  return created!.id;
}

async function assertLotOf(tx: TenantTx, productId: string, lotId: string): Promise<void> {
  const [lot] = await tx.execute(sql`select 1 from inventory_lots where id = ${lotId} and product_id = ${productId}`);
  if (!lot) throw new NotFound("This lot does not exist for this product.");
}

function needsLot(place: PlaceInfo, lotGiven: boolean, field: string): void {
  if (place.lotTracked && !lotGiven) throw new ValidationFailed({ [field]: [`${place.productName} is tracked by lot: name the lot.`] });
  if (!place.lotTracked && lotGiven) throw new ValidationFailed({ [field]: [`${place.productName} is not tracked by lot.`] });
}

function result(place: PlaceInfo, movements: PostedMovement[]): StockResult {
  return { movements, onHand: toText(place.onHand), value: toText(place.value) };
}

export async function receiveStock(tx: TenantTx, actor: Actor, rawInput: z.input<typeof receiveInput>): Promise<StockResult> {
  const input = parseInput(receiveInput, rawInput);
  const place = await lockPlace(tx, input.productId, input.warehouseId);
  checkDecimals(place, input.quantity, place.unitDecimals);
  needsLot(place, Boolean(input.lot), "lot.number");
  const lotId = input.lot ? await lotFor(tx, input.productId, input.lot) : null;
  const movement = await postMovement(tx, actor, place, {
    kind: "receipt",
    quantity: input.quantity,
    unitCost: input.unitCost,
    effectiveAt: input.effectiveAt ?? new Date(),
    lotId,
    binId: input.binId,
    referenceType: input.referenceType,
    referenceId: input.referenceId,
    note: input.note,
  });
  return result(place, [movement]);
}

type LotTake = { lotId: string; quantity: Fixed };

/** First-expiring first among the lots on hand (no expiry last; expired lots skipped), or the chosen lot. */
async function lotsToTake(tx: TenantTx, place: PlaceInfo, quantity: Fixed, chosenLotId: string | null | undefined): Promise<LotTake[]> {
  if (chosenLotId) {
    await assertLotOf(tx, place.productId, chosenLotId);
    return [{ lotId: chosenLotId, quantity }];
  }
  const lots = await tx.execute<{ lot_id: string; on_hand: string; expired: boolean }>(sql`
    select l.lot_id, l.on_hand, coalesce(t.expires_on < current_date, false) as expired
      from inventory_lot_levels l join inventory_lots t on t.id = l.lot_id
     where l.product_id = ${place.productId} and l.warehouse_id = ${place.warehouseId} and l.on_hand > 0
     order by t.expires_on nulls last, t.number, t.id
     for update of l`);
  const takes: LotTake[] = [];
  let rest = quantity;
  let expired = ZERO;
  for (const lot of lots) {
    const onHand = fromDb(lot.on_hand);
    if (lot.expired) {
      expired += onHand;
      continue;
    }
    if (rest === ZERO) break;
    const take = onHand < rest ? onHand : rest;
    takes.push({ lotId: lot.lot_id, quantity: take });
    rest -= take;
  }
  if (rest > ZERO) {
    const usable = quantity - rest;
    throw new Conflict(
      `Not enough stock of ${place.productName} (${place.sku}) in ${place.warehouseName}: ${formatQuantity(usable, place.unit)} in lots that have not expired, ${formatQuantity(quantity, place.unit)} requested` +
        (expired > ZERO ? ` (${formatQuantity(expired, place.unit)} more in expired lots: choose one explicitly to ship it).` : "."),
    );
  }
  return takes;
}

export async function shipStock(tx: TenantTx, actor: Actor, rawInput: z.input<typeof shipInput>): Promise<StockResult> {
  const input = parseInput(shipInput, rawInput);
  const place = await lockPlace(tx, input.productId, input.warehouseId);
  checkDecimals(place, input.quantity, place.unitDecimals);
  if (!place.lotTracked && input.lotId) needsLot(place, true, "lotId");
  const effectiveAt = input.effectiveAt ?? new Date();
  const takes: (LotTake | { lotId: null; quantity: Fixed })[] = place.lotTracked ? await lotsToTake(tx, place, input.quantity, input.lotId) : [{ lotId: null, quantity: input.quantity }];
  const movements: PostedMovement[] = [];
  for (const take of takes) {
    movements.push(
      await postMovement(tx, actor, place, {
        kind: "shipment",
        quantity: -take.quantity,
        effectiveAt,
        lotId: take.lotId,
        referenceType: input.referenceType,
        referenceId: input.referenceId,
        note: input.note,
      }),
    );
  }
  return result(place, movements);
}

export async function adjustStock(tx: TenantTx, actor: Actor, rawInput: z.input<typeof adjustInput>): Promise<StockResult> {
  const input = parseInput(adjustInput, rawInput);
  const place = await lockPlace(tx, input.productId, input.warehouseId);
  checkDecimals(place, input.quantity, place.unitDecimals);
  const effectiveAt = input.effectiveAt ?? new Date();
  const common = { kind: "adjustment" as const, reason: input.reason, effectiveAt, referenceType: input.referenceType, referenceId: input.referenceId, note: input.note };
  if (input.quantity > ZERO) {
    needsLot(place, Boolean(input.lot || input.lotId), "lot.number");
    let lotId: string | null = null;
    if (input.lotId) {
      await assertLotOf(tx, input.productId, input.lotId);
      lotId = input.lotId;
    } else if (input.lot) lotId = await lotFor(tx, input.productId, input.lot);
    const unitCost = input.unitCost ?? fromDb((await tx.execute<{ average_cost: string }>(sql`
      select average_cost from inventory_levels where product_id = ${input.productId} and warehouse_id = ${input.warehouseId}`))[0]?.average_cost);
    const movement = await postMovement(tx, actor, place, { ...common, quantity: input.quantity, unitCost, lotId });
    return result(place, [movement]);
  }
  if (input.unitCost !== undefined) throw new ValidationFailed({ unitCost: ["Stock that leaves is costed at its average: leave the unit cost empty."] });
  if (place.lotTracked && !input.lotId) needsLot(place, false, "lotId");
  if (!place.lotTracked && input.lotId) needsLot(place, true, "lotId");
  if (input.lotId) await assertLotOf(tx, input.productId, input.lotId);
  const movement = await postMovement(tx, actor, place, { ...common, quantity: input.quantity, lotId: input.lotId ?? null });
  return result(place, [movement]);
}

/**
 * A transfer: the out leg costed at the source's average, the in leg received at that
 * cost, in one transaction (places locked in a fixed order, so two opposite transfers
 * cannot deadlock). A failure in either leg leaves nothing.
 */
export async function transferStock(tx: TenantTx, actor: Actor, rawInput: z.input<typeof transferInput>): Promise<{ out: StockResult; in: StockResult }> {
  const input = parseInput(transferInput, rawInput);
  const [firstId, secondId] = [input.fromWarehouseId, input.toWarehouseId].sort();
  const locked = new Map<string, PlaceInfo>();
  locked.set(firstId!, await lockPlace(tx, input.productId, firstId!));
  locked.set(secondId!, await lockPlace(tx, input.productId, secondId!));
  const from = locked.get(input.fromWarehouseId)!;
  const to = locked.get(input.toWarehouseId)!;
  checkDecimals(from, input.quantity, from.unitDecimals);
  if (!from.lotTracked && input.lotId) needsLot(from, true, "lotId");
  const effectiveAt = input.effectiveAt ?? new Date();
  const groupId = crypto.randomUUID();
  const takes: (LotTake | { lotId: null; quantity: Fixed })[] = from.lotTracked ? await lotsToTake(tx, from, input.quantity, input.lotId) : [{ lotId: null, quantity: input.quantity }];
  const outs: PostedMovement[] = [];
  const ins: PostedMovement[] = [];
  const common = { effectiveAt, groupId, referenceType: input.referenceType, referenceId: input.referenceId, note: input.note };
  for (const take of takes) {
    const out = await postMovement(tx, actor, from, { ...common, kind: "transfer_out", quantity: -take.quantity, lotId: take.lotId });
    outs.push(out);
    ins.push(await postMovement(tx, actor, to, { ...common, kind: "transfer_in", quantity: take.quantity, unitCost: out.unitCost, lotId: take.lotId }));
  }
  return { out: result(from, outs), in: result(to, ins) };
}

/** Reserve stock for a draft document (available = on hand − reserved); released when the document is posted or dropped. */
export const reserveInput = z.object({
  productId: z.uuid(),
  warehouseId: z.uuid(),
  quantity: quantityText({ positive: true }),
  referenceType: plainText().trim().min(1).max(50),
  referenceId: plainText().trim().min(1).max(100),
});

export async function reserveStock(tx: TenantTx, actor: Actor, rawInput: z.input<typeof reserveInput>): Promise<{ id: string; available: string }> {
  const input = parseInput(reserveInput, rawInput);
  const place = await lockPlace(tx, input.productId, input.warehouseId);
  const available = place.onHand - place.reserved;
  if (place.policy === "refuse" && available < input.quantity) {
    throw new Conflict(`Not enough stock of ${place.productName} (${place.sku}) in ${place.warehouseName} to reserve: ${formatQuantity(available < ZERO ? ZERO : available, place.unit)} available, ${formatQuantity(input.quantity, place.unit)} requested.`);
  }
  const [row] = await tx.execute<{ id: string }>(sql`
    insert into inventory_reservations (product_id, warehouse_id, quantity, reference_type, reference_id)
    values (${input.productId}, ${input.warehouseId}, ${toText(input.quantity)}, ${input.referenceType}, ${input.referenceId}) returning id`);
  await tx.execute(sql`
    update inventory_levels set reserved = reserved + ${toText(input.quantity)}::numeric
     where product_id = ${input.productId} and warehouse_id = ${input.warehouseId}`);
  await recordAudit(tx, {
    action: "inventory.stock.reserved",
    entityType: "inventory.product",
    entityId: input.productId,
    after: { reservationId: row!.id, warehouseId: input.warehouseId, quantity: toText(input.quantity), referenceType: input.referenceType, referenceId: input.referenceId, by: actor.userId },
  });
  return { id: row!.id, available: toText(available - input.quantity) };
}

/** Releases every open reservation of a document; returns how many. */
export async function releaseReservations(tx: TenantTx, referenceType: string, referenceId: string): Promise<number> {
  const released = await tx.execute<{ product_id: string; warehouse_id: string; quantity: string }>(sql`
    update inventory_reservations set released_at = now()
     where reference_type = ${referenceType} and reference_id = ${referenceId} and released_at is null
     returning product_id, warehouse_id, quantity`);
  for (const row of released) {
    await tx.execute(sql`
      update inventory_levels set reserved = reserved - ${row.quantity}::numeric
       where product_id = ${row.product_id} and warehouse_id = ${row.warehouse_id}`);
  }
  return released.length;
}
