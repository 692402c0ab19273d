import { sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/tenant";
import { ValidationFailed } from "../../../platform/errors";
import { parseInput } from "../../../platform/validate";
import { writtenAmount as w } from "../amounts";
import { organizationDay } from "./documents";

/*
 * Reports over documents, computed in SQL:
 *  - aging: what each customer owes (receivables) or is owed to each supplier (payables) as of
 *    a day, by how late it is: current, 1–30, 31–60, 61–90, over 90 days past due. A document
 *    counts if issued by then and not voided by then, less what payments and credits settled
 *    by then; unapplied credit (overpayments, credit notes) is shown beside it.
 *  - tax: per rate, the taxable base and the tax of sales and of purchases in a date range:
 *    documents by issue date, credits negative, a void taking its document back out on the
 *    void's date (the day its reversal is booked), so the report agrees with the tax account.
 */

const isoDay = z.iso.date("Enter the date like 2026-03-31.");

export const AGING_BUCKETS = ["current", "days1to30", "days31to60", "days61to90", "over90"] as const;
type Bucket = (typeof AGING_BUCKETS)[number];

export const agingInput = z.object({ side: z.enum(["receivables", "payables"]), asOf: isoDay.nullish() });

type AgingDocument = { id: string; number: string; partyKey: string; partyName: string; companyId: string | null; contactId: string | null; currency: string; issueDate: string; dueDate: string | null; daysLate: number; open: string; bucket: Bucket };

export async function agingReport(tx: TenantTx, rawInput: z.input<typeof agingInput>) {
  const input = parseInput(agingInput, rawInput);
  const asOf = input.asOf ?? (await organizationDay(tx));
  const kind = input.side === "receivables" ? "invoice" : "bill";
  const creditKind = input.side === "receivables" ? "credit_note" : "supplier_credit";
  const direction = input.side === "receivables" ? "received" : "made";
  // A void counts from the day its reversal entry is dated.
  const notVoidedBy = (alias: string) =>
    sql`(${sql.raw(alias)}.status = 'posted' or (${sql.raw(alias)}.status = 'void' and (select e.date from accounting_entries e where e.id = ${sql.raw(alias)}.void_entry_id) > ${asOf}::date))`;
  const liveAllocation = sql`a.date <= ${asOf}::date and (a.voided_at is null or (a.voided_at at time zone 'UTC')::date > ${asOf}::date)`;
  const documents = await tx.execute<{ id: string; number: string; company_id: string | null; contact_id: string | null; party_name: string; currency: string; issue_date: string; due_date: string | null; days_late: number; open: string }>(sql`
    select d.id, d.number, d.company_id, d.contact_id, d.party_name, d.currency, d.issue_date::text, d.due_date::text,
           (${asOf}::date - coalesce(d.due_date, d.issue_date)) as days_late,
           (d.total - coalesce((select sum(a.amount) from accounting_allocations a where a.document_id = d.id and ${liveAllocation}), 0))::text as open
      from accounting_documents d
     where d.kind = ${kind} and d.issue_date <= ${asOf}::date and ${notVoidedBy("d")}
       and d.total > coalesce((select sum(a.amount) from accounting_allocations a where a.document_id = d.id and ${liveAllocation}), 0)
     order by d.party_name, d.due_date nulls last, d.number`);
  const credits = await tx.execute<{ company_id: string | null; contact_id: string | null; party_name: string; currency: string; credit: string }>(sql`
    select company_id, contact_id, party_name, currency, sum(left_over)::text as credit from (
      select p.company_id, p.contact_id, p.party_name, p.currency,
             p.amount - coalesce((select sum(a.amount) from accounting_allocations a where a.payment_id = p.id and ${liveAllocation}), 0) as left_over
        from accounting_payments p
       where p.direction = ${direction} and p.date <= ${asOf}::date
         and (p.void_entry_id is null or (select e.date from accounting_entries e where e.id = p.void_entry_id) > ${asOf}::date)
      union all
      select d.company_id, d.contact_id, d.party_name, d.currency,
             d.total - coalesce((select sum(a.amount) from accounting_allocations a where a.credit_note_id = d.id and ${liveAllocation}), 0)
        from accounting_documents d
       where d.kind = ${creditKind} and d.issue_date <= ${asOf}::date and ${notVoidedBy("d")}) c
     where left_over > 0 group by company_id, contact_id, party_name, currency`);

  const partyKey = (r: { company_id: string | null; contact_id: string | null; currency: string }) => `${r.company_id ? `company:${r.company_id}` : `contact:${r.contact_id}`}:${r.currency}`;
  const bucketOf = (days: number): Bucket => (days <= 0 ? "current" : days <= 30 ? "days1to30" : days <= 60 ? "days31to60" : days <= 90 ? "days61to90" : "over90");
  const emptyBuckets = () => Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0n])) as Record<Bucket, bigint>;
  type Party = { key: string; partyName: string; companyId: string | null; contactId: string | null; currency: string; buckets: Record<Bucket, bigint>; total: bigint; credit: bigint; documents: AgingDocument[] };
  const parties = new Map<string, Party>();
  const partyFor = (r: { company_id: string | null; contact_id: string | null; party_name: string; currency: string }) => {
    const key = partyKey(r);
    let party = parties.get(key);
    if (!party) {
      party = { key, partyName: r.party_name, companyId: r.company_id, contactId: r.contact_id, currency: r.currency, buckets: emptyBuckets(), total: 0n, credit: 0n, documents: [] };
      parties.set(key, party);
    }
    return party;
  };
  for (const d of documents) {
    const party = partyFor(d);
    const open = BigInt(d.open);
    const bucket = bucketOf(Number(d.days_late));
    party.buckets[bucket] += open;
    party.total += open;
    party.documents.push({ id: d.id, number: d.number, partyKey: party.key, partyName: d.party_name, companyId: d.company_id, contactId: d.contact_id, currency: d.currency, issueDate: d.issue_date, dueDate: d.due_date, daysLate: Math.max(0, Number(d.days_late)), open: d.open, bucket });
  }
  for (const c of credits) partyFor(c).credit += BigInt(c.credit);

  const totals = new Map<string, { buckets: Record<Bucket, bigint>; total: bigint; credit: bigint }>();
  for (const p of parties.values()) {
    const t = totals.get(p.currency) ?? { buckets: emptyBuckets(), total: 0n, credit: 0n };
    for (const b of AGING_BUCKETS) t.buckets[b] += p.buckets[b];
    t.total += p.total;
    t.credit += p.credit;
    totals.set(p.currency, t);
  }
  const text = (buckets: Record<Bucket, bigint>) => Object.fromEntries(AGING_BUCKETS.map((b) => [b, buckets[b].toString()])) as Record<Bucket, string>;
  return {
    side: input.side,
    asOf,
    parties: [...parties.values()]
      .sort((a, b) => a.partyName.localeCompare(b.partyName) || a.currency.localeCompare(b.currency))
      .map((p) => ({ key: p.key, partyName: p.partyName, companyId: p.companyId, contactId: p.contactId, currency: p.currency, buckets: text(p.buckets), total: p.total.toString(), credit: p.credit.toString(), documents: p.documents })),
    totals: [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, t]) => ({ currency, buckets: text(t.buckets), total: t.total.toString(), credit: t.credit.toString() })),
  };
}

