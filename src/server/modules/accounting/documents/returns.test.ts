import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant, type Actor, type TenantTx } from "../../../db/tenant";
import { createTenant, refusal } from "../../../../test/fixtures";
import { createCompany } from "../../crm/companies/companies";
import { createProduct } from "../../inventory/catalog/products";
import { defaultWarehouseId } from "../../inventory/catalog/warehouses";
import { receiveStock } from "../../inventory/stock/stock";
import { trialBalance } from "../reports";
import { verifyChain } from "../verify";
import { createDocument } from "./documents";
import { createCredit, postDocument, voidDocument } from "./posting";

/* A credit note returns the invoice's stock at the shipment's cost (./returns.ts). */

async function setup({ lotTracked = false } = {}) {
  const { org, owner } = await createTenant();
  const actor: Actor = { userId: owner.id, role: "owner" };
  const run = <T,>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
  const ids = await run(async (tx) => {
    const company = await createCompany(tx, actor, { name: "Globex Corporation" });
    const product = await createProduct(tx, actor, { sku: `W-${crypto.randomUUID().slice(0, 8)}`, name: "Widget", salePriceMinor: "2500", lotTracked });
    const warehouseId = await defaultWarehouseId(tx);
    const receive = (quantity: string, lot: string | null) =>
      receiveStock(tx, actor, { productId: product.id, warehouseId, quantity, unitCost: "1000", effectiveAt: new Date("2026-01-02T12:00:00Z"), lot: lot ? { number: lot } : null });
    if (lotTracked) {
      await receive("2", "A-1");
      await receive("8", "B-2");
    } else await receive("10", null);
    return { companyId: company.id, productId: product.id, warehouseId };
  });
  return { actor, run, ...ids };
}
type Setup = Awaited<ReturnType<typeof setup>>;

/** An invoice of 5 widgets at 25.00 and an hour of installation, sent on 2026-02-01 (the widgets cost 10.00 each). */
async function sentInvoice(s: Setup) {
  return s.run(async (tx) => {
    const draft = await createDocument(tx, s.actor, {
      kind: "invoice",
      companyId: s.companyId,
      issueDate: "2026-02-01",
      lines: [
        { productId: s.productId, quantity: "5" },
        { description: "Installation", quantity: "1", unitPrice: "8000" },
      ],
    });
    return postDocument(tx, s.actor, draft.id);
  });
}

const credit = (s: Setup, invoice: Awaited<ReturnType<typeof sentInvoice>>, quantity: string, returnStock = true) =>
  s.run((tx) => createCredit(tx, s.actor, { id: invoice.id, lines: [{ lineId: invoice.lines[0]!.id, quantity }], issueDate: "2026-02-10", returnStock }));

const post = (s: Setup, draft: { id: string }) => s.run((tx) => postDocument(tx, s.actor, draft.id));

async function stock(s: Setup) {
  const [row] = await s.run((tx) => tx.execute<{ on_hand: string; value: string }>(sql`select on_hand::text, value::text from inventory_levels where product_id = ${s.productId}`));
  return { onHand: Number(row!.on_hand), value: Number(row!.value) };
}

/** Balances of the cost of goods sold and inventory accounts (minor units, debit positive). */
async function books(s: Setup) {
  const report = await s.run((tx) => trialBalance(tx, {}));
  const keys = await s.run((tx) => tx.execute<{ id: string; system_key: string | null }>(sql`select id, system_key from accounting_accounts where system_key in ('cogs', 'inventory')`));
  const of = (key: string) => report.rows.find((r) => r.accountId === keys.find((k) => k.system_key === key)?.id)?.balance ?? "0";
  return { cogs: of("cogs"), inventory: of("inventory") };
}

