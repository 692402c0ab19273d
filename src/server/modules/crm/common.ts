import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../db/tenant";
import { ValidationFailed } from "../../platform/errors";
import { plainText } from "../../platform/validate";
import type { CrmEntityType } from "./schema";

/** Who is acting: every CRM service takes it (audit, follow-on-create, visibility rules). */
export type CrmActor = Actor;

export const ENTITY_LABEL: Record<CrmEntityType, string> = { company: "company", contact: "contact", deal: "deal" };

export { optionalText, patchText } from "../../platform/validate";

export const tagsInput = z
  .array(
    plainText()
      .trim()
      .min(1, "A tag cannot be empty.")
      .max(40, "A tag can be at most 40 characters.")
      .transform((tag) => tag.toLowerCase()),
  )
  .max(30, "At most 30 tags.")
  .transform((tags) => [...new Set(tags)]);

export const idInput = z.object({ id: z.uuid("Invalid id.") });

/** Throws ValidationFailed on `field` unless `userId` is a member of the current tenant. */
export async function assertMembers(tx: TenantTx, userIds: (string | null | undefined)[], field: string): Promise<void> {
  const wanted = [...new Set(userIds.filter((id): id is string => !!id))];
  if (wanted.length === 0) return;
  const rows = await tx.execute<{ user_id: string }>(sql`select user_id from member_directory where user_id = any(${sql.param(wanted)}::uuid[])`);
  if (rows.length !== wanted.length) throw new ValidationFailed({ [field]: ["Choose a member of this organization."] });
}

/**
 * The name of the company a listed row (alias `row`) belongs to, as a correlated sub-select:
 * one primary-key lookup per row of the page. As a left join the planner hashed every
 * company of the tenant instead (the visibility policy's hashed sub-plan makes each
 * lookup look expensive to it); the result is the same, null when there is none, it is hidden
 * or it is in the trash.
 */
export const companyNameOf = (row: SQL) =>
  sql`(select co.name from crm_companies co where co.tenant_id = ${row}.tenant_id and co.id = ${row}.company_id and co.deleted_at is null)`;
