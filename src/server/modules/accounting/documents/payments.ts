import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../../db/tenant";
import { invalidateTenantCacheOnCommit } from "../../../platform/cache";
import { Conflict, NotFound, ValidationFailed } from "../../../platform/errors";
import { optionalText, parseInput } from "../../../platform/validate";
import { recordAudit } from "../../audit/service";
import { partyFor } from "../../crm/api";
import { currentOrganization } from "../../orgs/settings";
import { publishEvent } from "../../../jobs/publish";
import { writtenAmount } from "../amounts";
import { ITEM_POSTED } from "../events";
import { insertDraft, organizationToday, postDraft, reverseEntry } from "../entries";
import { accountingAllocations, accountingPayments, type PaymentDirection } from "../schema";
import { currencyCode, KIND, lockDocument } from "./documents";

/*
 * Payments: money in from a customer (debit cash or bank, credit receivable) or out to a
 * supplier (debit payable, credit cash or bank), allocated to the party's open documents.
 * What is not allocated stays the party's credit (an overpayment), to apply later; credit
 * notes not fully applied are credit too. A payment is corrected by voiding it (its entry
 * reversed, its allocations marked void, nothing deleted).
 */

const minorUnits = z
  .union([z.string(), z.number().int()])
  .transform((value) => String(value).trim())
  .refine((value) => /^\d{1,15}$/.test(value) && BigInt(value) > 0n, "Enter an amount above zero in minor units, like 1250 for 12.50.");

const isoDay = z.iso.date("Enter the date like 2026-03-31.");

export const recordPaymentInput = z.object({
  direction: z.enum(["received", "made"], "Choose received (from a customer) or made (to a supplier)."),
  date: isoDay,
  companyId: z.uuid().nullish(),
  contactId: z.uuid().nullish(),
  amount: minorUnits,
  currency: currencyCode.optional(),
  /** Cash or bank; default the bank account. */
  accountId: z.uuid().nullish(),
  method: optionalText(50, "The method"),
  reference: optionalText(100, "The reference"),
  allocations: z.array(z.object({ documentId: z.uuid(), amount: minorUnits })).max(200).default([]),
});

type Side = { kinds: ("invoice" | "bill")[]; control: "receivable" | "payable" };
const SIDE: Record<PaymentDirection, Side> = {
  received: { kinds: ["invoice"], control: "receivable" },
  made: { kinds: ["bill"], control: "payable" },
};

/** The open amount of a document, locked (concurrent payments of one invoice queue here, so it is never over-settled). */
async function lockedDue(tx: TenantTx, documentId: string) {
  const document = await lockDocument(tx, documentId);
  const [row] = await tx.execute<{ settled: string }>(sql`
    select coalesce(sum(amount), 0)::text as settled from accounting_allocations where document_id = ${documentId} and voided_at is null`);
  return { document, due: document.total - BigInt(row!.settled) };
}

const sameParty = (a: { companyId: string | null; contactId: string | null }, b: { companyId: string | null; contactId: string | null }) =>
  a.companyId ? a.companyId === b.companyId : !b.companyId && a.contactId === b.contactId;

async function checkAllocation(
  tx: TenantTx,
  target: { documentId: string; amount: bigint },
  party: { companyId: string | null; contactId: string | null },
  currency: string,
  kinds: string[],
  field: string,
): Promise<string | null> {
  const { document, due } = await lockedDue(tx, target.documentId);
  const label = `${KIND[document.kind].label} ${document.number ?? "(draft)"}`;
  if (!kinds.includes(document.kind)) return `${label} is not ${kinds.includes("invoice") ? "an invoice" : "a bill"}.`;
  if (document.status !== "posted") return `${label} is ${document.status}: only a posted document is paid.`;
  if (!sameParty(party, document)) return `${label} is addressed to ${document.partyName}, not this party.`;
  if (document.currency !== currency) return `${label} is in ${document.currency}; this is in ${currency}.`;
  if (target.amount > due) return `${label} has ${writtenAmount(due.toString(), currency)} ${currency} left to pay: allocate at most that (${field}).`;
  return null;
}

