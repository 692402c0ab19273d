import { sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/tenant";

/*
 * How an imported row finds the contact it duplicates, rule by rule: by email, then by
 * phone, then by name and company — so re-importing a file whose first import had no
 * emails updates (or skips) the contacts it made instead of doubling them. A row with
 * emails matches by phone or name only a contact that has no email: two people with
 * different emails sharing a switchboard number stay two people. Keys are "<rule>:<value>";
 * a rule ending in "?" holds only for contacts without an email.
 */

type Rule = "email" | "phone" | "phone?" | "name" | "name?";

const RULE_ORDER: Record<Rule, number> = { email: 0, phone: 1, "phone?": 1, name: 2, "name?": 2 };

const fold = (text: string) => text.trim().replace(/\s+/g, " ").toLocaleLowerCase("en-US");

export type MatchFacts = { emails: string[]; phones: string[]; firstName: string; lastName: string; company: string | null };

/** The keys a row (or a record) is found by; `emails` and `phones` normalized. */
export function contactKeys({ emails, phones, firstName, lastName, company }: MatchFacts): string[] {
  const strict = emails.length > 0;
  const name = fold(`${firstName} ${lastName}`);
  return [
    ...emails.map((email) => `email:${email}`),
    ...phones.flatMap((phone) => (strict ? [`phone?:${phone}`] : [`phone:${phone}`, `phone?:${phone}`])),
    ...(name && company ? (strict ? [`name?:${name}|${fold(company)}`] : [`name:${name}|${fold(company)}`, `name?:${name}|${fold(company)}`]) : []),
  ];
}

function split(key: string): { rule: Rule; value: string } {
  const at = key.indexOf(":");
  return { rule: key.slice(0, at) as Rule, value: key.slice(at + 1) };
}

export const matchRuleOf = (key: string) => RULE_ORDER[split(key).rule];

export function describeContactKey(key: string): string {
  const { rule, value } = split(key);
  if (rule === "email") return `the email ${value}`;
  if (rule === "phone" || rule === "phone?") return `the phone ${value}`;
  const [name, company] = value.split("|");
  return `the name ${name} at ${company}`;
}

/**
 * Existing contacts holding the keys: id, or null when the holder is one the member may not
 * see (channels are not filtered by record visibility; names are, so a hidden namesake is not found).
 */
export async function lookupContactKeys(tx: TenantTx, keys: string[]): Promise<Map<string, string | null>> {
  const byRule = new Map<Rule, string[]>();
  for (const key of keys) {
    const { rule, value } = split(key);
    byRule.set(rule, [...(byRule.get(rule) ?? []), value]);
  }
  // A holder in the trash reads as a hidden one (null): the row is reported, never merged into a trashed contact.
  const found = new Map<string, string | null>();
  const emails = byRule.get("email") ?? [];
  if (emails.length) {
    const rows = await tx.execute<{ normalized: string; contact_id: string | null }>(sql`
      select ch.normalized, case when c.deleted_at is null then coalesce(c.merged_into_id, c.id) end as contact_id
        from crm_contact_channels ch
        left join crm_contacts c on c.tenant_id = ch.tenant_id and c.id = ch.contact_id
       where ch.kind = 'email' and ch.normalized = any(${sql.param(emails)}::text[])`);
    for (const row of rows) found.set(`email:${row.normalized}`, row.contact_id);
  }
  for (const rule of ["phone", "phone?"] as const) {
    const phones = byRule.get(rule) ?? [];
    if (!phones.length) continue;
    // The oldest holder of a number is the duplicate; a hidden holder is reported as such.
    const rows = await tx.execute<{ normalized: string; contact_id: string | null }>(sql`
      select distinct on (ch.normalized) ch.normalized, case when c.deleted_at is null then coalesce(c.merged_into_id, c.id) end as contact_id
        from crm_contact_channels ch
        left join crm_contacts c on c.tenant_id = ch.tenant_id and c.id = ch.contact_id
       where ch.kind = 'phone' and ch.normalized = any(${sql.param(phones)}::text[])
         and (${rule === "phone"} or not exists (select 1 from crm_contact_channels e where e.contact_id = ch.contact_id and e.kind = 'email'))
       order by ch.normalized, c.created_at nulls last`);
    for (const row of rows) found.set(`${rule}:${row.normalized}`, row.contact_id);
  }
  for (const rule of ["name", "name?"] as const) {
    const names = byRule.get(rule) ?? [];
    if (!names.length) continue;
    const rows = await tx.execute<{ key: string; id: string }>(sql`
      select distinct on (k.key) k.key, c.id
        from crm_contacts c
        join crm_companies co on co.id = c.company_id
       cross join lateral (select lower(regexp_replace(trim(c.first_name || ' ' || c.last_name), '\s+', ' ', 'g')) || '|' || lower(regexp_replace(trim(co.name), '\s+', ' ', 'g')) as key) k
       where c.merged_into_id is null and c.deleted_at is null and k.key = any(${sql.param(names)}::text[])
         and (${rule === "name"} or not exists (select 1 from crm_contact_channels e where e.contact_id = c.id and e.kind = 'email'))
       order by k.key, c.created_at`);
    for (const row of rows) found.set(`${rule}:${row.key}`, row.id);
  }
  return found;
}
