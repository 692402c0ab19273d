import type { RoundingMode } from "../schema";

/*
 * The arithmetic of document lines, exact: every input is a decimal scaled to an integer
 * (bigint), each line is computed as one fraction and rounded once per amount to whole minor
 * units, with the organization's rounding mode. No float is involved anywhere.
 *
 *   gross    = quantity × unit price × (1 − discount %)              (rounded)
 *   exclusive rates: net = gross, tax_i = net × rate_i               (each rounded)
 *   inclusive rates: net = gross ÷ (1 + Σ rate_i)                    (rounded), the tax is
 *                    gross − net, split by rate (each rounded, the last rate takes the rest)
 *                    so that net + tax = gross: the customer pays the price shown.
 */

const QUANTITY_SCALE = 6n;
const PRICE_SCALE = 6n;
const PERCENT_SCALE = 4n;
const pow10 = (n: bigint) => 10n ** n;
/** 100 % at PERCENT_SCALE. */
const HUNDRED_PERCENT = 100n * pow10(PERCENT_SCALE);

/** Divides and rounds to an integer: half up (away from zero) or half to even (banker's). */
export function roundDiv(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) throw new Error("division by zero");
  if (denominator < 0n) return roundDiv(-numerator, -denominator, mode);
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  const twiceRemainder = (magnitude % denominator) * 2n;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && (mode === "half_up" || quotient % 2n === 1n))) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** "12.5" at scale 6 → 12_500_000n; null unless a plain non-negative decimal with at most `scale` decimals. */
export function scaled(text: string, scale: bigint): bigint | null {
  const match = /^(\d{1,20})(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? "";
  if (BigInt(fraction.length) > scale) return null;
  return BigInt(match[1]!) * pow10(scale) + BigInt(fraction.padEnd(Number(scale), "0") || "0");
}

export function unscaled(value: bigint, scale: bigint): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const whole = magnitude / pow10(scale);
  const fraction = (magnitude % pow10(scale)).toString().padStart(Number(scale), "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

export const parseQuantity = (text: string) => scaled(text, QUANTITY_SCALE);
export const parseUnitPrice = (text: string) => scaled(text, PRICE_SCALE);
export const parsePercent = (text: string) => scaled(text, PERCENT_SCALE);

export type LineRate = { id: string; ratePercent: string; inclusive: boolean };
export type LineAmounts = { gross: bigint; net: bigint; tax: bigint; total: bigint; taxes: { id: string; base: bigint; amount: bigint }[] };

export type LineFigures = { quantity: string; unitPrice: string; discountPercent: string; rates: LineRate[] };

/** One line's net, tax (per rate) and total in whole minor units. Throws on mixed inclusive and exclusive rates (the caller validates first). */
export function computeLine(line: LineFigures, mode: RoundingMode): LineAmounts {
  const quantity = parseQuantity(line.quantity);
  const price = parseUnitPrice(line.unitPrice);
  const discount = parsePercent(line.discountPercent);
  if (quantity === null || price === null || discount === null) throw new Error("line figures must be validated first");
  const gross = roundDiv(quantity * price * (HUNDRED_PERCENT - discount), pow10(QUANTITY_SCALE + PRICE_SCALE) * HUNDRED_PERCENT, mode);
  const rates = line.rates.map((rate) => ({ id: rate.id, inclusive: rate.inclusive, rate: parsePercent(rate.ratePercent)! }));
  if (rates.length === 0) return { gross, net: gross, tax: 0n, total: gross, taxes: [] };
  if (rates.some((r) => r.inclusive) && rates.some((r) => !r.inclusive)) throw new Error("mixed inclusive and exclusive rates");
  if (!rates[0]!.inclusive) {
    const taxes = rates.map((r) => ({ id: r.id, base: gross, amount: roundDiv(gross * r.rate, HUNDRED_PERCENT, mode) }));
    const tax = taxes.reduce((sum, t) => sum + t.amount, 0n);
    return { gross, net: gross, tax, total: gross + tax, taxes };
  }
  const combined = rates.reduce((sum, r) => sum + r.rate, 0n);
  const net = roundDiv(gross * HUNDRED_PERCENT, HUNDRED_PERCENT + combined, mode);
  const tax = gross - net;
  let left = tax;
  const taxes = rates.map((r, i) => {
    const amount = i === rates.length - 1 ? left : roundDiv(net * r.rate, HUNDRED_PERCENT, mode);
    left -= amount;
    return { id: r.id, base: net, amount };
  });
  return { gross, net, tax, total: gross, taxes };
}

export type DocumentTotals = { subtotal: bigint; tax: bigint; total: bigint; taxes: { id: string; base: bigint; amount: bigint }[] };

/**
 * A document's totals from its lines, as the server stores them: each line rounded on its
 * own (computeLine), then summed; tax per rate in the order the rates first appear. This file
 * imports nothing at run time, so the draft form computes the same figures in the browser.
 */
export function documentTotals(lines: LineFigures[], mode: RoundingMode): DocumentTotals {
  const taxes = new Map<string, { id: string; base: bigint; amount: bigint }>();
  let subtotal = 0n;
  let tax = 0n;
  let total = 0n;
  for (const line of lines) {
    const amounts = computeLine(line, mode);
    subtotal += amounts.net;
    tax += amounts.tax;
    total += amounts.total;
    for (const t of amounts.taxes) {
      const entry = taxes.get(t.id) ?? { id: t.id, base: 0n, amount: 0n };
      entry.base += t.base;
      entry.amount += t.amount;
      taxes.set(t.id, entry);
    }
  }
  return { subtotal, tax, total, taxes: [...taxes.values()] };
}
