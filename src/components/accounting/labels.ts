import type { AccountType, DocumentKind, DocumentStatus, EntryRow } from "./types";

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

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  invoice: "Invoice",
  credit_note: "Credit note",
  bill: "Bill",
  supplier_credit: "Supplier credit",
};

export const DOCUMENT_STATUS_LABELS: Record<DocumentStatus, string> = {
  draft: "Draft",
  open: "Unpaid",
  partially_paid: "Partially paid",
  paid: "Paid",
  overdue: "Overdue",
  void: "Void",
};

/** A document's title: its number, or "Draft invoice". */
export function documentTitle(d: { kind: DocumentKind; number: string | null }): string {
  return d.number ? `${DOCUMENT_KIND_LABELS[d.kind]} ${d.number}` : `Draft ${DOCUMENT_KIND_LABELS[d.kind].toLowerCase()}`;
}

/** The side of the books a kind is on. */
export function sideOf(kind: DocumentKind): "sales" | "purchases" {
  return kind === "invoice" || kind === "credit_note" ? "sales" : "purchases";
}
