import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../../db/tenant";
import { Conflict, NotFound, ValidationFailed } from "../../../platform/errors";
import { optionalText, parseInput } from "../../../platform/validate";
import { recordAudit } from "../../audit/service";
import { movementsOf, productsForDocuments, receiveStock, releaseReservations, shipStock, type PostedMovement } from "../../inventory/api";
import { insertDraft, organizationToday, postDraft, reverseEntry } from "../entries";
import { accountingAllocations, accountingDocumentLines, accountingDocuments, type DocumentKind } from "../schema";
import { auditSummary, getDocument, insertDraftDocument, KIND, lockDocument, RESERVATION_TYPE } from "./documents";
import { parseQuantity, roundDiv, unscaled } from "./money";
import { returnCreditedStock } from "./returns";
import { publishEvent } from "../../../jobs/publish";
import { ITEM_POSTED } from "../events";

/*
 * Posting a document: it takes the next number of its kind and year (the counter row stays
 * locked to commit, so numbers have no gaps however many are sent at once and a failed send
 * gives its number back), books one journal entry and moves its stock in the same
 * transaction:
 *
 *   invoice           Dr receivable (total)      Cr income per account (net), tax per account
 *                     Dr cost of goods sold      Cr inventory (the shipments' cost)
 *   bill              Dr expense / inventory (net), tax      Cr payable (total); stock received at net ÷ quantity
 *   credit note, supplier credit: the mirror of invoice and bill, applied to the document they credit;
 *                     a credit note's product lines return their stock: Dr inventory, Cr cost of
 *                     goods sold at the invoice's shipment cost (./returns.ts). A supplier credit moves no stock.
 */

/** Stock movements of a document carry this reference (the void finds them by it). */
export const STOCK_REFERENCE = "accounting.document";

type JournalLine = { accountId: string; debit?: string; credit?: string; currency: string; description?: string | null; companyId?: string | null; contactId?: string | null; productId?: string | null };

async function systemAccounts(tx: TenantTx): Promise<Record<string, string>> {
  const rows = await tx.execute<{ id: string; system_key: string }>(sql`
    select id, system_key from accounting_accounts where system_key in ('receivable', 'payable', 'inventory', 'cogs')`);
  return Object.fromEntries(rows.map((r) => [r.system_key, r.id]));
}

/** The next number of a kind in a year; the counter row stays locked until the transaction ends. */
async function nextNumber(tx: TenantTx, kind: DocumentKind, year: number): Promise<string> {
  const [row] = await tx.execute<{ last_number: number }>(sql`
    insert into accounting_document_counters (kind, year, last_number) values (${kind}, ${year}, 1)
    on conflict (tenant_id, kind, year) do update set last_number = accounting_document_counters.last_number + 1
    returning last_number`);
  return `${KIND[kind].prefix}-${year}-${String(row!.last_number).padStart(4, "0")}`;
}

/** Amounts per account, summed, as journal lines on one side (zero amounts left out). */
function grouped(amounts: { accountId: string; amount: bigint; productId?: string | null }[], side: "debit" | "credit", common: Omit<JournalLine, "accountId">): JournalLine[] {
  const byAccount = new Map<string, bigint>();
  for (const a of amounts) byAccount.set(a.accountId, (byAccount.get(a.accountId) ?? 0n) + a.amount);
  return [...byAccount].flatMap(([accountId, amount]) => {
    if (amount === 0n) return [];
    const positive = amount > 0n;
    const sideOf = positive ? side : side === "debit" ? "credit" : "debit";
    return [{ ...common, accountId, [sideOf]: (positive ? amount : -amount).toString() }];
  });
}

/** When a document's stock moves: now for today's documents, midday of the issue date for earlier ones. */
function stockTime(issueDate: string, today: string): Date | undefined {
  return issueDate === today ? undefined : new Date(`${issueDate}T12:00:00Z`);
}

const movementCost = (movements: PostedMovement[]) =>
  movements.reduce((sum, m) => sum + (m.value < 0n ? -m.value : m.value) + m.adjustments.reduce((s, a) => s + a.value, 0n), 0n);

