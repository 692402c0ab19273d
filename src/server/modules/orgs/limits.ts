import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import { LimitReached } from "../../platform/errors";
import { cheapestPlanWith, FEATURE_LABELS, PLANS, planOf, type Feature, type LimitKey, type Plan } from "./plans";

/**
 * One plan limit, declared by the module that owns what it counts (e.g. CRM's live
 * contacts) and listed in that module's manifest (`limits`): orgs knows the plans, the
 * module knows its rows, and neither reads the other's tables.
 */
export type UsageLimit = {
  key: LimitKey;
  /** Counts what the limit covers, in the tenant's transaction (every row, visible to the caller or not). */
  count(tx: TenantTx): Promise<number>;
  /** The refusal in the module's own words: what is full, and what the person can do. */
  refusal(state: { planLabel: string; limit: number; used: number; adding: number }): string;
};

/** The current tenant's plan (read inside its tenant transaction). */
export async function currentPlan(tx: TenantTx): Promise<Plan> {
  const [row] = await tx.execute<{ plan: string }>(sql`select plan from tenants where id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)`);
  return planOf({ plan: row?.plan });
}

/**
 * Sets the current tenant's plan in force (billing, from its subscriptions); answers the plan
 * it replaced. The caller audits the change.
 */
export async function setCurrentPlan(tx: TenantTx, plan: Plan): Promise<Plan> {
  const [row] = await lockedPlanRow(tx);
  const before = planOf({ plan: row?.plan });
  if (row && row.plan !== plan) {
    await tx.execute(sql`update tenants set plan = ${plan}, updated_at = now() where id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)`);
  }
  return before;
}

/**
 * The current tenant's plan, its row locked until the transaction ends: whoever decides the
 * plan from other rows (billing, from the subscriptions) locks first, then reads them, so two
 * such decisions for one tenant cannot both work from what the other is changing.
 */
export async function lockCurrentPlan(tx: TenantTx): Promise<Plan> {
  const [row] = await lockedPlanRow(tx);
  return planOf({ plan: row?.plan });
}

function lockedPlanRow(tx: TenantTx) {
  return tx.execute<{ plan: string }>(sql`
    select plan from tenants where id = (select nullif(current_setting('app.tenant_id', true), '')::uuid) for update`);
}

export type Capacity = { plan: Plan; planLabel: string; limit: number | null; used: number; room: number | null };

/**
 * How much of a limit is used and left, counted under a per-tenant, per-limit transaction
 * lock: concurrent writers cannot both squeeze past the last free place, and the room
 * cannot shrink until the caller commits. Unlimited plans count nothing.
 */
export async function capacity(tx: TenantTx, usage: UsageLimit): Promise<Capacity> {
  const plan = await currentPlan(tx);
  const limit = PLANS[plan].limits[usage.key];
  if (limit === null) return { plan, planLabel: PLANS[plan].label, limit, used: 0, room: null };
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`limit:${usage.key}:`} || current_setting('app.tenant_id'), 0))`);
  const used = await usage.count(tx);
  return { plan, planLabel: PLANS[plan].label, limit, used, room: Math.max(0, limit - used) };
}

/**
 * Throws LimitReached (with the module's message, naming the plan and the limit) when adding
 * `adding` would exceed the plan. The one limit check every module uses (`checkLimit`).
 */
export async function assertCapacity(tx: TenantTx, usage: UsageLimit, adding = 1): Promise<void> {
  const state = await capacity(tx, usage);
  if (state.limit === null || state.used + adding <= state.limit) return;
  throw new LimitReached(usage.key, state.plan, usage.refusal({ planLabel: state.planLabel, limit: state.limit, used: state.used, adding }));
}

export const checkLimit = assertCapacity;

/**
 * Refuses (LimitReached keyed `feature.<name>`, naming the plan) when the tenant's plan in
 * force does not include `feature`. Billing keeps `tenants.plan` at the plan in force (Free
 * once a failed payment's grace period is over), so this reads one row.
 */
export async function requireFeature(tx: TenantTx, feature: Feature): Promise<void> {
  const plan = await currentPlan(tx);
  if (PLANS[plan].features[feature]) return;
  const upgrade = cheapestPlanWith(feature);
  const label = FEATURE_LABELS[feature];
  throw new LimitReached(
    `feature.${feature}`,
    plan,
    `${label} is not included in your ${PLANS[plan].label} plan.` + (upgrade ? ` Upgrade to ${PLANS[upgrade].label} on Settings → Billing to use it.` : ""),
  );
}

/** Members plus open invitations: the seats of the organization's plan. */
export const SEATS_LIMIT: UsageLimit = {
  key: "orgs.seats",
  async count(tx) {
    const [row] = await tx.execute<{ used: number }>(sql`
      select (select count(*) from memberships)::int
           + (select count(*) from invitations where accepted_at is null and revoked_at is null and expires_at > now())::int as used`);
    return row?.used ?? 0;
  },
  refusal: ({ planLabel, limit }) => `Your ${planLabel} plan includes ${limit} seats, and all are taken. Upgrade the plan or remove a member first.`,
};

/** Throws LimitReached when one more member or invitation would exceed the plan's seats. */
export function assertSeatAvailable(tx: TenantTx): Promise<void> {
  return assertCapacity(tx, SEATS_LIMIT);
}
