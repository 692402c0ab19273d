import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import { roleAtLeast } from "../orgs/roles";
import type { CrmActor } from "./common";
import { CRM } from "./permissions";

/*
 * Which CRM records a member can open now, for links other modules keep (notifications):
 * "crm.contact", "crm.company", "crm.deal" through the records' visibility policies (the
 * caller's transaction carries their role and id), "crm.import" when they uploaded it or
 * manage everyone's. Answers keys `${entityType}:${id}`.
 */

export const CRM_LINK_TYPES = ["crm.contact", "crm.company", "crm.deal", "crm.import"] as const;
export type CrmLinkType = (typeof CRM_LINK_TYPES)[number];
export type CrmLink = { entityType: string; id: string };

const TABLE: Record<CrmLinkType, string> = {
  "crm.contact": "crm_contacts",
  "crm.company": "crm_companies",
  "crm.deal": "crm_deals",
  "crm.import": "crm_imports",
};

const isCrmLinkType = (value: string): value is CrmLinkType => (CRM_LINK_TYPES as readonly string[]).includes(value);

export async function visibleCrmLinks(tx: TenantTx, actor: CrmActor, links: CrmLink[]): Promise<Set<string>> {
  const visible = new Set<string>();
  const byType = new Map<CrmLinkType, string[]>();
  for (const link of links) if (isCrmLinkType(link.entityType)) byType.set(link.entityType, [...(byType.get(link.entityType) ?? []), link.id]);
  for (const [entityType, ids] of byType) {
    const extra =
      entityType === "crm.import"
        ? roleAtLeast(actor.role, CRM.manageOthers)
          ? sql``
          : sql`and created_by = ${actor.userId}`
        : entityType === "crm.deal"
          ? sql``
          : sql`and merged_into_id is null`;
    const rows = await tx.execute<{ id: string }>(sql`select id from ${sql.identifier(TABLE[entityType])} where id = any(${sql.param([...new Set(ids)])}::uuid[]) ${extra}`);
    for (const row of rows) visible.add(`${entityType}:${row.id}`);
  }
  return visible;
}