/** Fixed (millionths of a minor unit) → whole minor units, half to even (inventory's own rounding). */
const toMinor = (fixed: bigint) => roundDiv(fixed, 1_000_000n, "half_even");

export async function postDocument(tx: TenantTx, actor: Actor, id: string) {
  const document = await lockDocument(tx, id);
  if (document.status !== "draft") throw new Conflict(`${KIND[document.kind].label} ${document.number} is already ${document.status}.`);
  const kind = KIND[document.kind];
  const lines = await tx.select().from(accountingDocumentLines).where(eq(accountingDocumentLines.documentId, id)).orderBy(accountingDocumentLines.lineNo);
  if (!lines.length) throw new ValidationFailed({ lines: ["Add at least one line."] });
  const today = await organizationToday(tx);

  let credited: typeof document | undefined;
  if (document.creditOf) {
    credited = await lockDocument(tx, document.creditOf);
    if (credited.status !== "posted") throw new Conflict(`${KIND[credited.kind].label} ${credited.number} is ${credited.status}: it cannot be credited.`);
    const [row] = await tx.execute<{ credited: string }>(sql`
      select coalesce(sum(total), 0)::text as credited from accounting_documents where credit_of = ${credited.id} and status = 'posted'`);
    const left = credited.total - BigInt(row!.credited);
    if (document.total > left) {
      throw new ValidationFailed({ lines: [`${kind.label}s can credit at most what ${credited.number} still holds uncredited: ${left} in minor units of ${credited.currency}, this one is ${document.total}.`] }, "The credit is larger than the document.");
    }
  }

  const number = await nextNumber(tx, document.kind, Number(document.issueDate.slice(0, 4)));
  const accounts = await systemAccounts(tx);
  const party = { currency: document.currency, companyId: document.companyId, contactId: document.contactId };
  const taxes = await tx.execute<{ account_id: string; amount: string }>(sql`
    select r.account_id, sum(t.amount)::text as amount from accounting_document_line_taxes t join accounting_tax_rates r on r.id = t.tax_rate_id
     where t.document_id = ${id} group by r.account_id`);
  // Sales: income and tax are credited, the receivable debited; purchases the mirror; credits mirror both.
  const isCredit = kind.credits !== null;
  const revenueSide: "debit" | "credit" = (kind.side === "sales") !== isCredit ? "credit" : "debit";
  const otherSide = revenueSide === "credit" ? "debit" : "credit";
  const journal: JournalLine[] = [
    ...grouped([{ accountId: accounts[kind.side === "sales" ? "receivable" : "payable"]!, amount: document.total }], otherSide, { ...party, description: `${kind.label} ${number}` }),
    ...grouped(
      lines.map((l) => ({ accountId: l.accountId, amount: l.net })),
      revenueSide,
      { ...party, description: null },
    ),
    ...grouped(
      taxes.map((t) => ({ accountId: t.account_id, amount: BigInt(t.amount) })),
      revenueSide,
      { ...party, description: `Tax on ${number}` },
    ),
  ];

  // Stock: an invoice ships its product lines (cost of goods sold at the shipments' cost), a bill receives them at its cost.
  await releaseReservations(tx, RESERVATION_TYPE, id);
  const stockLines = lines.filter((l) => l.productId);
  if (stockLines.length && (document.kind === "invoice" || document.kind === "bill")) {
    if (!document.warehouseId) throw new ValidationFailed({ warehouseId: ["Choose the warehouse for the stock lines."] });
    const products = await productsForDocuments(tx, stockLines.map((l) => l.productId!));
    const effectiveAt = stockTime(document.issueDate, today);
    const reference = { referenceType: STOCK_REFERENCE, referenceId: id, note: `${kind.label} ${number}` };
    const costs: { accountId: string; amount: bigint; currency: string; productId: string }[] = [];
    for (const line of stockLines) {
      const product = products.get(line.productId!);
      if (!product) throw new ValidationFailed({ lines: [`The product of line ${line.lineNo} (${line.description}) is no longer in the catalog: change the line.`] });
      if (document.kind === "invoice") {
        const shipped = await shipStock(tx, actor, { productId: product.id, warehouseId: document.warehouseId, quantity: line.quantity, effectiveAt, ...reference });
        costs.push({ accountId: accounts.cogs!, amount: toMinor(movementCost(shipped.movements)), currency: product.currency, productId: product.id });
      } else {
        const quantity = parseQuantity(line.quantity)!;
        // Net per unit at inventory's scale (millionths of a minor unit), half to even.
        const unitCost = roundDiv(line.net * 1_000_000n * 1_000_000n, quantity, "half_even");
        await receiveStock(tx, actor, {
          productId: product.id,
          warehouseId: document.warehouseId,
          quantity: line.quantity,
          unitCost: unscaled(unitCost, 6n),
          effectiveAt,
          lot: product.lotTracked ? { number } : null,
          ...reference,
        });
      }
    }
    for (const cost of costs) {
      if (cost.amount === 0n) continue;
      const description = `Cost of ${number}`;
      journal.push({ accountId: cost.accountId, debit: cost.amount.toString(), currency: cost.currency, productId: cost.productId, description });
      journal.push({ accountId: accounts.inventory!, credit: cost.amount.toString(), currency: cost.currency, productId: cost.productId, description });
    }
  }
  // A credit note's product lines bring the goods back, at the invoice's shipment cost (./returns.ts).
  if (stockLines.length && document.kind === "credit_note" && credited) {
    journal.push(
      ...(await returnCreditedStock(tx, actor, {
        creditNote: { id, number, label: kind.label },
        invoice: { id: credited.id, number: credited.number! },
        lines: stockLines.map((l) => ({ lineNo: l.lineNo, description: l.description, productId: l.productId!, quantity: l.quantity })),
        effectiveAt: stockTime(document.issueDate, today),
        referenceType: STOCK_REFERENCE,
        accounts: { inventory: accounts.inventory!, cogs: accounts.cogs! },
      })),
    );
  }
  if (journal.length < 2) throw new ValidationFailed({ lines: ["This document has nothing to book: its total is zero and it moves no stock."] });

  const entryId = await insertDraft(tx, {
    date: document.issueDate,
    memo: `${kind.label} ${number}: ${document.partyName}`,
    source: kind.side === "sales" ? "invoice" : "bill",
    sourceId: id,
    lines: journal,
  });
  await postDraft(tx, actor, entryId);
  const [posted] = await tx
    .update(accountingDocuments)
    .set({ status: "posted", number, entryId, postedAt: new Date(), updatedAt: new Date() })
    .where(eq(accountingDocuments.id, id))
    .returning();

  if (credited) {
    const [due] = await tx.execute<{ due: string }>(sql`
      select (${credited.total} - coalesce(sum(amount), 0))::text as due from accounting_allocations where document_id = ${credited.id} and voided_at is null`);
    const applied = BigInt(due!.due) < document.total ? BigInt(due!.due) : document.total;
    if (applied > 0n) await tx.insert(accountingAllocations).values({ documentId: credited.id, creditNoteId: id, amount: applied, date: document.issueDate });
  }
  await recordAudit(tx, { action: `accounting.${document.kind}.posted`, entityType: "accounting.document", entityId: id, after: auditSummary(posted!) });
  if (document.kind === "bill") await publishEvent(tx, { event: ITEM_POSTED, data: { kind: "supplier_bill", id } });
  return getDocument(tx, id);
}

