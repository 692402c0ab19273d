import { multilineText, parseInput, plainText } from "../../platform/validate";
import { PLANS, planOf, type Plan } from "./plans";
import { and, desc, eq, ilike, ne, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { runtimeDb, runtimeSql } from "../../db/client";
import { withTenant, type TenantTx } from "../../db/tenant";
import { Conflict, NotFound } from "../../platform/errors";
import { recordAudit } from "../audit/service";
import { PLATFORM_TENANT_ID } from "./constants";
import { tenants } from "./schema";

/**
 * The organizations' platform-level state (listing all of them, suspension, plan),
 * owned here because orgs owns `tenants`; the super admin's router (modules/admin) and
 * later billing call these. Callers check who may do this (the admin router's
 * super-admin procedure); nothing here reads tenant data beyond member counts.
 */

export const listOrganizationsInput = z.object({
  /** The id of the last organization of the previous page. */
  cursor: z.uuid("Invalid cursor.").optional(),
  limit: z.number().int().min(1).max(100).default(25),
  search: plainText().trim().max(100, "Use at most 100 characters.").optional(),
});
export type ListOrganizationsInput = z.input<typeof listOrganizationsInput>;

export const suspensionReasonSchema = multilineText()
  .trim()
  .min(3, "Give a reason of at least 3 characters.")
  .max(500, "Keep the reason to 500 characters or fewer.");

export const suspendOrganizationInput = z.object({ tenantId: z.uuid("Invalid organization id."), reason: suspensionReasonSchema });
export const unsuspendOrganizationInput = z.object({ tenantId: z.uuid("Invalid organization id.") });



export type AdminOrganization = {
  id: string;
  slug: string;
  name: string;
  createdAt: Date;
  memberCount: number;
  plan: Plan;
  suspendedAt: Date | null;
  suspendedReason: string | null;
};

/** `%` and `_` typed by the admin match themselves, not any text. */
function containsPattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Members per tenant. `memberships` is row-level secured per tenant, so the app role
 * cannot count across tenants with a plain query; this SECURITY DEFINER function
 * (migration) returns counts only, never who the members are.
 */
async function memberCounts(tenantIds: string[]): Promise<Map<string, number>> {
  if (tenantIds.length === 0) return new Map();
  const rows = await runtimeSql()<{ tenant_id: string; members: bigint }[]>`
    select * from neuroops_tenant_member_counts(${tenantIds}::uuid[])`;
  return new Map(rows.map((row) => [row.tenant_id, Number(row.members)]));
}

/** Every organization, newest first, with member count and plan; keyset-paginated; search by name or slug. */
export async function listOrganizations(rawInput: ListOrganizationsInput = {}): Promise<{
  items: AdminOrganization[];
  nextCursor: string | null;
}> {
  const input = parseInput(listOrganizationsInput, rawInput);
  const pattern = input.search ? containsPattern(input.search) : null;
  const rows = await runtimeDb()
    .select({
      id: tenants.id,
      slug: tenants.slug,
      name: tenants.name,
      createdAt: tenants.createdAt,
      suspendedAt: tenants.suspendedAt,
      suspendedReason: tenants.suspendedReason,
      plan: tenants.plan,
    })
    .from(tenants)
    .where(
      and(
        ne(tenants.id, PLATFORM_TENANT_ID), // the reserved tenant of account emails is no organization
        pattern ? or(ilike(tenants.name, pattern), ilike(tenants.slug, pattern)) : undefined,
        // Compared in the database: created_at has microseconds, a JS Date only milliseconds.
        input.cursor
          ? sql`(${tenants.createdAt}, ${tenants.id}) < (select c.created_at, c.id from ${tenants} c where c.id = ${input.cursor})`
          : undefined,
      ),
    )
    .orderBy(desc(tenants.createdAt), desc(tenants.id))
    .limit(input.limit + 1);
  const hasMore = rows.length > input.limit;
  const page = hasMore ? rows.slice(0, input.limit) : rows;
  const counts = await memberCounts(page.map((row) => row.id));
  return {
    items: page.map((row) => ({ ...row, memberCount: counts.get(row.id) ?? 0, plan: planOf(row) })),
    nextCursor: hasMore ? page[page.length - 1]!.id : null,
  };
}

export type SuspensionState = {
  id: string;
  name: string;
  slug: string;
  suspendedAt: Date | null;
  suspendedReason: string | null;
};

const suspensionColumns = {
  id: tenants.id,
  name: tenants.name,
  slug: tenants.slug,
  suspendedAt: tenants.suspendedAt,
  suspendedReason: tenants.suspendedReason,
};

/** Locks the organization's row, so two admins acting at once get one change and one Conflict. */
async function lockOrganization(tx: TenantTx, tenantId: string): Promise<SuspensionState> {
  const [row] = await tx
    .select(suspensionColumns)
    .from(tenants)
    .where(and(eq(tenants.id, tenantId), ne(tenants.id, PLATFORM_TENANT_ID)))
    .for("update");
  if (!row) throw new NotFound("That organization does not exist. It may have been deleted; reload the list.");
  return row;
}

function snapshot(row: SuspensionState) {
  return { suspendedAt: row.suspendedAt?.toISOString() ?? null, suspendedReason: row.suspendedReason };
}

/** Writes the change and its audit entry (actor: the admin) in the same transaction. */
async function writeSuspension(
  tx: TenantTx,
  current: SuspensionState,
  values: { suspendedAt: SQL | null; suspendedReason: string | null },
  action: "organization.suspended" | "organization.unsuspended",
): Promise<SuspensionState> {
  const [updated] = await tx
    .update(tenants)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(tenants.id, current.id))
    .returning(suspensionColumns);
  await recordAudit(tx, { action, entityType: "organization", entityId: current.id, before: snapshot(current), after: snapshot(updated!) });
  return updated!;
}

