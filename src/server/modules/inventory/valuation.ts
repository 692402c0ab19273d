import { divide, multiply, ZERO, type Fixed } from "./fixed";

/*
 * Moving weighted-average cost, as pure arithmetic over cost segments (see schema.ts).
 *
 * A segment opens at an inflow: its average is fixed there, and every outflow until the
 * next inflow is costed at it. So the valuation of a product × warehouse is a chain:
 * each segment's opening is the previous one's end. A movement entered in the past
 * changes one segment, and `replay` walks the chain after it, recomputing each later
 * segment's average and saying by how much its outflows' value and its shortfall
 * correction must change: one revaluation per later segment, never one per movement.
 *
 * Negative stock (the "allow" policy): units shipped short are costed at the last known
 * average; the inflow that covers them books a correction equal to the difference between
 * what they should have cost (the inflow's unit cost) and what they were booked at.
 */

export type Balance = { quantity: Fixed; value: Fixed; averageCost: Fixed };

export type Segment = {
  openingQuantity: Fixed;
  openingValue: Fixed;
  inQuantity: Fixed;
  inValue: Fixed;
  correctionValue: Fixed;
  averageCost: Fixed;
  /** Positive: the units that left during the segment. */
  outQuantity: Fixed;
  /** Negative (or zero): their value as booked, revaluations included. */
  outValue: Fixed;
};

export const EMPTY_BALANCE: Balance = { quantity: ZERO, value: ZERO, averageCost: ZERO };

export function endOf(segment: Segment): Balance {
  return {
    quantity: segment.openingQuantity + segment.inQuantity - segment.outQuantity,
    value: segment.openingValue + segment.inValue + segment.correctionValue + segment.outValue,
    averageCost: segment.averageCost,
  };
}

/**
 * What an inflow of `inQuantity` worth `inValue` does to a balance: the new average and
 * the shortfall correction (non-zero only when the balance was negative and the inflow's
 * unit cost differs from the cost the missing units were booked at).
 */
export function settleInflow(opening: Balance, inQuantity: Fixed, inValue: Fixed): { averageCost: Fixed; correctionValue: Fixed } {
  const after = opening.quantity + inQuantity;
  if (opening.quantity >= ZERO) {
    if (after > ZERO) return { averageCost: divide(opening.value + inValue, after), correctionValue: ZERO };
    return { averageCost: opening.averageCost, correctionValue: ZERO };
  }
  // Short before the inflow: the missing units were booked at the last average.
  const inflowCost = inQuantity > ZERO ? divide(inValue, inQuantity) : opening.averageCost;
  if (after >= ZERO) {
    // Every missing unit is covered: they are re-costed at the inflow's cost, and what is
    // left on hand came from this inflow, so the average is the inflow's cost.
    const target = multiply(opening.quantity, inflowCost) + inValue;
    return { averageCost: inflowCost, correctionValue: target - (opening.value + inValue) };
  }
  // Still short: the covered units take the inflow's cost; the rest stay at the old average.
  const target = multiply(after, opening.averageCost);
  return { averageCost: opening.averageCost, correctionValue: target - (opening.value + inValue) };
}

/** A new segment opened by an inflow after `opening`. */
export function openSegment(opening: Balance, inQuantity: Fixed, inValue: Fixed): Segment {
  const { averageCost, correctionValue } = settleInflow(opening, inQuantity, inValue);
  return { openingQuantity: opening.quantity, openingValue: opening.value, inQuantity, inValue, correctionValue, averageCost, outQuantity: ZERO, outValue: ZERO };
}

/** The value an outflow of `quantity` (positive) takes from a segment: negative. */
export function outflowValue(segment: Pick<Segment, "averageCost">, quantity: Fixed): Fixed {
  return -multiply(quantity, segment.averageCost);
}

export type Replayed = {
  segment: Segment;
  /** Value to book as a revaluation of the segment's outflows (0: none). */
  revaluation: Fixed;
  /** Change of the segment's shortfall correction to book (0: none). */
  correctionChange: Fixed;
};

/**
 * The later segments of a chain after their opening changed to `opening`: each one's new
 * opening, average, correction and outflow value. Stops early once a segment's opening is
 * what it was (everything after it is unchanged too).
 */
export function replay(opening: Balance, later: readonly Segment[]): Replayed[] {
  const out: Replayed[] = [];
  let balance = opening;
  for (const segment of later) {
    if (balance.quantity === segment.openingQuantity && balance.value === segment.openingValue) break;
    const { averageCost, correctionValue } = settleInflow(balance, segment.inQuantity, segment.inValue);
    const outValue = averageCost === segment.averageCost ? segment.outValue : outflowValue({ averageCost }, segment.outQuantity);
    const next: Segment = { ...segment, openingQuantity: balance.quantity, openingValue: balance.value, averageCost, correctionValue, outValue };
    out.push({ segment: next, revaluation: outValue - segment.outValue, correctionChange: correctionValue - segment.correctionValue });
    balance = endOf(next);
  }
  return out;
}

/**
 * A segment split by an inflow entered inside it: the outflows after the inflow move to
 * the new segment. The part that stays is valued exactly at its own (unchanged) average;
 * the moved part keeps the rest of the booked value, which the replay of the new segment
 * then revalues at the new average.
 */
export function splitSegment(segment: Segment, movedOutQuantity: Fixed): { kept: Segment; movedOutValue: Fixed } {
  const keptOutQuantity = segment.outQuantity - movedOutQuantity;
  const keptOutValue = outflowValue(segment, keptOutQuantity);
  return { kept: { ...segment, outQuantity: keptOutQuantity, outValue: keptOutValue }, movedOutValue: segment.outValue - keptOutValue };
}
