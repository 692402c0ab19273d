import { factText, type AuditDescriber } from "../../audit/describe";
import { itemPath, type FraudItemKindName } from "./links";

// Client-safe (home page, audit log): how the fraud review's audit entries read. For analytics' nav `audit` list.

const NOUNS: Record<FraudItemKindName, string> = {
  customer_payment: "customer payment",
  supplier_bill: "supplier bill",
  supplier_payment: "supplier payment",
  journal_entry: "journal entry",
};

export const fraudAuditDescribers: AuditDescriber[] = [
  {
    entityType: "analytics.fraud_item",
    describe: (entry) => {
      const kind = factText(entry.facts, "kind") as FraudItemKindName | null;
      const note = factText(entry.facts, "note");
      return {
        verb: entry.verbCode === "confirmed" ? "confirmed as fraud" : entry.verbCode === "dismissed" ? "dismissed the fraud score of" : entry.verbCode.replace(/_/g, " "),
        noun: kind && NOUNS[kind] ? NOUNS[kind] : "item",
        name: factText(entry.facts, "reference"),
        ...(note ? { detail: `: ${note}` } : {}),
        href: kind && NOUNS[kind] && entry.entityId ? itemPath(kind, entry.entityId) : null,
      };
    },
  },
];
