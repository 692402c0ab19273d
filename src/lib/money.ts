/*
 * Money is integer minor units plus an ISO 4217 code (ARCHITECTURE.md). These helpers
 * convert at the edges (forms, CSV, display); they run in the browser and on the server.
 */

const digitsCache = new Map<string, number>();

/** Digits after the decimal point for a currency: 2 for EUR, 0 for JPY, 3 for KWD. */
export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** "1,234.5" in EUR → 123450n; null when the text is not an amount or has too many decimals. */
export function parseMajorAmount(text: string, currency: string): bigint | null {
  const cleaned = text.trim().replace(/[,\s_]/g, "");
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(cleaned);
  if (!match || (match[2] === "" && !match[3])) return null;
  const digits = minorDigits(currency);
  const fraction = match[3] ?? "";
  if (fraction.length > digits) return null;
  const minor = BigInt((match[2] || "0") + fraction.padEnd(digits, "0"));
  return match[1] ? -minor : minor;
}

/** 123450n EUR → "1234.50" (plain, for inputs and CSV). */
export function formatMajorAmount(minor: bigint | number, currency: string): string {
  const digits = minorDigits(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const text = (negative ? -value : value).toString().padStart(digits + 1, "0");
  const major = digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  return negative ? `-${major}` : major;
}

// One Intl.NumberFormat per locale and currency: building one costs far more than using it (src/lib/format.ts).
const moneyFormats = new Map<string, Intl.NumberFormat>();

/** 123450n EUR → "€1,234.50" for display. */
export function formatMoney(minor: bigint | number, currency: string, locale = "en-US"): string {
  const digits = minorDigits(currency);
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    // Bounded: a currency code can come from a request (an unknown one throws above, before this).
    if (moneyFormats.size >= 256) moneyFormats.clear();
    moneyFormats.set(key, format);
  }
  // Number is exact up to 2^53 minor units, far beyond any deal.
  return format.format(Number(minor) / 10 ** digits);
}
