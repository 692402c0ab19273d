import { minorDigits } from "@/lib/money";

/*
 * Inventory amounts as the server sends them: decimal text, never floats. Quantities are
 * "17" or "2.5"; unit costs and values are minor units (cents) with up to six decimals,
 * "1250.5". These helpers convert at the edges (forms and display) by moving digits, so a
 * float never touches them. No "use client": the server's prefetch may import this file.
 */

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

type Parts = { negative: boolean; whole: string; fraction: string };

function parts(text: string): Parts | null {
  const match = DECIMAL.exec(text.trim().replace(/[\s_,]/g, ""));
  if (!match || (!match[2] && !match[3])) return null;
  return { negative: match[1] === "-", whole: match[2] || "0", fraction: match[3] ?? "" };
}

function joined({ negative, whole, fraction }: Parts): string {
  const w = whole.replace(/^0+(?=\d)/, "");
  const f = fraction.replace(/0+$/, "");
  const text = f ? `${w}.${f}` : w;
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

/**
 * "12.50" in USD → "1250"; "0.125" → "12.5" (fractions of a cent are kept: unit costs allow
 * them). Null when the text is not a plain decimal.
 */
export function majorToMinorText(major: string, currency: string): string | null {
  const p = parts(major);
  if (!p) return null;
  const digits = minorDigits(currency);
  const fraction = p.fraction.padEnd(digits, "0");
  return joined({ negative: p.negative, whole: p.whole + fraction.slice(0, digits), fraction: fraction.slice(digits) });
}

/** "1250.5" minor units in USD → "12.505" (for an edit form's input). */
export function minorToMajorText(minor: string, currency: string): string {
  const p = parts(minor);
  if (!p) return minor;
  const digits = minorDigits(currency);
  const whole = p.whole.padStart(digits + 1, "0");
  return joined({ negative: p.negative, whole: whole.slice(0, whole.length - digits), fraction: whole.slice(whole.length - digits) + p.fraction });
}

/** Decimal text of minor units → whole minor units, rounded half to even (what is displayed). */
export function roundMinor(text: string): bigint {
  const p = parts(text);
  if (!p) return 0n;
  const whole = BigInt(p.whole);
  const fraction = p.fraction.replace(/0+$/, "");
  let rounded = whole;
  if (fraction) {
    const half = "5".padEnd(fraction.length, "0");
    const cmp = fraction.length === half.length ? (fraction > half ? 1 : fraction < half ? -1 : 0) : 0;
    if (cmp > 0 || (cmp === 0 && whole % 2n === 1n)) rounded = whole + 1n;
  }
  return p.negative ? -rounded : rounded;
}

/** A quantity text is zero ("0", "0.0", "-0"). */
export function isZero(text: string): boolean {
  return !/[1-9]/.test(text);
}

/** A quantity text is below zero. */
export function isNegative(text: string): boolean {
  return text.trim().startsWith("-") && !isZero(text);
}

/** Compares two decimal texts (quantities): -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  if (!pa || !pb) return 0;
  const scale = Math.max(pa.fraction.length, pb.fraction.length);
  const big = (p: Parts) => (p.negative ? -1n : 1n) * BigInt(p.whole + p.fraction.padEnd(scale, "0"));
  const x = big(pa);
  const y = big(pb);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The sum of decimal texts, as decimal text ("1.5" + "2" → "3.5"). */
export function sumDecimal(texts: string[]): string {
  const all = texts.map(parts).filter((p): p is Parts => p !== null);
  const scale = Math.max(0, ...all.map((p) => p.fraction.length));
  let total = 0n;
  for (const p of all) total += (p.negative ? -1n : 1n) * BigInt(p.whole + p.fraction.padEnd(scale, "0"));
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, "0");
  return joined({ negative, whole: digits.slice(0, digits.length - scale), fraction: scale ? digits.slice(digits.length - scale) : "" });
}