describe("a credit note for stock products", () => {
  it("returns the credited quantity to the invoice's warehouse at the shipment's unit cost, not today's average, and reverses that cost of goods sold", async () => {
    const s = await setup();
    const invoice = await sentInvoice(s);
    expect(await books(s)).toEqual({ cogs: "5000", inventory: "-5000" });
    // Dearer stock arrives after the sale: the average becomes (5 × 10.00 + 10 × 20.00) / 15 = 16.67.
    await s.run((tx) => receiveStock(tx, s.actor, { productId: s.productId, warehouseId: s.warehouseId, quantity: "10", unitCost: "2000", effectiveAt: new Date("2026-02-05T12:00:00Z") }));

    const draft = await credit(s, invoice, "2");
    expect(draft.lines[0]).toMatchObject({ productId: s.productId, quantity: "2" });
    const posted = await s.run((tx) => postDocument(tx, s.actor, draft.id));
    expect(posted).toMatchObject({ status: "posted", number: "CN-2026-0001", total: "5000" });
    expect(await stock(s)).toEqual({ onHand: 17, value: 5 * 1000 + 10 * 2000 + 2 * 1000 });
    expect(await books(s)).toEqual({ cogs: "3000", inventory: "-3000" });
    const [movement] = await s.run((tx) => tx.execute<{ kind: string; quantity: string; unit_cost: string; warehouse_id: string }>(sql`
      select kind::text, quantity::text, unit_cost::text, warehouse_id from inventory_movements where reference_id = ${posted.id}`));
    expect(movement).toEqual({ kind: "receipt", quantity: "2.000000", unit_cost: "1000.000000", warehouse_id: s.warehouseId });
    // In the credit note's own entry, with its revenue reversal.
    const lines = await s.run((tx) => tx.execute<{ system_key: string | null; debit: string; credit: string }>(sql`
      select a.system_key, l.debit::bigint::text as debit, l.credit::bigint::text as credit from accounting_lines l join accounting_accounts a on a.id = l.account_id
       where l.entry_id = ${posted.entry!.id} and a.system_key in ('cogs', 'inventory') order by a.system_key`));
    expect(lines).toEqual([
      { system_key: "cogs", debit: "0", credit: "2000" },
      { system_key: "inventory", debit: "2000", credit: "0" },
    ]);
    expect((await s.run((tx) => verifyChain(tx))).intact).toBe(true);
  });

  it("credits in parts up to what was shipped, then refuses to return more; a free-text line or an unticked return moves no stock", async () => {
    const s = await setup();
    const invoice = await sentInvoice(s);
    await post(s, await credit(s, invoice, "2"));
    await post(s, await credit(s, invoice, "2"));
    expect(await stock(s)).toEqual({ onHand: 9, value: 9000 });
    const tooMany = await credit(s, invoice, "2");
    const error = await refusal(s.run((tx) => postDocument(tx, s.actor, tooMany.id)));
    expect(error.fields?.["lines.0.quantity"]?.[0]).toMatch(/returns 2 of Widget to stock, but INV-2026-0001 has only 1 shipped and not yet returned/);

    // Damaged goods: credited, not returned.
    const damaged = await credit(s, invoice, "1", false);
    expect(damaged.lines[0]!.productId).toBeNull();
    expect(damaged.warehouseId).toBeNull();
    await s.run((tx) => postDocument(tx, s.actor, damaged.id));
    const text = await s.run((tx) => createCredit(tx, s.actor, { id: invoice.id, lines: [{ lineId: invoice.lines[1]!.id, quantity: "1" }] }));
    await s.run((tx) => postDocument(tx, s.actor, text.id));
    expect(await stock(s)).toEqual({ onHand: 9, value: 9000 });
    expect(await books(s)).toEqual({ cogs: "1000", inventory: "-1000" });
  });

  it("two credit notes posted at once for one invoice return at most what it shipped", async () => {
    const s = await setup();
    const invoice = await sentInvoice(s);
    const drafts = [await credit(s, invoice, "3"), await credit(s, invoice, "3")];
    const results = await Promise.allSettled(drafts.map((d) => s.run((tx) => postDocument(tx, s.actor, d.id))));
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason as Error).message).toMatch(/returns more stock than the invoice shipped/);
    expect(await stock(s)).toEqual({ onHand: 8, value: 8000 });
    expect(await books(s)).toEqual({ cogs: "2000", inventory: "-2000" });
  });

  it("returns lot-tracked goods to the lots they left from", async () => {
    const s = await setup({ lotTracked: true });
    const invoice = await sentInvoice(s); // 2 from A-1, 3 from B-2
    await post(s, await credit(s, invoice, "4"));
    const lots = await s.run((tx) => tx.execute<{ number: string; on_hand: string }>(sql`
      select t.number, l.on_hand::text from inventory_lot_levels l join inventory_lots t on t.id = l.lot_id where l.product_id = ${s.productId} order by t.number`));
    expect(lots).toEqual([
      { number: "A-1", on_hand: "2.000000" },
      { number: "B-2", on_hand: "7.000000" },
    ]);
  });

  it("voiding the credit note takes its returns out again; the invoice can then be voided and everything is back to zero", async () => {
    const s = await setup();
    const invoice = await sentInvoice(s);
    const posted = await post(s, await credit(s, invoice, "5"));
    expect(await stock(s)).toEqual({ onHand: 10, value: 10000 });
    expect((await refusal(s.run((tx) => voidDocument(tx, s.actor, { id: invoice.id, date: "2026-02-12" })))).message).toMatch(/CN-2026-0001/);
    await s.run((tx) => voidDocument(tx, s.actor, { id: posted.id, date: "2026-02-12" }));
    expect(await stock(s)).toEqual({ onHand: 5, value: 5000 });
    await s.run((tx) => voidDocument(tx, s.actor, { id: invoice.id, date: "2026-02-12" }));
    expect(await stock(s)).toEqual({ onHand: 10, value: 10000 });
    expect(await books(s)).toEqual({ cogs: "0", inventory: "0" });
    expect((await s.run((tx) => verifyChain(tx))).intact).toBe(true);
  });
});
