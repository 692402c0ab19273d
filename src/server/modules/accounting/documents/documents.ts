import { eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../../db/tenant";
import { Conflict, NotFound, ValidationFailed } from "../../../platform/errors";
import { optionalText, parseInput, plainText } from "../../../platform/validate";
import { recordAudit } from "../../audit/service";
import { partyFor } from "../../crm/api";
import { productsForDocuments, releaseReservations, reserveStock, warehouseForDocument } from "../../inventory/api";
import { currentOrganization } from "../../orgs/settings";
import { accountingDocumentLines, accountingDocumentLineTaxes, accountingDocuments, accountingTaxRates, type DocumentKind } from "../schema";
import { computeLine, parsePercent, parseQuantity, parseUnitPrice, unscaled } from "./money";
import { getDocumentSettings } from "./setup";

/*
 * Invoices, bills and credit notes as drafts: written freely (members), computed exactly
 * (./money.ts) and saved with their amounts, so what the user saw is what gets posted. A
 * draft invoice reserves its stock lines. Posting, voiding and payments: ./posting.ts, ./payments.ts.
 */

export const RESERVATION_TYPE = "accounting.document";

/** Which side of the books a kind is on, what it is called and numbered. */
export const KIND = {
  invoice: { side: "sales", label: "Invoice", prefix: "INV", credits: null },
  credit_note: { side: "sales", label: "Credit note", prefix: "CN", credits: "invoice" },
  bill: { side: "purchases", label: "Bill", prefix: "BILL", credits: null },
  supplier_credit: { side: "purchases", label: "Supplier credit", prefix: "SC", credits: "bill" },
} as const satisfies Record<DocumentKind, { side: "sales" | "purchases"; label: string; prefix: string; credits: DocumentKind | null }>;

const decimalText = (pattern: (text: string) => bigint | null, message: string) =>
  z
    .union([z.string(), z.number()])
    .transform((value) => String(value).trim())
    .refine((value) => pattern(value) !== null, message);

const lineInput = z.object({
  productId: z.uuid().nullish(),
  description: optionalText(1000, "A line's description", { multiline: true }),
  quantity: decimalText(parseQuantity, "Enter a quantity like 2 or 1.5 (at most 6 decimals).").refine((q) => parseQuantity(q)! > 0n, "The quantity must be above zero."),
  /** Minor units (1250 is 12.50), up to 6 decimals; a product's price when left out. */
  unitPrice: decimalText(parseUnitPrice, "Enter the unit price in minor units, like 1250 for 12.50.").optional(),
  discountPercent: decimalText(parsePercent, "Enter a discount between 0 and 100 %.")
    .refine((d) => parsePercent(d)! <= 1_000_000n, "Enter a discount between 0 and 100 %.")
    .default("0"),
  taxRateIds: z.array(z.uuid()).max(5, "A line can have at most 5 tax rates.").default([]),
  /** Income (invoice) or expense/asset (bill) account; default sales, or inventory for a bill's stock lines. */
  accountId: z.uuid().nullish(),
});

const isoDay = z.iso.date("Enter the date like 2026-03-31.");

export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "Use a 3-letter currency code, like USD.");

const documentFields = {
  companyId: z.uuid().nullish(),
  contactId: z.uuid().nullish(),
  issueDate: isoDay,
  /** Default: the issue date plus the organization's payment terms. */
  dueDate: isoDay.nullish(),
  currency: currencyCode.optional(),
  reference: optionalText(100, "The reference"),
  notes: optionalText(2000, "The notes", { multiline: true }),
  paymentTerms: optionalText(500, "The payment terms", { multiline: true }),
  warehouseId: z.uuid().nullish(),
  lines: z.array(lineInput).min(1, "Add at least one line.").max(500, "A document can have at most 500 lines."),
};

export const createDocumentInput = z.object({ kind: z.enum(["invoice", "bill"], "Choose invoice or bill."), ...documentFields });
export const updateDocumentInput = z.object({ id: z.uuid(), ...documentFields });