export const taxReportInput = z.object({ from: isoDay, to: isoDay }).refine((r) => r.from <= r.to, { message: "The start must be on or before the end.", path: ["to"] });

export async function taxReport(tx: TenantTx, rawInput: z.input<typeof taxReportInput>) {
  const input = parseInput(taxReportInput, rawInput);
  const rows = await tx.execute<{ tax_rate_id: string; name: string; rate_percent: string; inclusive: boolean; side: "sales" | "purchases"; currency: string; base: string; tax: string; documents: number }>(sql`
    with movements as (
      select d.id, d.kind, d.currency, 1 as sign from accounting_documents d
       where d.status <> 'draft' and d.issue_date between ${input.from}::date and ${input.to}::date
      union all
      select d.id, d.kind, d.currency, -1 from accounting_documents d join accounting_entries e on e.id = d.void_entry_id
       where d.status = 'void' and e.date between ${input.from}::date and ${input.to}::date)
    select t.tax_rate_id, r.name, r.rate_percent::text, r.inclusive,
           case when m.kind in ('invoice', 'credit_note') then 'sales' else 'purchases' end as side, m.currency,
           sum(m.sign * case when m.kind in ('credit_note', 'supplier_credit') then -1 else 1 end * t.base)::text as base,
           sum(m.sign * case when m.kind in ('credit_note', 'supplier_credit') then -1 else 1 end * t.amount)::text as tax,
           count(distinct m.id)::int as documents
      from movements m join accounting_document_line_taxes t on t.document_id = m.id join accounting_tax_rates r on r.id = t.tax_rate_id
     group by t.tax_rate_id, r.name, r.rate_percent, r.inclusive, side, m.currency
     order by side desc, r.name, m.currency`);
  const net = new Map<string, bigint>();
  for (const r of rows) net.set(r.currency, (net.get(r.currency) ?? 0n) + (r.side === "sales" ? BigInt(r.tax) : -BigInt(r.tax)));
  return {
    from: input.from,
    to: input.to,
    rows: rows.map((r) => ({ taxRateId: r.tax_rate_id, name: r.name, ratePercent: r.rate_percent.replace(/\.?0+$/, ""), inclusive: r.inclusive, side: r.side, currency: r.currency, base: r.base, tax: r.tax, documents: r.documents })),
    /** Tax collected on sales less tax paid on purchases, per currency: what is owed to the tax office (negative: reclaimable). */
    net: [...net.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount: amount.toString() })),
  };
}

