import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";

/*
 * What other modules may read of CRM (accounting's invoices and bills name a customer or
 * supplier). Live records only: trashed or merged ones are not a party to new documents.
 */

export type Party = { companyId: string | null; contactId: string | null; name: string; email: string | null; address: string | null };

function addressOf(row: { address_line: string | null; city: string | null; region: string | null; postal_code: string | null; country: string | null }): string | null {
  const cityLine = [row.postal_code, row.city, row.region].filter(Boolean).join(" ");
  const lines = [row.address_line, cityLine, row.country].filter((line): line is string => Boolean(line && line.trim()));
  return lines.length ? lines.join("\n") : null;
}

/** The company and/or contact a document is addressed to (a contact's own company when only the contact is given); null fields when not found. */
export async function partyFor(tx: TenantTx, ids: { companyId?: string | null; contactId?: string | null }): Promise<Party | { missing: "company" | "contact" }> {
  let contact: { id: string; name: string; email: string | null; company_id: string | null } | undefined;
  if (ids.contactId) {
    [contact] = await tx.execute<{ id: string; name: string; email: string | null; company_id: string | null }>(sql`
      select id, trim(first_name || ' ' || last_name) as name, primary_email as email, company_id from crm_contacts
       where id = ${ids.contactId} and deleted_at is null and merged_into_id is null`);
    if (!contact) return { missing: "contact" };
  }
  const companyId = ids.companyId ?? null;
  let company: { id: string; name: string; address_line: string | null; city: string | null; region: string | null; postal_code: string | null; country: string | null } | undefined;
  if (companyId) {
    [company] = await tx.execute<NonNullable<typeof company>>(sql`
      select id, name, address_line, city, region, postal_code, country from crm_companies
       where id = ${companyId} and deleted_at is null and merged_into_id is null`);
    if (!company) return { missing: "company" };
  } else if (contact?.company_id) {
    [company] = await tx.execute<NonNullable<typeof company>>(sql`
      select id, name, address_line, city, region, postal_code, country from crm_companies
       where id = ${contact.company_id} and deleted_at is null and merged_into_id is null`);
  }
  return {
    companyId: companyId,
    contactId: contact?.id ?? null,
    name: companyId && company ? company.name : contact!.name,
    email: contact?.email ?? null,
    address: company ? addressOf(company) : null,
  };
}
