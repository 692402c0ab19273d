import { sql } from "drizzle-orm";
import { runtimeSql } from "../../db/client";
import type { TenantTx } from "../../db/tenant";
import { defineTrash, type TrashKind } from "../../records/trash";
import { getCompany } from "./companies/companies";
import { auditSnapshot as contactAuditSnapshot, getContact } from "./contacts/contacts";
import { dealAuditSnapshot, getDeal } from "./deals/deals";
import { assertContactCapacity } from "./limits";
import type { CrmEntityType } from "./schema";

/*
 * CRM's trash (the records layer's ./records/trash.ts): contacts, companies and deals.
 *
 * Trashing changes only the record's own row (deleted_at, deleted_by). What points at it
 * stays as it is and is hidden while it is in the trash:
 * - a trashed contact's activities, channels, deal links and followers stay; its activities
 *   drop out of My tasks and timelines unless they are also on a live record;
 * - a trashed company's contacts and deals stay live and keep their company_id; the link
 *   reads as no company until the company is restored (nothing moves with it);
 * - a trashed deal's activities and contact links stay, hidden with it.
 * So restoring (clearing deleted_at) brings back exactly what was there. Purging (after
 * 30 days, or "Delete forever") deletes the row for good: activities only about it go with
 * it, activities also on another record are unlinked from it and stay, contacts and deals
 * of a purged company stay without a company, and records merged into it (kept only for
 * undoing that merge) are purged with it.
 *
 * Plan limit: trashed contacts do not count (neuroops_crm_live_contact_count, migration
 * 0018); restoring one checks the capacity again.
 */

/** Unlinks the record from activities that are also on another record; the rest go with it (foreign keys cascade). */
async function keepSharedActivities(tx: TenantTx, column: "contact_id" | "company_id" | "deal_id", ids: string[]) {
  const others = { contact_id: sql`(company_id is not null or deal_id is not null)`, company_id: sql`(contact_id is not null or deal_id is not null)`, deal_id: sql`(contact_id is not null or company_id is not null)` }[column];
  await tx.execute(sql`update crm_activities set ${sql.identifier(column)} = null where ${sql.identifier(column)} = any(${sql.param(ids)}::uuid[]) and ${others}`);
}

async function dropFollowers(tx: TenantTx, entityType: CrmEntityType, ids: string[]) {
  await tx.execute(sql`delete from crm_followers where entity_type = ${entityType} and entity_id = any(${sql.param(ids)}::uuid[])`);
}

/** The record and the ones merged into it (hidden rows kept only to undo those merges). */
async function withMergedInto(tx: TenantTx, table: "crm_contacts" | "crm_companies", id: string): Promise<string[]> {
  const rows = await tx.execute<{ id: string }>(sql`select id from ${sql.identifier(table)} where merged_into_id = ${id}`);
  return [id, ...rows.map((r) => r.id)];
}

const contactKind: TrashKind<"contact"> = {
  kind: "contact",
  label: "contact",
  table: sql`crm_contacts`,
  title: sql`trim(r.first_name || ' ' || r.last_name)`,
  subtitle: sql`coalesce(r.primary_email, r.title)`,
  exists: sql`r.merged_into_id is null`,
  snapshot: async (tx, id) => contactAuditSnapshot(await getContact(tx, id, undefined, { includeTrashed: true })),
  beforeRestore: (tx) => assertContactCapacity(tx, 1),
  async purge(tx, id) {
    const ids = await withMergedInto(tx, "crm_contacts", id);
    await keepSharedActivities(tx, "contact_id", ids);
    await dropFollowers(tx, "contact", ids);
    // Channels, deal links and the remaining activities cascade.
    await tx.execute(sql`delete from crm_contacts where id = any(${sql.param(ids)}::uuid[])`);
  },
};

const companyKind: TrashKind<"company"> = {
  kind: "company",
  label: "company",
  table: sql`crm_companies`,
  title: sql`r.name`,
  subtitle: sql`r.domain`,
  exists: sql`r.merged_into_id is null`,
  snapshot: async (tx, id) => {
    const { followers: _f, following: _g, owner: _o, contactCount: _c, openDealCount: _d, createdAt: _ca, updatedAt: _ua, tenantId: _t, ...fields } = await getCompany(tx, id, undefined, { includeTrashed: true });
    return fields;
  },
  async purge(tx, id) {
    const ids = await withMergedInto(tx, "crm_companies", id);
    // Its contacts and deals stay, without the company. Run as an admin or the system
    // (both see every record), so no hidden row can keep pointing here.
    await tx.execute(sql`update crm_contacts set company_id = null where company_id = any(${sql.param(ids)}::uuid[])`);
    await tx.execute(sql`update crm_deals set company_id = null where company_id = any(${sql.param(ids)}::uuid[])`);
    await keepSharedActivities(tx, "company_id", ids);
    await dropFollowers(tx, "company", ids);
    await tx.execute(sql`delete from crm_companies where id = any(${sql.param(ids)}::uuid[])`);
  },
};

const dealKind: TrashKind<"deal"> = {
  kind: "deal",
  label: "deal",
  table: sql`crm_deals`,
  title: sql`r.title`,
  subtitle: sql`r.status::text`,
  snapshot: async (tx, id) => dealAuditSnapshot(await getDeal(tx, id, undefined, { includeTrashed: true })),
  async purge(tx, id) {
    await keepSharedActivities(tx, "deal_id", [id]);
    await dropFollowers(tx, "deal", [id]);
    await tx.execute(sql`delete from crm_deals where id = ${id}`);
  },
};

export const crmTrash = defineTrash<CrmEntityType>({ module: "crm", kinds: [contactKind, companyKind, dealKind] });

export const CRM_TRASH_KINDS = { contact: contactKind, company: companyKind, deal: dealKind } as const;

/** Tenants with CRM records trashed more than `days` ago (a SECURITY DEFINER function: ids only). */
async function tenantsWithExpiredTrash(days: number): Promise<string[]> {
  const rows = await runtimeSql()<{ tenant_id: string }[]>`select tenant_id from neuroops_crm_trash_due(${days})`;
  return rows.map((r) => r.tenant_id);
}

/** Daily: purges CRM records trashed more than 30 days ago, per tenant, in batches. */
export const crmTrashPurgeJob = crmTrash.purgeCron({ tenantsDue: tenantsWithExpiredTrash });
