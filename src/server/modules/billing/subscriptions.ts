import { eq, sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import { recordAudit } from "../audit/service";
import { lockCurrentPlan, setCurrentPlan } from "../orgs/limits";
import { PLAN_ORDER, PLANS, isPlan, type Plan } from "../orgs/plans";
import { planOfPrice } from "./prices";
import { secondsToDate, type StripeSubscription } from "./objects";
import { billingCustomers, billingSubscriptions } from "./schema";

/** A past_due subscription keeps its plan this long; then the organization has Free limits (nothing is deleted). */
export const PAST_DUE_GRACE_DAYS = 7;
const GRACE_MS = PAST_DUE_GRACE_DAYS * 24 * 60 * 60 * 1000;

/** Stripe statuses under which the subscription's plan is in force. */
const PAID_STATUSES = new Set(["active", "trialing"]);

export class UnknownPrice extends Error {
  constructor(priceId: string) {
    super(`Stripe price ${priceId} is none of STRIPE_PRICE_PRO_MONTHLY/_YEARLY or STRIPE_PRICE_BUSINESS_MONTHLY/_YEARLY: set the environment to the prices the Stripe account sells.`);
    this.name = "UnknownPrice";
  }
}

export type SubscriptionRow = typeof billingSubscriptions.$inferSelect;

/** The subscription row, locked for the rest of the transaction (null when not stored yet). */
export async function lockSubscription(tx: TenantTx, stripeSubscriptionId: string): Promise<SubscriptionRow | null> {
  // The advisory lock also serializes the first insert of a subscription two events race to create.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`billing:subscription:${stripeSubscriptionId}`}, 0))`);
  const [row] = await tx.select().from(billingSubscriptions).where(eq(billingSubscriptions.stripeSubscriptionId, stripeSubscriptionId)).for("update");
  return row ?? null;
}

/** The row's version for optimistic checks across a Stripe call (made outside any transaction). */
export const versionOf = (row: SubscriptionRow | null) => (row ? `${row.updatedAt.toISOString()}|${row.lastEventId ?? ""}` : "none");

/**
 * Stores Stripe's view of a subscription as of `asOf` (the Stripe time of the event that
 * carried it, or of the event that made us re-fetch it). A canceled subscription stays
 * canceled whatever arrives later: Stripe never reactivates one, so anything else is stale.
 */
export async function storeSubscription(tx: TenantTx, existing: SubscriptionRow | null, subscription: StripeSubscription, asOf: { at: Date; eventId: string }, now: Date): Promise<SubscriptionRow> {
  const item = subscription.items.data[0];
  const priceId = item?.price.id ?? null;
  const plan = priceId ? planOfPrice(priceId)?.plan : undefined;
  if (!plan) throw new UnknownPrice(priceId ?? "(none)");
  const status = existing?.status === "canceled" ? "canceled" : subscription.status;
  const lastEventAt = existing && existing.lastEventAt > asOf.at ? existing.lastEventAt : asOf.at;
  const values = {
    stripeCustomerId: subscription.customer,
    plan,
    status,
    priceId,
    seats: item?.quantity ?? 1,
    currentPeriodEnd: secondsToDate(item?.current_period_end ?? subscription.current_period_end),
    cancelAtPeriodEnd: status === "canceled" ? false : subscription.cancel_at_period_end,
    trialEnd: secondsToDate(subscription.trial_end),
    canceledAt: existing?.canceledAt ?? secondsToDate(subscription.canceled_at) ?? (status === "canceled" ? now : null),
    pastDueSince: status === "past_due" ? (existing?.pastDueSince ?? now) : null,
    lastEventAt,
    lastEventId: asOf.eventId,
    updatedAt: sql`clock_timestamp()`,
  };
  if (existing?.status === "canceled") {
    // Frozen: only the bookkeeping of what was seen moves.
    const [row] = await tx
      .update(billingSubscriptions)
      .set({ lastEventAt, lastEventId: asOf.eventId, updatedAt: sql`clock_timestamp()` })
      .where(eq(billingSubscriptions.stripeSubscriptionId, subscription.id))
      .returning();
    return row!;
  }
  const [row] = existing
    ? await tx.update(billingSubscriptions).set(values).where(eq(billingSubscriptions.stripeSubscriptionId, subscription.id)).returning()
    : await tx.insert(billingSubscriptions).values({ stripeSubscriptionId: subscription.id, ...values }).returning();
  if (!existing || existing.status !== row!.status || existing.plan !== row!.plan || existing.seats !== row!.seats) {
    await recordAudit(tx, {
      action: "billing.subscription.changed",
      entityType: "subscription",
      entityId: subscription.id,
      before: existing ? { plan: existing.plan, status: existing.status, seats: existing.seats } : null,
      after: { plan: row!.plan, status: row!.status, seats: row!.seats, eventId: asOf.eventId },
    });
  }
  return row!;
}

/** The plan a subscription grants at `now`: its own while paid or within the past_due grace, else Free. */
export function planGrantedBy(row: Pick<SubscriptionRow, "plan" | "status" | "pastDueSince">, now: Date): Plan {
  const plan = isPlan(row.plan) ? row.plan : "free";
  if (PAID_STATUSES.has(row.status)) return plan;
  if (row.status === "past_due" && row.pastDueSince && now.getTime() - row.pastDueSince.getTime() < GRACE_MS) return plan;
  return "free";
}

/**
 * Sets tenants.plan to the plan in force: the best any of the tenant's subscriptions grants
 * now. A tenant without subscriptions keeps its plan (set by a super admin by hand). Audited
 * when it changes.
 */
export async function refreshPlanInForce(tx: TenantTx, now: Date): Promise<{ plan: Plan; changed: boolean } | null> {
  // Lock first, then read: another subscription of the tenant applied at the same moment is seen committed.
  await lockCurrentPlan(tx);
  const rows = await tx.select().from(billingSubscriptions);
  if (rows.length === 0) return null;
  const plan = rows.map((row) => planGrantedBy(row, now)).reduce((best, next) => (PLAN_ORDER.indexOf(next) > PLAN_ORDER.indexOf(best) ? next : best), "free" as Plan);
  const before = await setCurrentPlan(tx, plan);
  if (before === plan) return { plan, changed: false };
  const graceOver = rows.some((row) => row.status === "past_due" && planGrantedBy(row, now) === "free");
  await recordAudit(tx, {
    action: "billing.plan_changed",
    entityType: "organization",
    before: { plan: before },
    after: { plan, ...(graceOver ? { reason: `payment past due for more than ${PAST_DUE_GRACE_DAYS} days: ${PLANS.free.label} limits apply` } : {}) },
  });
  return { plan, changed: true };
}

/** Records the tenant's Stripe customer (one per tenant); refuses a second, different one. */
export async function linkCustomer(tx: TenantTx, stripeCustomerId: string, email?: string | null): Promise<void> {
  const [current] = await tx.select().from(billingCustomers);
  if (current) {
    if (current.stripeCustomerId !== stripeCustomerId) throw new Error(`This organization's Stripe customer is ${current.stripeCustomerId}, not ${stripeCustomerId}.`);
    if (email !== undefined && email !== current.email) await tx.update(billingCustomers).set({ email, updatedAt: sql`now()` }).where(eq(billingCustomers.tenantId, current.tenantId));
    return;
  }
  const inserted = await tx.insert(billingCustomers).values({ stripeCustomerId, email: email ?? null }).onConflictDoNothing().returning({ id: billingCustomers.stripeCustomerId });
  if (inserted.length === 0) return linkCustomer(tx, stripeCustomerId, email); // linked at the same moment by another request: check it
  await recordAudit(tx, { action: "billing.customer.linked", entityType: "billing_customer", entityId: stripeCustomerId });
}

/** The tenant's subscription state (for the billing page and tests). */
export async function subscriptionsOf(tx: TenantTx): Promise<SubscriptionRow[]> {
  return tx.select().from(billingSubscriptions).orderBy(billingSubscriptions.createdAt);
}