export const DOCUMENT_REPORTS = ["ar-aging", "ap-aging", "tax"] as const;
export type DocumentReportName = (typeof DOCUMENT_REPORTS)[number];

const BUCKET_HEADERS = ["current", "1-30", "31-60", "61-90", "over 90"];

/** The reports as CSV rows (header first), amounts as written (12.50, not 1250). */
export async function documentReportRows(tx: TenantTx, report: DocumentReportName, range: { from: string | null; to: string | null }): Promise<string[][]> {
  if (report === "tax") {
    if (!range.from || !range.to) throw new ValidationFailed({ from: ["Choose the period: from and to."] });
    const tax = await taxReport(tx, { from: range.from, to: range.to });
    return [
      ["side", "tax rate", "rate %", "currency", "taxable base", "tax", "documents"],
      ...tax.rows.map((r) => [r.side, r.name, r.ratePercent, r.currency, w(r.base, r.currency), w(r.tax, r.currency), String(r.documents)]),
      ...tax.net.map((n) => ["net tax due", "", "", n.currency, "", w(n.amount, n.currency), ""]),
    ];
  }
  const aging = await agingReport(tx, { side: report === "ar-aging" ? "receivables" : "payables", asOf: range.to });
  return [
    [report === "ar-aging" ? "customer" : "supplier", "currency", ...BUCKET_HEADERS, "total", "unapplied credit"],
    ...aging.parties.map((p) => [p.partyName, p.currency, ...AGING_BUCKETS.map((b) => w(p.buckets[b], p.currency)), w(p.total, p.currency), w(p.credit, p.currency)]),
    ...aging.totals.map((t) => ["total", t.currency, ...AGING_BUCKETS.map((b) => w(t.buckets[b], t.currency)), w(t.total, t.currency), w(t.credit, t.currency)]),
  ];
}
