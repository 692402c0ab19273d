/* Client-safe: where a scored item lives in accounting (bills are documents), relative to /t/[slug]. */

export type FraudItemKindName = "customer_payment" | "supplier_bill" | "supplier_payment" | "journal_entry";

export function itemPath(kind: FraudItemKindName, id: string): string {
  return kind === "supplier_bill" ? `/accounting/documents/${id}` : kind === "journal_entry" ? `/accounting/entries/${id}` : `/accounting/payments/${id}`;
}
