/* The review queue's first request, shared by the server prefetch and the client (same query key). */

export const FRAUD_PAGE_SIZE = 25;

export type FraudFilter = { status: "to_review" | "confirmed" | "dismissed"; kind?: "customer_payment" | "supplier_bill" | "supplier_payment" | "journal_entry" };

export const fraudQueueInput = (filter: FraudFilter) => ({ status: filter.status, ...(filter.kind ? { kind: filter.kind } : {}), limit: FRAUD_PAGE_SIZE });

export const FIRST_FILTER: FraudFilter = { status: "to_review" };
