import type { Formatter } from "@/lib/format";
import type { DealStatus, MoneyTotal } from "./deal-types";

/* Numbers and dates as the deal pages show them. */

/** Today in the browser's time zone as "YYYY-MM-DD" (expected close dates are calendar days). */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** An open deal whose expected close day has passed. */
export function isOverdue(deal: { status: DealStatus; expectedCloseDate: string | null }, today = todayIso()): boolean {
  return deal.status === "open" && deal.expectedCloseDate !== null && deal.expectedCloseDate < today;
}

/** Amount × probability / 100, rounded to the minor unit (half up, as the server rounds). */
export function weightedMinor(amountMinor: bigint, probability: number): bigint {
  return (amountMinor * BigInt(probability) + 50n) / 100n;
}

/** "Nov 30, 2026" or "Overdue · Nov 3, 2026" (text, so colour is not the only signal). */
export function closeDateText(deal: { status: DealStatus; expectedCloseDate: string | null }, format: Formatter, today = todayIso()): string | null {
  if (!deal.expectedCloseDate) return null;
  const day = format.day(deal.expectedCloseDate);
  return isOverdue(deal, today) ? `Overdue · ${day}` : day;
}

export function dealCount(count: number): string {
  return `${count} ${count === 1 ? "deal" : "deals"}`;
}

/** "€12,000.00 (weighted €3,000.00)" per currency, for screen readers and titles. */
export function describeTotals(totals: MoneyTotal[], format: Formatter): string {
  if (!totals.length) return "no value";
  return totals.map((t) => `${format.money(t.amountMinor, t.currency)} (weighted ${format.money(t.weightedMinor, t.currency)})`).join(", ");
}