/**
 * Suspends an organization: its members see a suspended page and its API answers
 * FORBIDDEN. Runs in that organization's tenant transaction, so the audit entry lands
 * in its own log; the admin does not need to be (and is not made) a member.
 */
export async function suspendOrganization(
  adminUserId: string,
  tenantId: string,
  reason: string,
  requestId?: string,
): Promise<SuspensionState> {
  const input = parseInput(suspendOrganizationInput, { tenantId, reason });
  return withTenant({ tenantId: input.tenantId, userId: adminUserId, requestId }, async (tx) => {
    const current = await lockOrganization(tx, input.tenantId);
    if (current.suspendedAt) {
      throw new Conflict(
        `${current.name} is already suspended (since ${current.suspendedAt.toISOString().slice(0, 10)}). Unsuspend it first to change the reason.`,
      );
    }
    return writeSuspension(tx, current, { suspendedAt: sql`now()`, suspendedReason: input.reason }, "organization.suspended");
  });
}

/** Restores a suspended organization: its members can use it again. */
export async function unsuspendOrganization(adminUserId: string, tenantId: string, requestId?: string): Promise<SuspensionState> {
  const input = parseInput(unsuspendOrganizationInput, { tenantId });
  return withTenant({ tenantId: input.tenantId, userId: adminUserId, requestId }, async (tx) => {
    const current = await lockOrganization(tx, input.tenantId);
    if (!current.suspendedAt) throw new Conflict(`${current.name} is not suspended; there is nothing to restore.`);
    return writeSuspension(tx, current, { suspendedAt: null, suspendedReason: null }, "organization.unsuspended");
  });
}

export const setPlanInput = z.object({
  tenantId: z.uuid("Invalid organization id."),
  plan: z.enum(Object.keys(PLANS) as [Plan, ...Plan[]], "Choose a plan."),
});

/**
 * Sets an organization's plan by hand (ARCHITECTURE.md: without Stripe, a super admin sets
 * plans; billing will set it from subscriptions). Audited in that organization's log.
 */
export async function setOrganizationPlan(adminUserId: string, rawInput: z.input<typeof setPlanInput>, requestId?: string): Promise<{ plan: Plan }> {
  const input = parseInput(setPlanInput, rawInput);
  return withTenant({ tenantId: input.tenantId, userId: adminUserId, requestId }, async (tx) => {
    const [current] = await tx
      .select({ plan: tenants.plan })
      .from(tenants)
      .where(and(eq(tenants.id, input.tenantId), ne(tenants.id, PLATFORM_TENANT_ID)))
      .for("update");
    if (!current) throw new NotFound("That organization does not exist. It may have been deleted; reload the list.");
    if (current.plan === input.plan) return { plan: input.plan };
    await tx.update(tenants).set({ plan: input.plan, updatedAt: sql`now()` }).where(eq(tenants.id, input.tenantId));
    await recordAudit(tx, { action: "organization.plan_changed", entityType: "organization", entityId: input.tenantId, before: { plan: current.plan }, after: { plan: input.plan } });
    return { plan: input.plan };
  });
}

/** Names and addresses of organizations by id (for the super admin's pages that show another module's rows). */
export async function organizationLabels(tenantIds: string[]): Promise<Map<string, { slug: string; name: string }>> {
  const ids = [...new Set(tenantIds)].filter((id) => z.uuid().safeParse(id).success);
  if (ids.length === 0) return new Map();
  const rows = await runtimeDb().select({ id: tenants.id, slug: tenants.slug, name: tenants.name }).from(tenants).where(sql`${tenants.id} in ${ids}`);
  return new Map(rows.map((row) => [row.id, { slug: row.slug, name: row.name }]));
}
