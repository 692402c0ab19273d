import { and, eq, sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import { NotFound } from "../../platform/errors";
import { recordAudit } from "../audit/service";
import type { CrmActor } from "./common";
import { crmFollowers, type CrmEntityType } from "./schema";

/**
 * Following a record makes it visible to its follower when the tenant restricts members
 * or viewers to "own or followed" records. The creator of a record follows it.
 */
export async function addFollower(tx: TenantTx, entityType: CrmEntityType, entityId: string, userId: string): Promise<void> {
  await tx.insert(crmFollowers).values({ entityType, entityId, userId }).onConflictDoNothing();
}

const TABLE: Record<CrmEntityType, string> = { company: "crm_companies", contact: "crm_contacts", deal: "crm_deals" };

/** NotFound unless the caller can see the record and it is not in the trash (following cannot be a way to reveal one). */
export async function assertRecordVisible(tx: TenantTx, entityType: CrmEntityType, entityId: string): Promise<void> {
  const rows = await tx.execute(sql`select 1 from ${sql.identifier(TABLE[entityType])} where id = ${entityId} and deleted_at is null`);
  if (!rows.length) throw new NotFound(`This ${entityType} does not exist, or you do not have access to it.`);
}

export async function followRecord(tx: TenantTx, actor: CrmActor, entityType: CrmEntityType, entityId: string, userId = actor.userId) {
  await assertRecordVisible(tx, entityType, entityId);
  await addFollower(tx, entityType, entityId, userId);
  await recordAudit(tx, { action: `crm.${entityType}.followed`, entityType: `crm.${entityType}`, entityId, after: { userId } });
}

export async function unfollowRecord(tx: TenantTx, actor: CrmActor, entityType: CrmEntityType, entityId: string, userId = actor.userId) {
  await assertRecordVisible(tx, entityType, entityId);
  const removed = await tx
    .delete(crmFollowers)
    .where(and(eq(crmFollowers.entityType, entityType), eq(crmFollowers.entityId, entityId), eq(crmFollowers.userId, userId)))
    .returning({ userId: crmFollowers.userId });
  if (removed.length) await recordAudit(tx, { action: `crm.${entityType}.unfollowed`, entityType: `crm.${entityType}`, entityId, before: { userId } });
}

export async function listFollowers(tx: TenantTx, entityType: CrmEntityType, entityId: string) {
  return tx.execute<{ id: string; name: string; email: string }>(sql`
    select u.id, u.name, u.email from crm_followers f join user_profiles u on u.id = f.user_id
     where f.entity_type = ${entityType} and f.entity_id = ${entityId} order by u.name`);
}
