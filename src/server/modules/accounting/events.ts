import { defineEvent } from "../../jobs/events";

/* Accounting's events for other modules (its part of the typed event catalog). */

/** What analytics scores for fraud: a posted supplier bill, a recorded payment, a posted manual journal entry. */
export const FRAUD_ITEM_KINDS = ["customer_payment", "supplier_bill", "supplier_payment", "journal_entry"] as const;
export type FraudItemKind = (typeof FRAUD_ITEM_KINDS)[number];

/**
 * A bill was posted, a payment recorded or a manual entry posted: published in the same
 * transaction, so the event exists if and only if the item does (analytics scores it).
 */
export const ITEM_POSTED = defineEvent<{ kind: FraudItemKind; id: string }>("accounting/item.posted");
