import { describe, expect, it } from "vitest";
import { fraudAuditDescribers } from "./audit-describers";

describe("fraud review audit entries", () => {
  const [describer] = fraudAuditDescribers;
  it("read as a sentence with the item's reference, the note and a link to it in accounting", () => {
    const id = "5b0e8c1e-0000-4000-8000-000000000001";
    const entry = { action: "analytics.fraud_item.confirmed", entityType: "analytics.fraud_item", entityId: id, verbCode: "confirmed", facts: { kind: "supplier_bill", reference: "BILL-2026-0007", score: 91, note: "Paid twice" } };
    expect(describer!.describe(entry)).toEqual({ verb: "confirmed as fraud", noun: "supplier bill", name: "BILL-2026-0007", detail: ": Paid twice", href: `/accounting/documents/${id}` });
    expect(describer!.describe({ ...entry, verbCode: "dismissed", facts: { kind: "customer_payment", reference: null, note: null } })).toEqual({
      verb: "dismissed the fraud score of",
      noun: "customer payment",
      name: null,
      href: `/accounting/payments/${id}`,
    });
  });
});
