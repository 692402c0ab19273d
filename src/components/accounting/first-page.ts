import { parseDay } from "@/components/records/list-state";

/*
 * The inputs of the accounting pages' first queries, shared by the client components and
 * the server's prefetch (src/app/t/[slug]/accounting/prefetch.ts) so the query keys match.
 * No "use client": the server imports this file.
 */

export type EntryStatusFilter = "draft" | "posted";
export const ENTRY_PAGE_SIZE = 50;
export const LEDGER_PAGE_SIZE = 100;

export function readStatus(value: string | null | undefined): EntryStatusFilter | undefined {
  return value === "draft" || value === "posted" ? value : undefined;
}

export function entriesInput(status: EntryStatusFilter | undefined, before?: { date: string; id: string } | null) {
  return { ...(status ? { status } : {}), limit: ENTRY_PAGE_SIZE, ...(before ? { before } : {}) };
}

export type ReportName = "trial-balance" | "income-statement" | "balance-sheet";

export function readReport(value: string | null | undefined): ReportName {
  return value === "income-statement" || value === "balance-sheet" ? value : "trial-balance";
}

/** A from/to range from the URL (each a valid day or absent). */
export function rangeInput(from: string | null | undefined, to: string | null | undefined) {
  const f = parseDay(from ?? undefined);
  const t = parseDay(to ?? undefined);
  return { ...(f ? { from: f } : {}), ...(t ? { to: t } : {}) };
}

export type PlColumns = "total" | "month" | "quarter";
export type PlCompare = "none" | "previous_period" | "previous_year";

export function readColumns(value: string | null | undefined): PlColumns {
  return value === "month" || value === "quarter" ? value : "total";
}

export function readCompare(value: string | null | undefined): PlCompare {
  return value === "previous_period" || value === "previous_year" ? value : "none";
}

/** The profit and loss's input: the range, and the columns and comparison only when chosen (so the plain report's query key stays as it was). */
export function incomeStatementInput(from: string | null | undefined, to: string | null | undefined, columns: string | null | undefined, compare: string | null | undefined) {
  const c = readColumns(columns);
  const k = readCompare(compare);
  return { ...rangeInput(from, to), ...(c !== "total" ? { columns: c } : {}), ...(k !== "none" ? { compare: k } : {}) };
}

export function asOfInput(asOf: string | null | undefined) {
  const day = parseDay(asOf ?? undefined);
  return day ? { asOf: day } : {};
}

export function ledgerInput(accountId: string, from: string | null | undefined, to: string | null | undefined, after?: { date: string; number: number; lineNo: number } | null) {
  return { accountId, ...rangeInput(from, to), limit: LEDGER_PAGE_SIZE, ...(after ? { after } : {}) };
}

/* Invoices, bills and their credits; payments. */

export const DOCUMENT_PAGE_SIZE = 50;
export type DocumentSide = "sales" | "purchases";
export type DocumentFilter = "all" | "draft" | "unpaid" | "overdue" | "paid" | "void" | "credits";
export const DOCUMENT_FILTERS: DocumentFilter[] = ["all", "draft", "unpaid", "overdue", "paid", "void", "credits"];

export function readDocumentFilter(value: string | null | undefined): DocumentFilter {
  return DOCUMENT_FILTERS.includes(value as DocumentFilter) ? (value as DocumentFilter) : "all";
}

/** accounting.documents.list's input for a side's list: the "credits" filter lists credit notes (supplier credits) of every status. */
export function documentsInput(side: DocumentSide, filter: DocumentFilter, query: string | null | undefined, before?: { issueDate: string; id: string } | null) {
  const kind = filter === "credits" ? (side === "sales" ? "credit_note" : "supplier_credit") : side === "sales" ? "invoice" : "bill";
  const q = query?.trim().slice(0, 100);
  return {
    kind,
    ...(filter !== "all" && filter !== "credits" ? { status: filter } : {}),
    ...(q ? { query: q } : {}),
    limit: DOCUMENT_PAGE_SIZE,
    ...(before ? { before } : {}),
  } as const;
}

export type PaymentFilter = "all" | "received" | "made";

export function readPaymentFilter(value: string | null | undefined): PaymentFilter {
  return value === "received" || value === "made" ? value : "all";
}

export function paymentsInput(filter: PaymentFilter, before?: { date: string; id: string } | null) {
  return { ...(filter !== "all" ? { direction: filter } : {}), limit: DOCUMENT_PAGE_SIZE, ...(before ? { before } : {}) } as const;
}
