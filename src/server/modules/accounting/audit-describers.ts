import { factText, type AuditDescriber, type AuditDescription, type DescribableAuditEntry } from "../audit/describe";

// Client-safe (read by the home page and the audit log): how accounting's audit entries read.

type Entry = DescribableAuditEntry & { verbCode: string };

function describeEntry(entry: Entry): AuditDescription {
  const href = entry.entityId && entry.verbCode !== "deleted" ? `/accounting/entries/${entry.entityId}` : null;
  const memo = factText(entry.facts, "memo");
  const number = factText(entry.facts, "number");
  switch (entry.verbCode) {
    case "drafted":
      return { verb: "drafted", noun: "journal entry", name: memo, href };
    case "updated":
      return { verb: "changed the draft", noun: "journal entry", name: memo, href };
    case "deleted":
      return { verb: "deleted the draft", noun: "journal entry", name: memo, href: null };
    case "posted":
      return { verb: "posted", noun: number ? `journal entry ${number}` : "journal entry", name: memo, href };
    case "reversed": {
      const reversal = factText(entry.facts, "reversalNumber");
      return { verb: "reversed", noun: number ? `journal entry ${number}` : "journal entry", name: null, detail: reversal ? ` by entry ${reversal}` : undefined, href };
    }
    case "closed": {
      const yearEnd = factText(entry.facts, "yearEnd");
      return { verb: "closed", noun: yearEnd ? `the fiscal year ending ${yearEnd}` : "a fiscal year", name: null, detail: number ? ` by entry ${number}` : undefined, href };
    }
    default:
      return { verb: entry.verbCode.replace(/_/g, " "), noun: "journal entry", name: memo, href };
  }
}

function describeAccount(entry: Entry): AuditDescription {
  const code = factText(entry.facts, "code");
  const name = factText(entry.facts, "name");
  const verbs: Record<string, string> = { created: "created", updated: "changed", deleted: "deleted" };
  return {
    verb: verbs[entry.verbCode] ?? entry.verbCode.replace(/_/g, " "),
    noun: "account",
    name: [code, name].filter(Boolean).join(" ") || null,
    href: entry.entityId && entry.verbCode !== "deleted" ? `/accounting/accounts/${entry.entityId}` : null,
  };
}

const DOCUMENT_NOUNS: Record<string, string> = { invoice: "invoice", bill: "bill", credit_note: "credit note", supplier_credit: "supplier credit" };

/** Invoices, bills and credits: the action reads "accounting.invoice.posted". */
function describeDocument(entry: Entry): AuditDescription {
  const kind = entry.action.split(".")[1] ?? "";
  const number = factText(entry.facts, "number");
  const party = factText(entry.facts, "party");
  const noun = `${DOCUMENT_NOUNS[kind] ?? "document"}${number ? ` ${number}` : ""}`;
  const verbs: Record<string, string> = { drafted: "drafted", updated: "changed the draft", deleted: "deleted the draft", posted: kind === "invoice" ? "sent" : "posted", voided: "voided" };
  if (entry.action === "accounting.credit.applied") return { verb: "applied a credit to", noun: "a document", name: null, detail: factText(entry.facts, "from") ? ` from ${factText(entry.facts, "from")}` : undefined, href: entry.entityId ? `/accounting/documents/${entry.entityId}` : null };
  return { verb: verbs[entry.verbCode] ?? entry.verbCode.replace(/_/g, " "), noun, name: party, href: entry.entityId && entry.verbCode !== "deleted" ? `/accounting/documents/${entry.entityId}` : null };
}

function describePayment(entry: Entry): AuditDescription {
  const party = factText(entry.facts, "party");
  const verbs: Record<string, string> = { received: "recorded", made: "recorded", voided: "voided" };
  const noun = entry.verbCode === "made" ? "a payment to" : entry.verbCode === "received" ? "a payment from" : "a payment of";
  return { verb: verbs[entry.verbCode] ?? entry.verbCode.replace(/_/g, " "), noun, name: party, href: entry.entityId ? `/accounting/payments/${entry.entityId}` : null };
}

export const accountingAuditDescribers: AuditDescriber[] = [
  { entityType: "accounting.document", describe: describeDocument },
  { entityType: "accounting.payment", describe: describePayment },
  {
    entityType: "accounting.tax_rate",
    describe: (entry: Entry) => ({ verb: entry.verbCode === "created" ? "created" : "changed", noun: "tax rate", name: factText(entry.facts, "name"), href: "/settings/accounting" }),
  },
  { entityType: "accounting.entry", describe: describeEntry },
  { entityType: "accounting.account", describe: describeAccount },
  {
    entityType: "accounting.settings",
    describe: (entry: Entry) => ({ verb: "changed", noun: entry.action.includes("document_settings") ? "the invoice settings" : "the accounting lock dates", name: null, href: "/settings/accounting" }),
  },
];