export async function recordPayment(tx: TenantTx, actor: Actor, rawInput: z.input<typeof recordPaymentInput>) {
  const input = parseInput(recordPaymentInput, rawInput);
  const side = SIDE[input.direction];
  const problems: Record<string, string[]> = {};
  if (!input.companyId && !input.contactId) problems.companyId = [input.direction === "received" ? "Choose who paid (a company or a contact)." : "Choose who was paid (a company or a contact)."];
  const party = input.companyId || input.contactId ? await partyFor(tx, input) : null;
  if (party && "missing" in party) problems[`${party.missing}Id`] = [`This ${party.missing} does not exist (or is in the trash).`];
  const currency = input.currency ?? (await currentOrganization(tx)).baseCurrency;
  const [account] = await tx.execute<{ id: string; type: string; active: boolean; name: string; currency: string | null }>(
    input.accountId
      ? sql`select id, type::text, active, name, currency from accounting_accounts where id = ${input.accountId}`
      : sql`select id, type::text, active, name, currency from accounting_accounts where system_key = 'bank'`,
  );
  if (!account) problems.accountId = ["Choose the cash or bank account."];
  else if (account.type !== "asset") problems.accountId = [`${account.name} is not a cash or bank account.`];
  else if (!account.active) problems.accountId = [`${account.name} is inactive.`];
  else if (account.currency && account.currency !== currency) problems.accountId = [`${account.name} is kept in ${account.currency}.`];
  const amount = BigInt(input.amount);
  const allocated = input.allocations.reduce((sum, a) => sum + BigInt(a.amount), 0n);
  if (allocated > amount) problems.allocations = [`The allocations (${writtenAmount(allocated.toString(), currency)}) exceed the payment (${writtenAmount(input.amount, currency)}).`];
  if (new Set(input.allocations.map((a) => a.documentId)).size !== input.allocations.length) problems.allocations = ["A document is listed twice."];
  if (party && !("missing" in party)) {
    for (const [i, allocation] of input.allocations.entries()) {
      const problem = await checkAllocation(tx, { documentId: allocation.documentId, amount: BigInt(allocation.amount) }, party, currency, side.kinds, `line ${i + 1}`);
      if (problem) problems[`allocations.${i}.amount`] = [problem];
    }
  }
  if (Object.keys(problems).length) throw new ValidationFailed(problems, "The payment has problems: see the marked fields.");
  if (!party || "missing" in party) throw new Error("unreachable: the party was checked");

  const [control] = await tx.execute<{ id: string }>(sql`select id from accounting_accounts where system_key = ${side.control}`);
  const common = { currency, companyId: party.companyId, contactId: party.contactId };
  const description = `Payment ${input.direction === "received" ? "from" : "to"} ${party.name}${input.reference ? ` (${input.reference})` : ""}`;
  const lines =
    input.direction === "received"
      ? [
          { ...common, accountId: account!.id, debit: input.amount, description },
          { ...common, accountId: control!.id, credit: input.amount, description },
        ]
      : [
          { ...common, accountId: control!.id, debit: input.amount, description },
          { ...common, accountId: account!.id, credit: input.amount, description },
        ];
  const entryId = await insertDraft(tx, { date: input.date, memo: description, source: "payment", lines });
  await postDraft(tx, actor, entryId);
  const [payment] = await tx
    .insert(accountingPayments)
    .values({
      direction: input.direction,
      date: input.date,
      companyId: party.companyId,
      contactId: party.contactId,
      partyName: party.name,
      amount,
      currency,
      accountId: account!.id,
      method: input.method,
      reference: input.reference,
      entryId,
    })
    .returning();
  if (input.allocations.length) {
    await tx.insert(accountingAllocations).values(input.allocations.map((a) => ({ documentId: a.documentId, paymentId: payment!.id, amount: BigInt(a.amount), date: input.date })));
  }
  await recordAudit(tx, {
    action: `accounting.payment.${input.direction}`,
    entityType: "accounting.payment",
    entityId: payment!.id,
    after: { party: party.name, date: input.date, amount: input.amount, currency, allocations: input.allocations, credit: (amount - allocated).toString() },
  });
  await publishEvent(tx, { event: ITEM_POSTED, data: { kind: input.direction === "received" ? "customer_payment" : "supplier_payment", id: payment!.id } });
  return getPayment(tx, payment!.id);
}

export const applyCreditInput = z.object({
  documentId: z.uuid(),
  /** The payment (an overpayment) or the credit note the credit comes from. */
  paymentId: z.uuid().nullish(),
  creditNoteId: z.uuid().nullish(),
  amount: minorUnits,
});

