import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";

/*
 * Small reads for the analytics dashboard (issue 16), over accounting's own tables. Sales
 * are posted invoices less posted credit notes by issue date, net of tax (the documents'
 * subtotal, the lines' net), in minor units per currency: never added across currencies.
 * Voided documents are left out.
 */

/** The ids of the cash and bank accounts (the standard chart's `cash` and `bank`) and of their sub-accounts. */
export async function cashAccountIds(tx: TenantTx): Promise<string[]> {
  const rows = await tx.execute<{ id: string }>(sql`
    with recursive cash(id) as (
      select id from accounting_accounts where system_key in ('cash', 'bank')
      union
      select a.id from accounting_accounts a join cash c on a.parent_id = c.id)
    select id from cash`);
  return rows.map((r) => r.id);
}

export type PartySales = { companyId: string | null; contactId: string | null; partyName: string; currency: string; amountMinor: bigint; documents: number };

const SALE_SIGN = sql`case when d.kind = 'credit_note' then -1 else 1 end`;

/** The customers with the largest sales in from..to (inclusive), per currency, largest first. */
export async function topCustomers(tx: TenantTx, range: { from: string; to: string; limit: number }): Promise<PartySales[]> {
  const rows = await tx.execute<{ company_id: string | null; contact_id: string | null; party_name: string; currency: string; amount: string; documents: number }>(sql`
    select d.company_id, d.contact_id, max(d.party_name) as party_name, d.currency,
           sum(${SALE_SIGN} * d.subtotal)::text as amount, count(*)::int as documents
      from accounting_documents d
     where d.kind in ('invoice', 'credit_note') and d.status = 'posted' and d.issue_date between ${range.from}::date and ${range.to}::date
     group by d.company_id, d.contact_id, d.currency
    having sum(${SALE_SIGN} * d.subtotal) > 0
     order by sum(${SALE_SIGN} * d.subtotal) desc, max(d.party_name), d.currency
     limit ${range.limit}`);
  return rows.map((r) => ({ companyId: r.company_id, contactId: r.contact_id, partyName: r.party_name, currency: r.currency, amountMinor: BigInt(r.amount), documents: r.documents }));
}

export type ProductSales = { productId: string; currency: string; amountMinor: bigint; quantity: string };

/** The products with the largest sales (lines' net) in from..to (inclusive), per currency, largest first. */
export async function topProducts(tx: TenantTx, range: { from: string; to: string; limit: number }): Promise<ProductSales[]> {
  const rows = await tx.execute<{ product_id: string; currency: string; amount: string; quantity: string }>(sql`
    select l.product_id, d.currency, sum(${SALE_SIGN} * l.net)::text as amount, sum(${SALE_SIGN} * l.quantity)::text as quantity
      from accounting_documents d join accounting_document_lines l on l.document_id = d.id
     where d.kind in ('invoice', 'credit_note') and d.status = 'posted' and d.issue_date between ${range.from}::date and ${range.to}::date
       and l.product_id is not null
     group by l.product_id, d.currency
    having sum(${SALE_SIGN} * l.net) > 0
     order by sum(${SALE_SIGN} * l.net) desc, l.product_id, d.currency
     limit ${range.limit}`);
  return rows.map((r) => ({ productId: r.product_id, currency: r.currency, amountMinor: BigInt(r.amount), quantity: r.quantity.replace(/\.?0+$/, "") }));
}