export type Fields = z.output<z.ZodObject<typeof documentFields>>;
/** Credits repeat the taxes of the document they credit, even a rate deactivated since. */
type PrepareOptions = { allowInactiveRates?: boolean };
type Document = typeof accountingDocuments.$inferSelect;

const MISSING = "This document does not exist.";

/** Checks and computes a draft's lines; the values to store. Every problem is reported at once, by field. */
async function prepare(tx: TenantTx, kind: DocumentKind, input: Fields, options: PrepareOptions = {}) {
  const problems: Record<string, string[]> = {};
  const side = KIND[kind].side;
  if (!input.companyId && !input.contactId) problems.companyId = [side === "sales" ? "Choose the customer (a company or a contact)." : "Choose the supplier (a company or a contact)."];
  const party = input.companyId || input.contactId ? await partyFor(tx, input) : null;
  if (party && "missing" in party) problems[`${party.missing}Id`] = [`This ${party.missing} does not exist (or is in the trash).`];
  if (input.dueDate && input.dueDate < input.issueDate) problems.dueDate = ["The due date cannot be before the issue date."];

  const org = await currentOrganization(tx);
  const currency = input.currency ?? org.baseCurrency;
  const settings = await getDocumentSettings(tx);
  const products = await productsForDocuments(tx, input.lines.flatMap((l) => (l.productId ? [l.productId] : [])));
  const rateIds = [...new Set(input.lines.flatMap((l) => l.taxRateIds))];
  const rates = rateIds.length ? await tx.select().from(accountingTaxRates).where(inArray(accountingTaxRates.id, rateIds)) : [];
  const rateById = new Map(rates.map((r) => [r.id, r]));
  const accountIds = [...new Set(input.lines.flatMap((l) => (l.accountId ? [l.accountId] : [])))];
  const accounts = await tx.execute<{ id: string; type: string; active: boolean; name: string; system_key: string | null; currency: string | null }>(sql`
    select id, type::text, active, name, system_key, currency from accounting_accounts
     where id = any(${sql.param(accountIds)}::uuid[]) or system_key in ('sales', 'inventory')`);
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const systemAccount = (key: string) => accounts.find((a) => a.system_key === key);

  const hasStock = input.lines.some((l) => l.productId);
  const warehouse = hasStock ? await warehouseForDocument(tx, input.warehouseId) : null;
  if (hasStock && !warehouse) problems.warehouseId = [input.warehouseId ? "This warehouse does not exist or is archived." : "Choose the warehouse the stock lines ship from (there is no default warehouse)."];

  const lines = input.lines.map((line, i) => {
    const at = (field: string) => `lines.${i}.${field}`;
    const product = line.productId ? products.get(line.productId) : undefined;
    if (line.productId && !product) problems[at("productId")] = ["This product does not exist (or is in the trash)."];
    if (product) {
      const decimals = (parseQuantity(line.quantity)! % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "").length;
      if (decimals > product.unitDecimals) problems[at("quantity")] = [product.unitDecimals === 0 ? `${product.name} is counted in whole ${product.unit}.` : `${product.name} takes at most ${product.unitDecimals} decimals.`];
    }
    let unitPrice = line.unitPrice;
    if (unitPrice === undefined && product) {
      const listed = side === "sales" ? product.salePriceMinor : product.standardCostMinor;
      if (listed === null) problems[at("unitPrice")] = [`${product.name} has no ${side === "sales" ? "sale price" : "standard cost"}: enter the unit price.`];
      else if (product.currency !== currency) problems[at("unitPrice")] = [`${product.name} is priced in ${product.currency}: enter the unit price in ${currency}.`];
      else unitPrice = listed;
    }
    if (unitPrice === undefined && !problems[at("unitPrice")] && !problems[at("productId")]) problems[at("unitPrice")] = ["Enter the unit price."];
    const description = line.description ?? product?.name;
    if (!description) problems[at("description")] = ["Describe the line (or choose a product)."];

    const lineRates = line.taxRateIds.map((id) => rateById.get(id));
    if (lineRates.some((r) => !r)) problems[at("taxRateIds")] = ["This tax rate does not exist."];
    else if (!options.allowInactiveRates && lineRates.some((r) => !r!.active)) problems[at("taxRateIds")] = [`${lineRates.find((r) => !r!.active)!.name} is inactive.`];
    else if (lineRates.some((r) => r!.inclusive) && lineRates.some((r) => !r!.inclusive)) problems[at("taxRateIds")] = ["A line's tax rates must all be included in the price or all added to it."];
    if (new Set(line.taxRateIds).size !== line.taxRateIds.length) problems[at("taxRateIds")] = ["A tax rate is listed twice."];

    let account = line.accountId ? accountById.get(line.accountId) : side === "sales" ? systemAccount("sales") : product ? systemAccount("inventory") : undefined;
    if (line.accountId && !account) problems[at("accountId")] = ["This account does not exist."];
    else if (!account) problems[at("accountId")] = ["Choose the expense account for this line."];
    else if (!account.active) problems[at("accountId")] = [`${account.name} is inactive.`];
    else if (account.currency && account.currency !== currency) problems[at("accountId")] = [`${account.name} is kept in ${account.currency}.`];
    else if (side === "sales" && account.type !== "income") problems[at("accountId")] = ["Choose an income account."];
    else if (side === "purchases" && product && account.system_key !== "inventory") problems[at("accountId")] = [`${product.name} is a stock product: its cost goes to the inventory account.`];
    else if (side === "purchases" && account.type !== "expense" && account.type !== "asset") problems[at("accountId")] = ["Choose an expense or asset account."];
    if (problems[at("accountId")]) account = undefined;
    return { line, product, unitPrice, description: description ?? "", accountId: account?.id, lineRates };
  });
  if (Object.keys(problems).length) throw new ValidationFailed(problems, "The document has problems: see the marked fields.");
  if (!party || "missing" in party) throw new Error("unreachable: the party was checked");

  const computed = lines.map((l, i) => {
    const rates = l.lineRates.map((r) => ({ id: r!.id, ratePercent: r!.ratePercent, inclusive: r!.inclusive }));
    const amounts = computeLine({ quantity: l.line.quantity, unitPrice: l.unitPrice!, discountPercent: l.line.discountPercent, rates }, settings.rounding);
    return {
      row: {
        lineNo: i + 1,
        productId: l.product?.id ?? null,
        description: l.description,
        quantity: l.line.quantity,
        unitPrice: l.unitPrice!,
        discountPercent: l.line.discountPercent,
        accountId: l.accountId!,
        net: amounts.net,
        tax: amounts.tax,
        total: amounts.total,
      },
      taxes: amounts.taxes.map((t) => ({ taxRateId: t.id, ratePercent: rateById.get(t.id)!.ratePercent, inclusive: rateById.get(t.id)!.inclusive, base: t.base, amount: t.amount })),
    };
  });
  const sum = (pick: (c: (typeof computed)[number]) => bigint) => computed.reduce((s, c) => s + pick(c), 0n);
  const dueDate = input.dueDate ?? addDays(input.issueDate, settings.paymentTermsDays);
  return {
    header: {
      companyId: party.companyId,
      contactId: party.contactId,
      partyName: party.name,
      partyEmail: party.email,
      partyAddress: party.address,
      issueDate: input.issueDate,
      dueDate,
      currency,
      reference: input.reference ?? null,
      notes: input.notes ?? null,
      paymentTerms: input.paymentTerms ?? (KIND[kind].credits ? null : settings.paymentTermsDays ? `Payment due within ${settings.paymentTermsDays} days.` : "Payment due on receipt."),
      warehouseId: warehouse?.id ?? null,
      subtotal: sum((c) => c.row.net),
      taxTotal: sum((c) => c.row.tax),
      total: sum((c) => c.row.total),
    },
    computed,
    warehouseId: warehouse?.id ?? null,
  };
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

async function writeLines(tx: TenantTx, documentId: string, computed: Awaited<ReturnType<typeof prepare>>["computed"]): Promise<void> {
  const inserted = await tx
    .insert(accountingDocumentLines)
    .values(computed.map((c) => ({ ...c.row, documentId })))
    .returning({ id: accountingDocumentLines.id, lineNo: accountingDocumentLines.lineNo });
  const idByNo = new Map(inserted.map((l) => [l.lineNo, l.id]));
  const taxes = computed.flatMap((c) => c.taxes.map((t) => ({ ...t, documentId, lineId: idByNo.get(c.row.lineNo)! })));
  if (taxes.length) await tx.insert(accountingDocumentLineTaxes).values(taxes);
}

/** A draft invoice holds the stock of its product lines (released when it is posted, changed or deleted). */
async function reserveLines(tx: TenantTx, actor: Actor, document: { id: string; kind: DocumentKind }, warehouseId: string | null, computed: Awaited<ReturnType<typeof prepare>>["computed"]) {
  await releaseReservations(tx, RESERVATION_TYPE, document.id);
  if (document.kind !== "invoice" || !warehouseId) return;
  const byProduct = new Map<string, bigint>();
  for (const { row } of computed) if (row.productId) byProduct.set(row.productId, (byProduct.get(row.productId) ?? 0n) + parseQuantity(row.quantity)!);
  for (const [productId, quantity] of byProduct) {
    await reserveStock(tx, actor, { productId, warehouseId, quantity: unscaled(quantity, 6n), referenceType: RESERVATION_TYPE, referenceId: document.id });
  }
}

export async function createDocument(tx: TenantTx, actor: Actor, rawInput: z.input<typeof createDocumentInput>) {
  const input = parseInput(createDocumentInput, rawInput);
  const prepared = await prepare(tx, input.kind, input);
  const [document] = await tx.insert(accountingDocuments).values({ kind: input.kind, ...prepared.header }).returning();
  await writeLines(tx, document!.id, prepared.computed);
  await reserveLines(tx, actor, document!, prepared.warehouseId, prepared.computed);
  await recordAudit(tx, { action: `accounting.${input.kind}.drafted`, entityType: "accounting.document", entityId: document!.id, after: auditSummary(document!) });
  return getDocument(tx, document!.id);
}

/** Saves a draft credit note (created by ./posting.ts from the document it credits). */
export async function insertDraftDocument(tx: TenantTx, actor: Actor, kind: DocumentKind, creditOf: string | null, input: Fields, options: PrepareOptions = {}) {
  const prepared = await prepare(tx, kind, input, options);
  const [document] = await tx.insert(accountingDocuments).values({ kind, creditOf, ...prepared.header }).returning();
  await writeLines(tx, document!.id, prepared.computed);
  await reserveLines(tx, actor, document!, prepared.warehouseId, prepared.computed);
  return document!;
}

export async function lockDocument(tx: TenantTx, id: string): Promise<Document> {
  const [document] = await tx.select().from(accountingDocuments).where(eq(accountingDocuments.id, id)).for("update");
  if (!document) throw new NotFound(MISSING);
  return document;
}

async function lockDraft(tx: TenantTx, id: string): Promise<Document> {
  const document = await lockDocument(tx, id);
  if (document.status !== "draft") throw new Conflict(`${KIND[document.kind].label} ${document.number} is ${document.status}: it cannot be changed.${document.status === "posted" ? " Credit or void it instead." : ""}`);
  return document;
}

export async function updateDocument(tx: TenantTx, actor: Actor, rawInput: z.input<typeof updateDocumentInput>) {
  const input = parseInput(updateDocumentInput, rawInput);
  const before = await lockDraft(tx, input.id);
  const prepared = await prepare(tx, before.kind, input, { allowInactiveRates: KIND[before.kind].credits !== null });
  await tx.delete(accountingDocumentLines).where(eq(accountingDocumentLines.documentId, input.id));
  const [after] = await tx
    .update(accountingDocuments)
    .set({ ...prepared.header, updatedAt: new Date() })
    .where(eq(accountingDocuments.id, input.id))
    .returning();
  await writeLines(tx, input.id, prepared.computed);
  await reserveLines(tx, actor, before, prepared.warehouseId, prepared.computed);
  await recordAudit(tx, { action: `accounting.${before.kind}.updated`, entityType: "accounting.document", entityId: input.id, before: auditSummary(before), after: auditSummary(after!) });
  return getDocument(tx, input.id);
}

export async function deleteDocument(tx: TenantTx, _actor: Actor, id: string): Promise<void> {
  const document = await lockDraft(tx, id);
  await releaseReservations(tx, RESERVATION_TYPE, id);
  await tx.delete(accountingDocuments).where(eq(accountingDocuments.id, id));
  await recordAudit(tx, { action: `accounting.${document.kind}.deleted`, entityType: "accounting.document", entityId: id, before: auditSummary(document) });
}

export function auditSummary(d: Document) {
  return { kind: d.kind, number: d.number, party: d.partyName, issueDate: d.issueDate, dueDate: d.dueDate, currency: d.currency, total: d.total.toString(), status: d.status };
}

/* ------------------------------------------------------------------ reads */

export const DISPLAY_STATUSES = ["draft", "open", "partially_paid", "paid", "overdue", "void"] as const;
export type DisplayStatus = (typeof DISPLAY_STATUSES)[number];

/** paid: what payments and credits settled; due: what is left; status as people read it (overdue from the due date, in the organization's time zone). */
const settledSql = sql`coalesce((select sum(a.amount) from accounting_allocations a where a.document_id = d.id and a.voided_at is null), 0)`;
/** For credit notes (and supplier credits): the part applied to documents. */
const appliedSql = sql`coalesce((select sum(a.amount) from accounting_allocations a where a.credit_note_id = d.id and a.voided_at is null), 0)`;
const statusSql = (today: string) => sql`case
  when d.status = 'draft' then 'draft' when d.status = 'void' then 'void'
  when d.kind in ('credit_note', 'supplier_credit') then case when ${appliedSql} >= d.total then 'paid' else 'open' end
  when ${settledSql} >= d.total then 'paid'
  when d.due_date < ${today}::date then 'overdue'
  when ${settledSql} > 0 then 'partially_paid'
  else 'open' end`;

export async function organizationDay(tx: TenantTx): Promise<string> {
  const { timeZone } = await currentOrganization(tx);
  const [row] = await tx.execute<{ day: string }>(sql`select (now() at time zone ${timeZone})::date::text as day`);
  return row!.day;
}

export async function getDocument(tx: TenantTx, id: string) {
  const today = await organizationDay(tx);
  const [row] = await tx.execute<{ settled: string; applied: string; display_status: DisplayStatus; entry_number: string | null; void_entry_number: string | null; credited_number: string | null }>(sql`
    select ${settledSql}::text as settled, ${appliedSql}::text as applied, ${statusSql(today)} as display_status,
           (select number::text from accounting_entries e where e.id = d.entry_id) as entry_number,
           (select number::text from accounting_entries e where e.id = d.void_entry_id) as void_entry_number,
           (select number from accounting_documents o where o.id = d.credit_of) as credited_number
      from accounting_documents d where d.id = ${id}`);
  if (!row) throw new NotFound(MISSING);
  const [document] = await tx.select().from(accountingDocuments).where(eq(accountingDocuments.id, id));
  const lines = await tx.select().from(accountingDocumentLines).where(eq(accountingDocumentLines.documentId, id)).orderBy(accountingDocumentLines.lineNo);
  const taxes = await tx.execute<{ line_id: string; tax_rate_id: string; name: string; rate_percent: string; inclusive: boolean; base: string; amount: string }>(sql`
    select t.line_id, t.tax_rate_id, r.name, t.rate_percent::text, t.inclusive, t.base::text, t.amount::text
      from accounting_document_line_taxes t join accounting_tax_rates r on r.id = t.tax_rate_id
     where t.document_id = ${id} order by r.name`);
  const allocations = await tx.execute<{ id: string; amount: string; date: string; payment_id: string | null; credit_note_id: string | null; source_number: string | null; voided: boolean; document_id: string; document_number: string | null }>(sql`
    select a.id, a.amount::text, a.date::text, a.payment_id, a.credit_note_id, a.voided_at is not null as voided, a.document_id,
           coalesce(cn.number, p.reference, p.method) as source_number, doc.number as document_number
      from accounting_allocations a
      left join accounting_documents cn on cn.id = a.credit_note_id
      left join accounting_payments p on p.id = a.payment_id
      join accounting_documents doc on doc.id = a.document_id
     where a.document_id = ${id} or a.credit_note_id = ${id} order by a.date, a.created_at`);
  const credits = await tx.execute<{ id: string; number: string | null; status: string; total: string }>(sql`
    select id, number, status::text, total::text from accounting_documents where credit_of = ${id} order by created_at`);
  const d = document!;
  const taxesByLine = new Map<string, (typeof taxes)[number][]>();
  for (const t of taxes) taxesByLine.set(t.line_id, [...(taxesByLine.get(t.line_id) ?? []), t]);
  const rateSummary = new Map<string, { taxRateId: string; name: string; ratePercent: string; inclusive: boolean; base: bigint; amount: bigint }>();
  for (const t of taxes) {
    const entry = rateSummary.get(t.tax_rate_id) ?? { taxRateId: t.tax_rate_id, name: t.name, ratePercent: t.rate_percent, inclusive: t.inclusive, base: 0n, amount: 0n };
    entry.base += BigInt(t.base);
    entry.amount += BigInt(t.amount);
    rateSummary.set(t.tax_rate_id, entry);
  }
  const settled = BigInt(row.settled);
  const isCredit = KIND[d.kind].credits !== null;
  return {
    id: d.id,
    kind: d.kind,
    status: d.status,
    displayStatus: row.display_status,
    number: d.number,
    companyId: d.companyId,
    contactId: d.contactId,
    partyName: d.partyName,
    partyEmail: d.partyEmail,
    partyAddress: d.partyAddress,
    issueDate: d.issueDate,
    dueDate: d.dueDate,
    currency: d.currency,
    reference: d.reference,
    notes: d.notes,
    paymentTerms: d.paymentTerms,
    warehouseId: d.warehouseId,
    creditOf: d.creditOf ? { id: d.creditOf, number: row.credited_number } : null,
    subtotal: d.subtotal.toString(),
    taxTotal: d.taxTotal.toString(),
    total: d.total.toString(),
    /** Settled by payments and credits (documents) or applied to documents (credit notes). */
    paid: (isCredit ? BigInt(row.applied) : settled).toString(),
    due: (d.status === "void" ? 0n : d.total - (isCredit ? BigInt(row.applied) : settled)).toString(),
    entry: d.entryId ? { id: d.entryId, number: row.entry_number } : null,
    voidEntry: d.voidEntryId ? { id: d.voidEntryId, number: row.void_entry_number } : null,
    postedAt: d.postedAt,
    voidedAt: d.voidedAt,
    voidReason: d.voidReason,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.lineNo,
      productId: l.productId,
      description: l.description,
      quantity: trimDecimal(l.quantity),
      unitPrice: trimDecimal(l.unitPrice),
      discountPercent: trimDecimal(l.discountPercent),
      accountId: l.accountId,
      net: l.net.toString(),
      tax: l.tax.toString(),
      total: l.total.toString(),
      taxes: (taxesByLine.get(l.id) ?? []).map((t) => ({ taxRateId: t.tax_rate_id, name: t.name, ratePercent: trimDecimal(t.rate_percent), inclusive: t.inclusive, amount: t.amount })),
    })),
    taxSummary: [...rateSummary.values()].map((t) => ({ ...t, ratePercent: trimDecimal(t.ratePercent), base: t.base.toString(), amount: t.amount.toString() })),
    allocations: allocations.map((a) => ({
      id: a.id,
      amount: a.amount,
      date: a.date,
      paymentId: a.payment_id,
      creditNoteId: a.credit_note_id,
      documentId: a.document_id,
      documentNumber: a.document_number,
      source: a.source_number,
      voided: a.voided,
    })),
    credits: credits.map((c) => ({ id: c.id, number: c.number, status: c.status, total: c.total })),
  };
}

