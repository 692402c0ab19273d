import type { AccountType, EntryRow } from "./types";

/* Words for the accounting pages (client-safe, no React). */

export const ACCOUNT_TYPE_ORDER: AccountType[] = ["asset", "liability", "equity", "income", "expense"];

export const ACCOUNT_TYPE_LABELS: Record<AccountType, string> = {
  asset: "Assets",
  liability: "Liabilities",
  equity: "Equity",
  income: "Income",
  expense: "Expenses",
};

export const SOURCE_LABELS: Record<EntryRow["source"], string> = {
  manual: "Manual",
  invoice: "Invoice",
  bill: "Bill",
  payment: "Payment",
  stock: "Stock",
  import: "Import",
  closing: "Year closing",
  reversal: "Reversal",
};

/** A hash shown shortened: its first and last 8 hex digits. */
export function shortHash(hex: string): string {
  return hex.length > 20 ? `${hex.slice(0, 8)}…${hex.slice(-8)}` : hex;
}
