import { sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/tenant";
import { parseInput, plainText } from "../../../platform/validate";
import { normalizeDomain } from "../companies/companies";
import { normalizePhone } from "../contacts/contacts";
import {
  COMPANY_NAME_SIMILARITY,
  CONTACT_NAME_SIMILARITY,
  SHARED_PHONE_LIMIT,
  companyKey,
  companySummaries,
  contactSummaries,
  type CompanySummary,
  type ContactSummary,
} from "./duplicates";

/*
 * While a contact or company is being created: existing records it looks like, by the
 * rules of the merge screen (duplicates.ts) — same phone, or a similar name at the same
 * company, for contacts; same domain, same name key, or a very similar name, for
 * companies. Only records the caller can see take part (their own visibility policies).
 */

const WARN_LIMIT = 5;
const text = (max: number) => plainText().trim().max(max).optional();

export const draftDuplicatesInput = z.discriminatedUnion("entityType", [
  z.strictObject({
    entityType: z.literal("contact"),
    firstName: text(100),
    lastName: text(100),
    companyId: z.uuid().nullish(),
    phones: z.array(plainText().max(50)).max(10).default([]),
  }),
  z.strictObject({ entityType: z.literal("company"), name: text(200), domain: text(300) }),
]);

export type DraftMatch<S> = { record: S; reasons: string[] };

export async function draftDuplicates(
  tx: TenantTx,
  rawInput: z.input<typeof draftDuplicatesInput>,
): Promise<{ entityType: "contact"; matches: DraftMatch<ContactSummary>[] } | { entityType: "company"; matches: DraftMatch<CompanySummary>[] }> {
  const input = parseInput(draftDuplicatesInput, rawInput);
  const reasons = new Map<string, string[]>();
  const add = (id: string, reason: string) => reasons.set(id, [...(reasons.get(id) ?? []), reason]);
  if (input.entityType === "contact") {
    const phones = [...new Set(input.phones.map(normalizePhone).filter((p) => p.replace(/\D/g, "").length >= 6))];
    if (phones.length) {
      const rows = await tx.execute<{ id: string; phone: string }>(sql`
        select distinct o.contact_id as id, o.value as phone from crm_contact_channels o
         where o.kind = 'phone' and o.normalized = any(${sql.param(phones)}::text[])
           and (select count(*) from crm_contact_channels s where s.kind = 'phone' and s.normalized = o.normalized) <= ${SHARED_PHONE_LIMIT}
           and (select b.merged_into_id is null and b.deleted_at is null from crm_contacts b where b.id = o.contact_id)`);
      for (const row of rows) add(row.id, `Same phone number (${row.phone})`);
    }
    const name = `${input.firstName ?? ""} ${input.lastName ?? ""}`.trim().toLowerCase();
    if (input.companyId && name.length >= 3) {
      const rows = await tx.execute<{ id: string; similarity: number }>(sql`
        select b.id, similarity(${name}, lower(trim(b.first_name || ' ' || b.last_name))) as similarity
          from crm_contacts b where b.company_id = ${input.companyId} and b.merged_into_id is null and b.deleted_at is null`);
      for (const row of rows) if (Number(row.similarity) >= CONTACT_NAME_SIMILARITY) add(row.id, "Similar name at the same company");
    }
    const records = await contactSummaries(tx, [...reasons.keys()].slice(0, WARN_LIMIT));
    return { entityType: "contact", matches: [...records.values()].map((record) => ({ record, reasons: reasons.get(record.id)! })) };
  }
  const domain = input.domain ? normalizeDomain(input.domain) : null;
  if (domain) {
    const rows = await tx.execute<{ id: string }>(sql`select id from crm_companies where domain = ${domain} and merged_into_id is null and deleted_at is null`);
    for (const row of rows) add(row.id, `Same domain (${domain})`);
  }
  const name = input.name?.toLowerCase() ?? "";
  if (name.length >= 3) {
    const rows = await tx.execute<{ id: string; same_key: boolean; similarity: number }>(sql`
      select b.id, ${companyKey(sql`b.name`)} = ${companyKey(sql`${name}::text`)} as same_key, similarity(${name}, lower(b.name)) as similarity
        from crm_companies b where b.merged_into_id is null and b.deleted_at is null`);
    for (const row of rows) {
      if (row.same_key) add(row.id, "Same name apart from case, punctuation or legal form");
      else if (Number(row.similarity) >= COMPANY_NAME_SIMILARITY) add(row.id, "Very similar name");
    }
  }
  const records = await companySummaries(tx, [...reasons.keys()].slice(0, WARN_LIMIT));
  return { entityType: "company", matches: [...records.values()].map((record) => ({ record, reasons: reasons.get(record.id)! })) };
}
