import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant, type Actor, type TenantTx } from "../../../db/tenant";
import { createTenant, pgFailure, refusal } from "../../../../test/fixtures";
import { createCompany } from "../../crm/companies/companies";
import { createProduct } from "../../inventory/catalog/products";
import { defaultWarehouseId } from "../../inventory/catalog/warehouses";
import { receiveStock } from "../../inventory/stock/stock";
import { setLockDates } from "../settings";
import { trialBalance } from "../reports";
import { verifyChain } from "../verify";
import { createDocument, deleteDocument, getDocument, listDocuments, updateDocument } from "./documents";
import { applyCredit, partyCredit, recordPayment, voidPayment } from "./payments";
import { createCredit, postDocument, voidDocument } from "./posting";
import { createTaxRate, setDocumentSettings } from "./setup";

async function setup() {
  const { org, owner } = await createTenant();
  const actor: Actor = { userId: owner.id, role: "owner" };
  const run = <T,>(fn: (tx: TenantTx) => Promise<T>, role: Actor["role"] = "owner") => withTenant({ tenantId: org.id, userId: owner.id, role }, fn);
  const ids = await run(async (tx) => {
    const company = await createCompany(tx, actor, { name: "Globex Corporation", addressLine: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" });
    const supplier = await createCompany(tx, actor, { name: "Initech Supplies" });
    const product = await createProduct(tx, actor, { sku: `W-${crypto.randomUUID().slice(0, 8)}`, name: "Widget", salePriceMinor: "2500", standardCostMinor: "1000" });
    const warehouseId = await defaultWarehouseId(tx);
    await receiveStock(tx, actor, { productId: product.id, warehouseId, quantity: "10", unitCost: "1000", effectiveAt: new Date("2026-01-02T12:00:00Z") });
    const tax = await createTaxRate(tx, actor, { name: "Sales tax 8.25%", ratePercent: "8.25" });
    const accounts = await tx.execute<{ id: string; system_key: string }>(sql`select id, system_key from accounting_accounts where system_key is not null`);
    const account = (key: string) => accounts.find((a) => a.system_key === key)!.id;
    const [rent] = await tx.execute<{ id: string }>(sql`select id from accounting_accounts where code = '6000'`);
    return { companyId: company.id, supplierId: supplier.id, productId: product.id, warehouseId, taxId: tax.id, account, rentId: rent!.id };
  });
  return { tenantId: org.id, actor, run, ...ids };
}

type Setup = Awaited<ReturnType<typeof setup>>;

const invoiceOf = (s: Setup, issueDate = "2026-02-01") => ({
  kind: "invoice" as const,
  companyId: s.companyId,
  issueDate,
  lines: [
    { productId: s.productId, quantity: "4", taxRateIds: [s.taxId] },
    { description: "Installation", quantity: "1.5", unitPrice: "8000", taxRateIds: [s.taxId] },
  ],
});

async function balances(s: Setup) {
  const report = await s.run((tx) => trialBalance(tx, {}));
  const byKey = new Map<string, string>();
  const keys = await s.run((tx) => tx.execute<{ id: string; system_key: string | null }>(sql`select id, system_key from accounting_accounts`));
  for (const row of report.rows) {
    const key = keys.find((k) => k.id === row.accountId)?.system_key;
    if (key) byKey.set(key, row.balance);
  }
  return byKey;
}

async function onHand(s: Setup) {
  const [row] = await s.run((tx) => tx.execute<{ on_hand: string; reserved: string }>(sql`select on_hand::text, reserved::text from inventory_levels where product_id = ${s.productId}`));
  return { onHand: Number(row!.on_hand), reserved: Number(row!.reserved) };
}

describe("an invoice for a stock product", () => {
  it("as a draft holds its stock and takes no number; sending numbers it, books it and ships the stock", async () => {
    const s = await setup();
    const draft = await s.run((tx) => createDocument(tx, s.actor, invoiceOf(s)));
    // 4 × 25.00 = 100.00 and 1.5 × 80.00 = 120.00; tax 8.25 % of each: 8.25 and 9.90
    expect(draft).toMatchObject({ status: "draft", number: null, subtotal: "22000", taxTotal: "1815", total: "23815", partyName: "Globex Corporation", dueDate: "2026-03-03" });
    expect(draft.partyAddress).toBe("1 Main St\n12345 Springfield\nUS");
    expect(await onHand(s)).toEqual({ onHand: 10, reserved: 4 });

    const sent = await s.run((tx) => postDocument(tx, s.actor, draft.id));
    expect(sent).toMatchObject({ status: "posted", number: "INV-2026-0001", displayStatus: "overdue", due: "23815" });
    expect(await onHand(s)).toEqual({ onHand: 6, reserved: 0 });
    const b = await balances(s);
    expect(b.get("receivable")).toBe("23815");
    expect(b.get("sales")).toBe("-22000");
    expect(b.get("sales_tax")).toBe("-1815");
    expect(b.get("cogs")).toBe("4000");
    expect(b.get("inventory")).toBe("-4000");
    const entry = await s.run((tx) => tx.execute<{ source: string; memo: string }>(sql`select source::text, memo from accounting_entries where id = ${sent.entry!.id}`));
    expect(entry[0]).toEqual({ source: "invoice", memo: "Invoice INV-2026-0001: Globex Corporation" });
    expect((await s.run((tx) => verifyChain(tx))).intact).toBe(true);
  });

  it("records a partial then the full payment; an overpayment stays the customer's credit and settles the next invoice", async () => {
    const s = await setup();
    const invoice = await s.run(async (tx) => postDocument(tx, s.actor, (await createDocument(tx, s.actor, invoiceOf(s, "2026-11-20"))).id));
    const pay = (amount: string, allocate: string | null) =>
      s.run((tx) => recordPayment(tx, s.actor, { direction: "received", date: "2026-11-25", companyId: s.companyId, amount, method: "Wire", allocations: allocate ? [{ documentId: invoice.id, amount: allocate }] : [] }));
    await pay("10000", "10000");
    expect(await s.run((tx) => getDocument(tx, invoice.id))).toMatchObject({ paid: "10000", due: "13815" });
    const tooMuch = await refusal(pay("20000", "20000"));
    expect(tooMuch).toMatchObject({ fields: { "allocations.0.amount": [expect.stringContaining("138.15 USD left to pay")] } });
    const overpayment = await pay("20000", "13815");
    expect(overpayment.unallocated).toBe("6185");
    expect(await s.run((tx) => getDocument(tx, invoice.id))).toMatchObject({ displayStatus: "paid", due: "0" });
    const b = await balances(s);
    expect(b.get("receivable")).toBe("-6185"); // the customer's credit
    expect(b.get("bank")).toBe("30000");

    const next = await s.run(async (tx) => postDocument(tx, s.actor, (await createDocument(tx, s.actor, { kind: "invoice", companyId: s.companyId, issueDate: "2026-11-26", lines: [{ description: "Support", quantity: "1", unitPrice: "5000" }] })).id));
    expect(next.number).toBe("INV-2026-0002");
    const credit = await s.run((tx) => partyCredit(tx, { direction: "received", companyId: s.companyId }));
    expect(credit).toEqual([expect.objectContaining({ source: "payment", id: overpayment.id, left: "6185" })]);
    await s.run((tx) => applyCredit(tx, s.actor, { documentId: next.id, paymentId: overpayment.id, amount: "5000" }));
    expect(await s.run((tx) => getDocument(tx, next.id))).toMatchObject({ displayStatus: "paid" });
    expect(await s.run((tx) => partyCredit(tx, { direction: "received", companyId: s.companyId }))).toEqual([expect.objectContaining({ left: "1185" })]);
  });

  it("a credit note for part of it reduces what is due; voiding needs the payments voided first, then returns the stock", async () => {
    const s = await setup();
    const invoice = await s.run(async (tx) => postDocument(tx, s.actor, (await createDocument(tx, s.actor, invoiceOf(s))).id));
    const creditDraft = await s.run((tx) => createCredit(tx, s.actor, { id: invoice.id, lines: [{ lineId: invoice.lines[1]!.id, quantity: "1.5" }], issueDate: "2026-02-10" }));
    expect(creditDraft).toMatchObject({ kind: "credit_note", status: "draft", total: "12990", creditOf: { id: invoice.id, number: "INV-2026-0001" } });
    const credit = await s.run((tx) => postDocument(tx, s.actor, creditDraft.id));
    expect(credit).toMatchObject({ number: "CN-2026-0001", paid: "12990", due: "0" });
    expect(await s.run((tx) => getDocument(tx, invoice.id))).toMatchObject({ due: String(23815 - 12990) });
    const payment = await s.run((tx) => recordPayment(tx, s.actor, { direction: "received", date: "2026-02-11", companyId: s.companyId, amount: "10825", allocations: [{ documentId: invoice.id, amount: "10825" }] }));
    expect(await s.run((tx) => getDocument(tx, invoice.id))).toMatchObject({ displayStatus: "paid" });

    const refused = await refusal(s.run((tx) => voidDocument(tx, s.actor, { id: invoice.id })));
    expect(refused.message).toMatch(/settled in part by CN-2026-0001, a payment of 2026-02-11: void those first/);
    await s.run((tx) => voidPayment(tx, s.actor, { id: payment.id, date: "2026-02-12" }));
    await s.run((tx) => voidDocument(tx, s.actor, { id: credit.id, date: "2026-02-12" }));
    const voided = await s.run((tx) => voidDocument(tx, s.actor, { id: invoice.id, date: "2026-02-12", reason: "Ordered by mistake" }));
    expect(voided).toMatchObject({ status: "void", displayStatus: "void", due: "0", voidReason: "Ordered by mistake" });
    expect(await onHand(s)).toEqual({ onHand: 10, reserved: 0 });
    const b = await balances(s);
    for (const key of ["receivable", "sales", "sales_tax", "cogs", "inventory", "bank"]) expect(b.get(key) ?? "0", key).toBe("0");
    expect((await s.run((tx) => verifyChain(tx))).intact).toBe(true);
  });

  it("cannot credit more than the invoice", async () => {
    const s = await setup();
    const invoice = await s.run(async (tx) => postDocument(tx, s.actor, (await createDocument(tx, s.actor, invoiceOf(s))).id));
    await s.run(async (tx) => postDocument(tx, s.actor, (await createCredit(tx, s.actor, { id: invoice.id })).id));
    const second = await s.run((tx) => createCredit(tx, s.actor, { id: invoice.id, lines: [{ lineId: invoice.lines[0]!.id, quantity: "1" }] }));
    const error = await refusal(s.run((tx) => postDocument(tx, s.actor, second.id)));
    expect(error.message).toMatch(/larger than the document/);
  });
});

describe("a bill", () => {
  it("receives its stock lines at the bill's cost, books expenses and tax, and is paid from the bank", async () => {
    const s = await setup();
    const bill = await s.run(async (tx) =>
      postDocument(
        tx,
        s.actor,
        (
          await createDocument(tx, s.actor, {
            kind: "bill",
            companyId: s.supplierId,
            issueDate: "2026-03-01",
            reference: "SUP-778",
            lines: [
              { productId: s.productId, quantity: "5", unitPrice: "1200" },
              { description: "March rent", quantity: "1", unitPrice: "150000", accountId: s.rentId, taxRateIds: [s.taxId] },
            ],
          })
        ).id,
      ),
    );
    expect(bill).toMatchObject({ number: "BILL-2026-0001", subtotal: "156000", taxTotal: "12375", total: "168375" });
    expect(await onHand(s)).toEqual({ onHand: 15, reserved: 0 });
    const [level] = await s.run((tx) => tx.execute<{ value: string }>(sql`select value::text from inventory_levels where product_id = ${s.productId}`));
    expect(Number(level!.value)).toBe(10 * 1000 + 5 * 1200);
    await s.run((tx) => recordPayment(tx, s.actor, { direction: "made", date: "2026-03-05", companyId: s.supplierId, amount: "168375", allocations: [{ documentId: bill.id, amount: "168375" }] }));
    const b = await balances(s);
    expect(b.get("payable") ?? "0").toBe("0");
    expect(b.get("inventory")).toBe("6000");
    expect(b.get("sales_tax")).toBe("12375");
    expect(b.get("bank")).toBe("-168375");
    expect(await s.run((tx) => getDocument(tx, bill.id))).toMatchObject({ displayStatus: "paid" });
  });

  it("refuses a line without an expense account, and a stock product booked elsewhere than inventory", async () => {
    const s = await setup();
    const error = await refusal(s
      .run((tx) =>
        createDocument(tx, s.actor, {
          kind: "bill",
          companyId: s.supplierId,
          issueDate: "2026-03-01",
          lines: [
            { description: "Paper", quantity: "1", unitPrice: "500" },
            { productId: s.productId, quantity: "1", accountId: s.rentId },
          ],
        }),
      )
      );
    expect(error).toMatchObject({ fields: { "lines.0.accountId": ["Choose the expense account for this line."], "lines.1.accountId": ["Widget is a stock product: its cost goes to the inventory account."] } });
  });
});

describe("drafts", () => {
  it("report every problem at once: no party, mixed tax kinds, a product with no price in that currency", async () => {
    const s = await setup();
    const inclusive = await s.run((tx) => createTaxRate(tx, s.actor, { name: "VAT 20% incl.", ratePercent: "20", inclusive: true }));
    const error = await refusal(s
      .run((tx) =>
        createDocument(tx, s.actor, {
          kind: "invoice",
          issueDate: "2026-02-01",
          currency: "EUR",
          lines: [
            { description: "Mixed", quantity: "1", unitPrice: "100", taxRateIds: [s.taxId, inclusive.id] },
            { productId: s.productId, quantity: "1" },
            { productId: s.productId, quantity: "1.5", unitPrice: "100" },
          ],
        }),
      )
      );
    expect(error).toMatchObject({
      fields: {
        companyId: ["Choose the customer (a company or a contact)."],
        "lines.0.taxRateIds": ["A line's tax rates must all be included in the price or all added to it."],
        "lines.1.unitPrice": ["Widget is priced in USD: enter the unit price in EUR."],
        "lines.2.quantity": ["Widget is counted in whole pcs."],
      },
    });
    expect(await s.run((tx) => listDocuments(tx, { kind: "invoice" }))).toMatchObject({ items: [] });
  });

  it("change freely, re-reserving stock; deleting releases it; a posted document refuses changes, even in raw SQL", async () => {
    const s = await setup();
    const draft = await s.run((tx) => createDocument(tx, s.actor, invoiceOf(s)));
    const { id: _id, kind: _k, ...fields } = { ...invoiceOf(s), id: draft.id };
    await s.run((tx) => updateDocument(tx, s.actor, { ...fields, id: draft.id, lines: [{ productId: s.productId, quantity: "7" }] }));
    expect(await onHand(s)).toEqual({ onHand: 10, reserved: 7 });
    const tooMuch = await refusal(s.run((tx) => updateDocument(tx, s.actor, { ...fields, id: draft.id, lines: [{ productId: s.productId, quantity: "11" }] })));
    expect(tooMuch.message).toMatch(/Not enough stock of Widget .* to reserve: 10 pcs available, 11 pcs requested/);
    await s.run((tx) => deleteDocument(tx, s.actor, draft.id));
    expect(await onHand(s)).toEqual({ onHand: 10, reserved: 0 });

    const posted = await s.run(async (tx) => postDocument(tx, s.actor, (await createDocument(tx, s.actor, invoiceOf(s))).id));
    const change = await refusal(s.run((tx) => updateDocument(tx, s.actor, { ...fields, id: posted.id })));
    expect(change.message).toMatch(/INV-2026-0001 is posted: it cannot be changed/);
    const failure = await pgFailure(s.run((tx) => tx.execute(sql`update accounting_documents set total = 1 where id = ${posted.id}`)));
    expect(failure.message).toMatch(/is posted: it cannot be changed/);
    const lineFailure = await pgFailure(s.run((tx) => tx.execute(sql`update accounting_document_lines set net = 1 where document_id = ${posted.id}`)));
    expect(lineFailure.message).toMatch(/lines of a posted document cannot be changed/);
  });

  it("rounding follows the setting: half up or half to even", async () => {
    const s = await setup();
    const tenPercent = await s.run((tx) => createTaxRate(tx, s.actor, { name: "Ten", ratePercent: "10" }));
    const line = { kind: "invoice" as const, companyId: s.companyId, issueDate: "2026-02-01", lines: [{ description: "Item", quantity: "1", unitPrice: "1025", taxRateIds: [tenPercent.id] }] };
    expect((await s.run((tx) => createDocument(tx, s.actor, line))).taxTotal).toBe("103");
    await s.run((tx) => setDocumentSettings(tx, s.actor, { rounding: "half_even", paymentTermsDays: 14 }));
    expect(await s.run((tx) => createDocument(tx, s.actor, line))).toMatchObject({ taxTotal: "102", dueDate: "2026-02-15" });
  });
});

describe("posting rules", () => {
  it("refuses to send an invoice dated on or before the lock date, and a member cannot send", async () => {
    const s = await setup();
    const draft = await s.run((tx) => createDocument(tx, s.actor, invoiceOf(s, "2026-01-31")));
    await s.run((tx) => setLockDates(tx, s.actor, { lockDate: "2026-01-31", memberLockDate: null, taxLockDate: null }));
    const error = await refusal(s.run((tx) => postDocument(tx, s.actor, draft.id)));
    expect(error.message).toMatch(/locked up to 2026-01-31/);
    expect((await s.run((tx) => getDocument(tx, draft.id))).status).toBe("draft");
    expect(await onHand(s)).toEqual({ onHand: 10, reserved: 4 });
  });

  it("numbers without gaps per kind and year under 20 concurrent sends", async () => {
    const s = await setup();
    const drafts = await s.run(async (tx) => {
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push((await createDocument(tx, s.actor, { kind: "invoice", companyId: s.companyId, issueDate: "2026-05-01", lines: [{ description: `Job ${i}`, quantity: "1", unitPrice: "100" }] })).id);
      // One that will fail to send (a lock date falls on it), so its number must not be burned.
      ids.push((await createDocument(tx, s.actor, { kind: "invoice", companyId: s.companyId, issueDate: "2025-12-31", lines: [{ description: "Old", quantity: "1", unitPrice: "100" }] })).id);
      return ids;
    });
    await s.run((tx) => setLockDates(tx, s.actor, { lockDate: "2025-12-31", memberLockDate: null, taxLockDate: null }));
    const results = await Promise.allSettled(drafts.map((id) => s.run((tx) => postDocument(tx, s.actor, id))));
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    const numbers = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.number!] : [])).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `INV-2026-${String(i + 1).padStart(4, "0")}`));
    const next = await s.run(async (tx) => postDocument(tx, s.actor, (await createDocument(tx, s.actor, { kind: "invoice", companyId: s.companyId, issueDate: "2027-01-02", lines: [{ description: "New year", quantity: "1", unitPrice: "100" }] })).id));
    expect(next.number).toBe("INV-2027-0001");
  });
});