export const voidDocumentInput = z.object({
  id: z.uuid(),
  /** The reversal's date; default today. */
  date: z.iso.date("Enter the date like 2026-03-31.").optional(),
  reason: optionalText(500, "The reason"),
});

/** Voiding reverses the document's entry and its stock; a document with payments or credits applied must be freed of them first. */
export async function voidDocument(tx: TenantTx, actor: Actor, rawInput: z.input<typeof voidDocumentInput>) {
  const input = parseInput(voidDocumentInput, rawInput);
  const document = await lockDocument(tx, input.id);
  const kind = KIND[document.kind];
  if (document.status === "draft") throw new Conflict(`This ${kind.label.toLowerCase()} is a draft: delete it instead.`);
  if (document.status === "void") throw new Conflict(`${kind.label} ${document.number} is already void.`);
  const [settled] = await tx.execute<{ sources: string | null }>(sql`
    select string_agg(coalesce(cn.number, 'a payment of ' || a.date::text), ', ') as sources
      from accounting_allocations a left join accounting_documents cn on cn.id = a.credit_note_id
     where a.document_id = ${document.id} and a.voided_at is null`);
  if (settled?.sources) throw new Conflict(`${kind.label} ${document.number} is settled in part by ${settled.sources}: void those first.`);
  const [credit] = await tx.execute<{ number: string }>(sql`select number from accounting_documents where credit_of = ${document.id} and status = 'posted' limit 1`);
  if (credit) throw new Conflict(`${kind.label} ${document.number} is credited by ${credit.number}: void that first.`);

  const date = input.date ?? (await organizationToday(tx));
  const reversal = await reverseEntry(tx, actor, { id: document.entryId!, date, memo: `Void of ${kind.label.toLowerCase()} ${document.number}${input.reason ? `: ${input.reason}` : ""}` });

  // Stock comes back (invoice) or goes out again (bill, a credit note's returns) at the cost it moved at; stock leaving at today's cost books the difference.
  const movements = await movementsOf(tx, STOCK_REFERENCE, document.id);
  if (movements.length) {
    const reference = { referenceType: STOCK_REFERENCE, referenceId: `${document.id}:void`, note: `Void of ${document.number}` };
    const accounts = await systemAccounts(tx);
    const differences: JournalLine[] = [];
    const products = await productsForDocuments(tx, movements.map((m) => m.productId));
    for (const m of movements) {
      const quantity = m.quantity.replace(/^-/, "");
      if (document.kind === "invoice") {
        await receiveStock(tx, actor, { productId: m.productId, warehouseId: m.warehouseId, quantity, unitCost: m.unitCost ?? "0", lot: m.lotNumber ? { number: m.lotNumber } : null, ...reference });
      } else {
        const shipped = await shipStock(tx, actor, { productId: m.productId, warehouseId: m.warehouseId, quantity, lotId: m.lotId, ...reference });
        const received = BigInt(toMinorText(m.value));
        const left = toMinor(movementCost(shipped.movements));
        const difference = received - left;
        const currency = products.get(m.productId)?.currency ?? document.currency;
        if (difference !== 0n) {
          const amount = (difference < 0n ? -difference : difference).toString();
          const description = `Stock of ${document.number} left at a different cost`;
          differences.push({ accountId: accounts.inventory!, [difference > 0n ? "debit" : "credit"]: amount, currency, productId: m.productId, description });
          differences.push({ accountId: accounts.cogs!, [difference > 0n ? "credit" : "debit"]: amount, currency, productId: m.productId, description });
        }
      }
    }
    if (differences.length) {
      const entryId = await insertDraft(tx, { date, memo: `Stock cost difference on the void of ${document.number}`, source: "stock", sourceId: document.id, lines: differences });
      await postDraft(tx, actor, entryId);
    }
  }
  // A credit note's own applications end with it.
  await tx.execute(sql`update accounting_allocations set voided_at = now() where credit_note_id = ${document.id} and voided_at is null`);
  const [after] = await tx
    .update(accountingDocuments)
    .set({ status: "void", voidEntryId: reversal.id, voidedAt: new Date(), voidReason: input.reason ?? null, updatedAt: new Date() })
    .where(eq(accountingDocuments.id, document.id))
    .returning();
  await recordAudit(tx, { action: `accounting.${document.kind}.voided`, entityType: "accounting.document", entityId: document.id, before: auditSummary(document), after: { ...auditSummary(after!), reason: input.reason ?? null } });
  return getDocument(tx, document.id);
}