export type DocumentView = Awaited<ReturnType<typeof getDocument>>;

function trimDecimal(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

export const listDocumentsInput = z.object({
  kind: z.enum(["invoice", "bill", "credit_note", "supplier_credit"]),
  status: z.enum([...DISPLAY_STATUSES, "unpaid"]).optional(),
  companyId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  /** A number or a party's name. */
  query: plainText().trim().max(100, "Search for at most 100 characters.").optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /** The next page: documents issued before this one's (issueDate, id). */
  before: z.object({ issueDate: isoDay, id: z.uuid() }).nullish(),
});

export async function listDocuments(tx: TenantTx, rawInput: z.input<typeof listDocumentsInput>) {
  const input = parseInput(listDocumentsInput, rawInput);
  const today = await organizationDay(tx);
  const status = statusSql(today);
  const conditions = [
    sql`d.kind = ${input.kind}`,
    input.companyId ? sql`d.company_id = ${input.companyId}` : undefined,
    input.contactId ? sql`d.contact_id = ${input.contactId}` : undefined,
    input.query ? sql`(d.number ilike ${`%${escapeLike(input.query)}%`} or d.party_name ilike ${`%${escapeLike(input.query)}%`} or d.reference ilike ${`%${escapeLike(input.query)}%`})` : undefined,
    input.before ? sql`(d.issue_date, d.id) < (${input.before.issueDate}::date, ${input.before.id}::uuid)` : undefined,
  ].filter(Boolean);
  const statusFilter = input.status === "unpaid" ? sql`where display_status in ('open', 'partially_paid', 'overdue')` : input.status ? sql`where display_status = ${input.status}` : sql``;
  const rows = await tx.execute<{ id: string; kind: DocumentKind; number: string | null; party_name: string; issue_date: string; due_date: string | null; currency: string; total: string; settled: string; display_status: DisplayStatus }>(sql`
    select * from (
      select d.id, d.kind, d.number, d.party_name, d.issue_date::text, d.due_date::text, d.currency, d.total::text,
             (case when d.kind in ('credit_note', 'supplier_credit') then ${appliedSql} else ${settledSql} end)::text as settled, ${status} as display_status
        from accounting_documents d where ${sql.join(conditions as ReturnType<typeof sql>[], sql` and `)}
       order by d.issue_date desc, d.id desc) listed
    ${statusFilter} limit ${input.limit + 1}`);
  const items = rows.slice(0, input.limit).map((r) => ({
    id: r.id,
    kind: r.kind,
    number: r.number,
    partyName: r.party_name,
    issueDate: r.issue_date,
    dueDate: r.due_date,
    currency: r.currency,
    total: r.total,
    paid: r.settled,
    due: r.display_status === "void" ? "0" : (BigInt(r.total) - BigInt(r.settled)).toString(),
    status: r.display_status,
  }));
  const last = items[items.length - 1];
  return { items, next: rows.length > input.limit && last ? { issueDate: last.issueDate, id: last.id } : null };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Documents of a party still open (for the payment form), oldest due first. */
export async function openDocumentsOf(tx: TenantTx, input: { kinds: DocumentKind[]; companyId?: string | null; contactId?: string | null; currency?: string }) {
  const rows = await tx.execute<{ id: string; kind: DocumentKind; number: string; issue_date: string; due_date: string | null; currency: string; total: string; settled: string }>(sql`
    select d.id, d.kind, d.number, d.issue_date::text, d.due_date::text, d.currency, d.total::text, ${settledSql}::text as settled
      from accounting_documents d
     where d.status = 'posted' and d.kind = any(${sql.param(input.kinds)}::accounting_document_kind[])
       and ${input.companyId ? sql`d.company_id = ${input.companyId}` : sql`d.company_id is null and d.contact_id = ${input.contactId ?? null}`}
       ${input.currency ? sql`and d.currency = ${input.currency}` : sql``}
       and ${settledSql} < d.total
     order by d.due_date nulls last, d.issue_date, d.number`);
  return rows.map((r) => ({ id: r.id, kind: r.kind, number: r.number, issueDate: r.issue_date, dueDate: r.due_date, currency: r.currency, total: r.total, due: (BigInt(r.total) - BigInt(r.settled)).toString() }));
}

