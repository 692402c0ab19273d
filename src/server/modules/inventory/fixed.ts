/*
 * Exact fixed-point arithmetic for quantities, unit costs and values: a bigint counting
 * millionths, the scale of the numeric(…, 6) columns. Products are rounded half to even
 * once per operation, so the same inputs always give the same cents on every machine.
 */

export type Fixed = bigint;

export const SCALE = 6;
const ONE = 10n ** BigInt(SCALE);
export const ZERO: Fixed = 0n;

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** "12.5" → 12_500_000n; null for anything that is not a plain decimal with at most six decimals. */
export function parseFixed(text: string): Fixed | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const [, sign, whole, fraction = ""] = match;
  if (fraction.length > SCALE) return null;
  const magnitude = BigInt(whole!) * ONE + BigInt(fraction.padEnd(SCALE, "0"));
  return sign === "-" ? -magnitude : magnitude;
}

/** A column value from Postgres ("12.500000") → Fixed; throws on anything else (a bug, not input). */
export function fromDb(text: string | null | undefined): Fixed {
  if (text === null || text === undefined) return ZERO;
  const value = parseFixed(text);
  if (value === null) throw new Error(`not a numeric(…, ${SCALE}) value: ${text}`);
  return value;
}

/** 12_500_000n → "12.5" (no trailing zeros; "0" for zero): for SQL parameters and the API. */
export function toText(value: Fixed): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const whole = magnitude / ONE;
  const fraction = (magnitude % ONE).toString().padStart(SCALE, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

export function fromInteger(units: bigint | number): Fixed {
  return BigInt(units) * ONE;
}

/** numerator / denominator rounded half to even (both exact integers). */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("division by zero");
  if (denominator < 0n) return divideRounded(-numerator, -denominator);
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator - quotient * denominator;
  const twice = 2n * (remainder < 0n ? -remainder : remainder);
  if (twice < denominator) return quotient;
  const away = remainder < 0n ? quotient - 1n : quotient + 1n;
  if (twice > denominator) return away;
  return quotient % 2n === 0n ? quotient : away;
}

/** a × b, e.g. quantity × unit cost → value. */
export function multiply(a: Fixed, b: Fixed): Fixed {
  return divideRounded(a * b, ONE);
}

/** a ÷ b, e.g. value ÷ quantity → unit cost. */
export function divide(a: Fixed, b: Fixed): Fixed {
  return divideRounded(a * ONE, b);
}

export function min(a: Fixed, b: Fixed): Fixed {
  return a < b ? a : b;
}

export function abs(a: Fixed): Fixed {
  return a < 0n ? -a : a;
}

/** Whole minor units (a displayed amount), rounded half to even. */
export function toMinorUnits(value: Fixed): bigint {
  return divideRounded(value, ONE);
}

/** How many decimals a value has (1.25 → 2): checks a quantity against its unit's decimals. */
export function decimalsOf(value: Fixed): number {
  let rest = abs(value) % ONE;
  if (rest === 0n) return 0;
  let decimals = SCALE;
  while (rest % 10n === 0n) {
    rest /= 10n;
    decimals -= 1;
  }
  return decimals;
}
