import { sql } from "drizzle-orm";
import type { Actor, TenantTx } from "../../../db/tenant";
import { ValidationFailed } from "../../../platform/errors";
import { movementsOf, productsForDocuments, receiveStock, type DocumentMovement } from "../../inventory/api";
import { roundDiv, scaled, unscaled } from "./money";

/*
 * A credit note's stock lines (lines that kept the invoice's product: "Return items to stock"
 * was ticked) bring the goods back through the inventory service, in the credit note's
 * posting transaction:
 *  - into the warehouse, and the lot, they were shipped from, at the unit cost the
 *    invoice's shipment recorded (not today's average), for the quantity credited;
 *  - never more than was shipped: what the invoice's other posted credit notes returned
 *    is subtracted first. The caller holds the invoice's row lock, so two credit notes of
 *    one invoice posted at once take turns here and the second sees the first's returns;
 *  - booked Dr inventory, Cr cost of goods sold, per product, at the returns' value. The
 *    reversal is the cumulative returned value rounded minus what earlier returns booked,
 *    so crediting 2 then 3 of 5 units books exactly what crediting 5 at once would.
 * Value-only entries a backdated return causes (later outflows revalued) are booked with it.
 */

export type StockReturnLine = { lineNo: number; description: string; productId: string; quantity: string };
export type CostLine = { accountId: string; debit?: string; credit?: string; currency: string; productId: string; description: string };

/** Signed numeric text (quantities, values: 6 decimals) → millionths. */
function fixed(text: string): bigint {
  const negative = text.startsWith("-");
  const value = scaled(text.replace(/^-/, ""), 6n);
  if (value === null) throw new Error(`not a decimal: ${text}`);
  return negative ? -value : value;
}

/** Millionths of a minor unit → whole minor units, half to even (inventory's own rounding, as the invoice booked it). */
const toMinor = (value: bigint) => roundDiv(value, 1_000_000n, "half_even");

type Pool = { productId: string; warehouseId: string; lotNumber: string | null; unitCost: string; left: bigint; key: string };

const keyOf = (m: Pick<DocumentMovement, "productId" | "warehouseId" | "lotId">) => `${m.productId}|${m.warehouseId}|${m.lotId ?? ""}`;

/** What each shipment of an invoice still holds unreturned, in ledger order, and the value already returned per product. */
async function returnable(tx: TenantTx, referenceType: string, invoiceId: string, creditNoteId: string) {
  const pools: Pool[] = [];
  for (const m of await movementsOf(tx, referenceType, invoiceId)) {
    if (!m.quantity.startsWith("-")) continue;
    const key = keyOf(m);
    const pool = pools.find((p) => p.key === key);
    if (pool) pool.left += -fixed(m.quantity);
    else pools.push({ key, productId: m.productId, warehouseId: m.warehouseId, lotNumber: m.lotNumber, unitCost: m.unitCost ?? "0", left: -fixed(m.quantity) });
  }
  const returnedValue = new Map<string, bigint>();
  const earlier = await tx.execute<{ id: string }>(sql`
    select id from accounting_documents where credit_of = ${invoiceId} and status = 'posted' and id <> ${creditNoteId} order by posted_at, id`);
  for (const credit of earlier) {
    for (const m of await movementsOf(tx, referenceType, credit.id)) {
      const pool = pools.find((p) => p.key === keyOf(m));
      if (pool) pool.left -= fixed(m.quantity);
      returnedValue.set(m.productId, (returnedValue.get(m.productId) ?? 0n) + fixed(m.value));
    }
  }
  return { pools, returnedValue };
}

/**
 * Returns a credit note's stock lines to stock (see the top); the journal lines that book
 * it. Refuses, naming the line, a product the invoice did not ship or more than it still holds.
 */
export async function returnCreditedStock(
  tx: TenantTx,
  actor: Actor,
  input: {
    creditNote: { id: string; number: string; label: string };
    invoice: { id: string; number: string };
    lines: StockReturnLine[];
    effectiveAt: Date | undefined;
    referenceType: string;
    accounts: { inventory: string; cogs: string };
  },
): Promise<CostLine[]> {
  const { pools, returnedValue } = await returnable(tx, input.referenceType, input.invoice.id, input.creditNote.id);
  const problems: Record<string, string[]> = {};
  const wanted = new Map<string, bigint>();
  for (const line of input.lines) {
    const quantity = fixed(line.quantity);
    const available = pools.filter((p) => p.productId === line.productId).reduce((sum, p) => sum + p.left, 0n) - (wanted.get(line.productId) ?? 0n);
    if (!pools.some((p) => p.productId === line.productId)) {
      problems[`lines.${line.lineNo - 1}.productId`] = [`${input.invoice.number} shipped no ${line.description}: remove the product from line ${line.lineNo} (the line is then credited without returning stock).`];
    } else if (quantity > available) {
      problems[`lines.${line.lineNo - 1}.quantity`] = [
        `Line ${line.lineNo} returns ${unscaled(quantity, 6n)} of ${line.description} to stock, but ${input.invoice.number} has only ${unscaled(available < 0n ? 0n : available, 6n)} shipped and not yet returned.`,
      ];
    }
    wanted.set(line.productId, (wanted.get(line.productId) ?? 0n) + quantity);
  }
  if (Object.keys(problems).length) throw new ValidationFailed(problems, "This credit note returns more stock than the invoice shipped.");

  const products = await productsForDocuments(tx, [...wanted.keys()]);
  const journal: CostLine[] = [];
  const note = `${input.creditNote.label} ${input.creditNote.number} (returned from ${input.invoice.number})`;
  for (const [productId, quantity] of wanted) {
    let rest = quantity;
    let value = 0n;
    let adjustments = 0n;
    for (const pool of pools.filter((p) => p.productId === productId)) {
      if (rest === 0n) break;
      const take = pool.left < rest ? pool.left : rest;
      if (take <= 0n) continue;
      const received = await receiveStock(tx, actor, {
        productId,
        warehouseId: pool.warehouseId,
        quantity: unscaled(take, 6n),
        unitCost: pool.unitCost,
        effectiveAt: input.effectiveAt,
        lot: pool.lotNumber ? { number: pool.lotNumber } : null,
        referenceType: input.referenceType,
        referenceId: input.creditNote.id,
        note,
      });
      for (const m of received.movements) {
        value += m.value;
        adjustments += m.adjustments.reduce((sum, a) => sum + a.value, 0n);
      }
      pool.left -= take;
      rest -= take;
    }
    const before = returnedValue.get(productId) ?? 0n;
    const amount = toMinor(before + value) - toMinor(before) + toMinor(adjustments);
    if (amount === 0n) continue;
    const currency = products.get(productId)?.currency;
    if (!currency) throw new ValidationFailed({ lines: [`A product of ${input.creditNote.number} is no longer in the catalog: its stock cannot come back.`] });
    const description = `Stock returned by ${input.creditNote.number}`;
    const [debit, credit] = amount > 0n ? [input.accounts.inventory, input.accounts.cogs] : [input.accounts.cogs, input.accounts.inventory];
    const magnitude = (amount > 0n ? amount : -amount).toString();
    journal.push({ accountId: debit, debit: magnitude, currency, productId, description });
    journal.push({ accountId: credit, credit: magnitude, currency, productId, description });
  }
  return journal;
}