/** Applies a party's credit (an unallocated payment, an unapplied credit note) to an open document: no money moves, no entry. */
export async function applyCredit(tx: TenantTx, _actor: Actor, rawInput: z.input<typeof applyCreditInput>) {
  const input = parseInput(applyCreditInput, rawInput);
  if (Boolean(input.paymentId) === Boolean(input.creditNoteId)) throw new ValidationFailed({ paymentId: ["Choose the payment or the credit note the credit comes from."] });
  const amount = BigInt(input.amount);
  let source: { party: { companyId: string | null; contactId: string | null }; currency: string; left: bigint; kinds: string[]; label: string; date: string };
  if (input.paymentId) {
    const [payment] = await tx.select().from(accountingPayments).where(eq(accountingPayments.id, input.paymentId)).for("update");
    if (!payment) throw new NotFound("This payment does not exist.");
    if (payment.voidedAt) throw new Conflict("This payment is void.");
    const [row] = await tx.execute<{ used: string }>(sql`select coalesce(sum(amount), 0)::text as used from accounting_allocations where payment_id = ${payment.id} and voided_at is null`);
    source = { party: payment, currency: payment.currency, left: payment.amount - BigInt(row!.used), kinds: SIDE[payment.direction].kinds, label: `the payment of ${payment.date}`, date: payment.date };
  } else {
    const credit = await lockDocument(tx, input.creditNoteId!);
    const creditKind = KIND[credit.kind];
    if (!creditKind.credits) throw new ValidationFailed({ creditNoteId: ["This document is not a credit note."] });
    if (credit.status !== "posted") throw new Conflict(`${creditKind.label} ${credit.number ?? "(draft)"} is ${credit.status}.`);
    const [row] = await tx.execute<{ used: string }>(sql`select coalesce(sum(amount), 0)::text as used from accounting_allocations where credit_note_id = ${credit.id} and voided_at is null`);
    source = { party: credit, currency: credit.currency, left: credit.total - BigInt(row!.used), kinds: [creditKind.credits], label: `${creditKind.label} ${credit.number}`, date: credit.issueDate };
  }
  if (amount > source.left) throw new ValidationFailed({ amount: [`${source.label} has ${writtenAmount(source.left.toString(), source.currency)} ${source.currency} of credit left.`] });
  const problem = await checkAllocation(tx, { documentId: input.documentId, amount }, source.party, source.currency, source.kinds, "amount");
  if (problem) throw new ValidationFailed({ amount: [problem] });
  const today = await organizationToday(tx);
  const [allocation] = await tx
    .insert(accountingAllocations)
    .values({ documentId: input.documentId, paymentId: input.paymentId ?? null, creditNoteId: input.creditNoteId ?? null, amount, date: today > source.date ? today : source.date })
    .returning();
  // No entry is posted: the allocation alone changes what is owed (the dashboard's AR).
  invalidateTenantCacheOnCommit(tx, "analytics");
  await recordAudit(tx, { action: "accounting.credit.applied", entityType: "accounting.document", entityId: input.documentId, after: { from: source.label, amount: input.amount, currency: source.currency, allocationId: allocation!.id } });
  return allocation!;
}

export const voidPaymentInput = z.object({ id: z.uuid(), date: isoDay.optional(), reason: optionalText(500, "The reason") });

export async function voidPayment(tx: TenantTx, actor: Actor, rawInput: z.input<typeof voidPaymentInput>) {
  const input = parseInput(voidPaymentInput, rawInput);
  const [payment] = await tx.select().from(accountingPayments).where(eq(accountingPayments.id, input.id)).for("update");
  if (!payment) throw new NotFound("This payment does not exist.");
  if (payment.voidedAt) throw new Conflict("This payment is already void.");
  const reversal = await reverseEntry(tx, actor, { id: payment.entryId, date: input.date, memo: `Void of the payment of ${payment.date} (${payment.partyName})${input.reason ? `: ${input.reason}` : ""}` });
  await tx.execute(sql`update accounting_allocations set voided_at = now() where payment_id = ${payment.id} and voided_at is null`);
  await tx.update(accountingPayments).set({ voidedAt: new Date(), voidEntryId: reversal.id }).where(eq(accountingPayments.id, payment.id));
  await recordAudit(tx, { action: "accounting.payment.voided", entityType: "accounting.payment", entityId: payment.id, before: { party: payment.partyName, date: payment.date, amount: payment.amount.toString() }, after: { reason: input.reason ?? null } });
  return getPayment(tx, payment.id);
}