/** A stored numeric value (minor units, 6 decimals) rounded to whole minor units, as text. */
function toMinorText(value: string): string {
  const negative = value.startsWith("-");
  const [whole, fraction = ""] = value.replace(/^-/, "").split(".");
  const fixed = BigInt(whole!) * 1_000_000n + BigInt(fraction.padEnd(6, "0").slice(0, 6) || "0");
  return toMinor(negative ? -fixed : fixed).toString().replace(/^-/, "");
}

export const creditInput = z.object({
  /** The posted invoice (or bill) to credit. */
  id: z.uuid(),
  /** Lines to credit and how much of each; all of every line when left out. */
  lines: z
    .array(z.object({ lineId: z.uuid(), quantity: z.union([z.string(), z.number()]).transform((q) => String(q).trim()) }))
    .min(1)
    .optional(),
  issueDate: z.iso.date("Enter the date like 2026-03-31.").optional(),
  notes: optionalText(2000, "The notes", { multiline: true }),
  /**
   * A credit note: its lines keep the invoice's products, so posting it returns the goods to
   * stock (./returns.ts). Off (damaged goods, a price correction): the lines are credited as
   * text and no stock moves. Supplier credits never move stock.
   */
  returnStock: z.boolean().default(true),
});

/** A draft credit note (or supplier credit) for all or part of a posted document's lines, at the document's prices and taxes. */
export async function createCredit(tx: TenantTx, actor: Actor, rawInput: z.input<typeof creditInput>) {
  const input = parseInput(creditInput, rawInput);
  const [original] = await tx.select().from(accountingDocuments).where(eq(accountingDocuments.id, input.id));
  if (!original) throw new NotFound("This document does not exist.");
  const creditKind: DocumentKind | null = original.kind === "invoice" ? "credit_note" : original.kind === "bill" ? "supplier_credit" : null;
  if (!creditKind) throw new Conflict("A credit note credits an invoice or a bill.");
  if (original.status !== "posted") throw new Conflict(`${KIND[original.kind].label} ${original.number ?? "(draft)"} is ${original.status}: only a posted one is credited.`);
  const view = await getDocument(tx, original.id);
  const chosen = input.lines ?? view.lines.map((l) => ({ lineId: l.id, quantity: l.quantity }));
  const problems: Record<string, string[]> = {};
  const lines = chosen.flatMap((choice, i) => {
    const line = view.lines.find((l) => l.id === choice.lineId);
    const quantity = parseQuantity(choice.quantity);
    if (!line) {
      problems[`lines.${i}.lineId`] = [`This line is not on ${original.number}.`];
      return [];
    }
    if (quantity === null || quantity <= 0n) {
      problems[`lines.${i}.quantity`] = ["Enter a quantity above zero."];
      return [];
    }
    if (quantity > parseQuantity(line.quantity)!) {
      problems[`lines.${i}.quantity`] = [`Line ${line.lineNo} has ${line.quantity}: credit at most that.`];
      return [];
    }
    return [{ description: line.description, quantity: choice.quantity, unitPrice: line.unitPrice, discountPercent: line.discountPercent, taxRateIds: line.taxes.map((t) => t.taxRateId), accountId: line.accountId, productId: line.productId }];
  });
  if (Object.keys(problems).length) throw new ValidationFailed(problems);
  // Only a credit note returns stock, and only products still in the catalog (a trashed one cannot take stock back).
  const returning = creditKind === "credit_note" && input.returnStock ? await productsForDocuments(tx, lines.flatMap((l) => (l.productId ? [l.productId] : []))) : new Map();
  const creditLines = lines.map((l) => ({ ...l, productId: l.productId && returning.has(l.productId) ? l.productId : null }));
  const issueDate = input.issueDate ?? (await organizationToday(tx));
  const document = await insertDraftDocument(tx, actor, creditKind, original.id, {
    companyId: original.companyId,
    contactId: original.contactId,
    issueDate,
    dueDate: issueDate,
    currency: original.currency,
    reference: original.number,
    notes: input.notes ?? `Credit for ${original.number}.`,
    paymentTerms: null,
    // The stock comes back where the invoice shipped it from (the posting takes each shipment's own warehouse).
    warehouseId: creditLines.some((l) => l.productId) ? original.warehouseId : null,
    lines: creditLines,
  }, { allowInactiveRates: true });
  await recordAudit(tx, { action: `accounting.${creditKind}.drafted`, entityType: "accounting.document", entityId: document.id, after: { ...auditSummary(document), credits: original.number, returnStock: creditLines.some((l) => l.productId) } });
  return getDocument(tx, document.id);
}
