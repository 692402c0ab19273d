import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import { LimitReached } from "../../platform/errors";
import { PLANS, planOf, type Plan } from "./plans";

/** The current tenant's plan (read inside its tenant transaction). */
export async function currentPlan(tx: TenantTx): Promise<Plan> {
  const [row] = await tx.execute<{ plan: string }>(sql`select plan from tenants where id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)`);
  return planOf({ plan: row?.plan });
}

/** The number of seats (members + open invitations) the tenant's plan allows; null = unlimited. */
export async function seatLimit(tx: TenantTx): Promise<{ plan: Plan; seats: number | null }> {
  const plan = await currentPlan(tx);
  return { plan, seats: PLANS[plan].seats };
}

/** Throws LimitReached when one more member or invitation would exceed the plan's seats. */
export async function assertSeatAvailable(tx: TenantTx): Promise<void> {
  const { plan, seats } = await seatLimit(tx);
  if (seats === null) return;
  const [row] = await tx.execute<{ used: number }>(sql`
    select (select count(*) from memberships)::int
         + (select count(*) from invitations where accepted_at is null and revoked_at is null and expires_at > now())::int as used`);
  if ((row?.used ?? 0) >= seats) {
    throw new LimitReached("seats", plan, `Your ${PLANS[plan].label} plan includes ${seats} seats, and all are taken. Upgrade the plan or remove a member first.`);
  }
}

/** The number of contacts the tenant's plan allows; null = unlimited. */
export async function contactLimit(tx: TenantTx): Promise<{ plan: Plan; contacts: number | null }> {
  const plan = await currentPlan(tx);
  return { plan, contacts: PLANS[plan].contacts };
}

/**
 * Throws LimitReached when adding `adding` contacts would exceed the plan. The count
 * is taken under a per-tenant transaction lock, so concurrent creations cannot both
 * squeeze past the last free place. Counts every live contact, visible to the caller or not.
 */
export async function assertContactCapacity(tx: TenantTx, adding = 1): Promise<void> {
  const { plan, contacts } = await contactLimit(tx);
  if (contacts === null) return;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('crm_contacts:' || current_setting('app.tenant_id'), 0))`);
  const [row] = await tx.execute<{ used: number }>(sql`select neuroops_crm_live_contact_count() as used`);
  const used = row?.used ?? 0;
  if (used + adding > contacts) {
    const left = Math.max(0, contacts - used);
    throw new LimitReached(
      "contacts",
      plan,
      `Your ${PLANS[plan].label} plan allows ${contacts.toLocaleString("en-US")} contacts; you have ${used.toLocaleString("en-US")}` +
        (adding > 1 ? ` and are adding ${adding.toLocaleString("en-US")} (room for ${left.toLocaleString("en-US")}).` : ".") +
        " Upgrade the plan or delete contacts you no longer need.",
    );
  }
}