export async function getPayment(tx: TenantTx, id: string) {
  const [payment] = await tx.select().from(accountingPayments).where(eq(accountingPayments.id, id));
  if (!payment) throw new NotFound("This payment does not exist.");
  const allocations = await tx.execute<{ id: string; document_id: string; kind: string; number: string; amount: string; date: string; voided: boolean }>(sql`
    select a.id, a.document_id, d.kind::text, d.number, a.amount::text, a.date::text, a.voided_at is not null as voided
      from accounting_allocations a join accounting_documents d on d.id = a.document_id
     where a.payment_id = ${id} order by a.created_at`);
  const [entry] = await tx.execute<{ number: string | null }>(sql`select number::text from accounting_entries where id = ${payment.entryId}`);
  const used = allocations.filter((a) => !a.voided).reduce((sum, a) => sum + BigInt(a.amount), 0n);
  const { tenantId: _t, ...fields } = payment;
  return {
    ...fields,
    amount: payment.amount.toString(),
    /** Not allocated to any document: the party's credit. */
    unallocated: payment.voidedAt ? "0" : (payment.amount - used).toString(),
    entryNumber: entry?.number ?? null,
    allocations: allocations.map((a) => ({ id: a.id, documentId: a.document_id, kind: a.kind, number: a.number, amount: a.amount, date: a.date, voided: a.voided })),
  };
}

export const listPaymentsInput = z.object({
  direction: z.enum(["received", "made"]).optional(),
  companyId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  limit: z.number().int().min(1).max(200).default(50),
  before: z.object({ date: isoDay, id: z.uuid() }).nullish(),
});

export async function listPayments(tx: TenantTx, rawInput: z.input<typeof listPaymentsInput>) {
  const input = parseInput(listPaymentsInput, rawInput);
  const conditions = [
    input.direction ? sql`p.direction = ${input.direction}` : undefined,
    input.companyId ? sql`p.company_id = ${input.companyId}` : undefined,
    input.contactId ? sql`p.contact_id = ${input.contactId}` : undefined,
    input.before ? sql`(p.date, p.id) < (${input.before.date}::date, ${input.before.id}::uuid)` : undefined,
  ].filter((c): c is ReturnType<typeof sql> => Boolean(c));
  const rows = await tx.execute<{ id: string; direction: PaymentDirection; date: string; party_name: string; amount: string; currency: string; method: string | null; reference: string | null; voided: boolean; used: string }>(sql`
    select p.id, p.direction, p.date::text, p.party_name, p.amount::text, p.currency, p.method, p.reference, p.voided_at is not null as voided,
           coalesce((select sum(a.amount) from accounting_allocations a where a.payment_id = p.id and a.voided_at is null), 0)::text as used
      from accounting_payments p ${conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
     order by p.date desc, p.id desc limit ${input.limit + 1}`);
  const items = rows.slice(0, input.limit).map((r) => ({
    id: r.id,
    direction: r.direction,
    date: r.date,
    partyName: r.party_name,
    amount: r.amount,
    currency: r.currency,
    method: r.method,
    reference: r.reference,
    voided: r.voided,
    unallocated: r.voided ? "0" : (BigInt(r.amount) - BigInt(r.used)).toString(),
  }));
  const last = items[items.length - 1];
  return { items, next: rows.length > input.limit && last ? { date: last.date, id: last.id } : null };
}

export const partyCreditInput = z.object({ direction: z.enum(["received", "made"]), companyId: z.uuid().nullish(), contactId: z.uuid().nullish() });

/** A party's credit to apply: unallocated payments and unapplied credit notes, oldest first. */
export async function partyCredit(tx: TenantTx, rawInput: z.input<typeof partyCreditInput>) {
  const input = parseInput(partyCreditInput, rawInput);
  const partyCondition = (alias: string) =>
    input.companyId ? sql`${sql.raw(alias)}.company_id = ${input.companyId}` : sql`${sql.raw(alias)}.company_id is null and ${sql.raw(alias)}.contact_id = ${input.contactId ?? null}`;
  const creditKind = input.direction === "received" ? "credit_note" : "supplier_credit";
  const rows = await tx.execute<{ source: "payment" | "credit_note"; id: string; label: string; date: string; currency: string; left: string }>(sql`
    select 'payment' as source, p.id, coalesce(p.reference, p.method, 'Payment') as label, p.date::text, p.currency,
           (p.amount - coalesce((select sum(a.amount) from accounting_allocations a where a.payment_id = p.id and a.voided_at is null), 0))::text as left
      from accounting_payments p where p.direction = ${input.direction} and p.voided_at is null and ${partyCondition("p")}
    union all
    select 'credit_note', d.id, d.number, d.issue_date::text, d.currency,
           (d.total - coalesce((select sum(a.amount) from accounting_allocations a where a.credit_note_id = d.id and a.voided_at is null), 0))::text
      from accounting_documents d where d.kind = ${creditKind} and d.status = 'posted' and ${partyCondition("d")}
     order by 4, 3`);
  return rows.filter((r) => BigInt(r.left) > 0n).map((r) => ({ source: r.source, id: r.id, label: r.label, date: r.date, currency: r.currency, left: r.left }));
}
