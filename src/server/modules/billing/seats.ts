import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { withTenant } from "../../db/tenant";
import { recordAudit } from "../audit/service";
import { countMembers } from "../orgs/service";
import { PLANS, isPlan } from "../orgs/plans";
import { stripeSubscription } from "./objects";
import { stripeClient, stripeConfigured } from "./stripe";
import { billingSubscriptions } from "./schema";

/**
 * Seat quantity sync. Pro and Business are priced per seat, and the Stripe subscription's
 * quantity is the organization's member count (members only: open invitations count against
 * the plan's seat limit, but nobody is billed for a seat until it is taken; at least 1).
 *
 * Runs after a membership change (orgs/membership.changed, through the outbox), always from
 * the current count, so several quick joins converge on the latest count whatever order their
 * jobs run in. The Stripe call is made outside any tenant transaction; its idempotency key is
 * subscription + target quantity + the number of syncs recorded so far, so a retry of the same
 * sync is deduplicated by Stripe while a later change back to an earlier count is not.
 */

/** Statuses of a live subscription whose quantity Stripe still bills (not canceled, not incomplete). */
const LIVE_STATUSES = ["active", "trialing", "past_due"];
/** How many times the sync looks again when another sync recorded first. */
const MAX_ROUNDS = 4;

export type SeatSyncResult =
  | { outcome: "skipped"; reason: string }
  | { outcome: "in_step"; subscriptionId: string; seats: number }
  | { outcome: "synced"; subscriptionId: string; from: number; to: number };

export const billableSeats = (members: number) => Math.max(1, members);

export async function syncSeats(tenantId: string): Promise<SeatSyncResult> {
  if (!stripeConfigured()) return { outcome: "skipped", reason: "Stripe is not configured" };
  let synced: { from: number; to: number } | undefined;
  // Loops until a round sees Stripe, the stored row and the member count agree: a sync that
  // changed something looks once more, so an update still in flight while another job saw
  // "in step" is corrected by the job that sent it.
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const state = await withTenant({ tenantId }, async (tx) => {
      const [subscription] = await tx
        .select()
        .from(billingSubscriptions)
        .where(inArray(billingSubscriptions.status, LIVE_STATUSES))
        .orderBy(desc(billingSubscriptions.createdAt))
        .limit(1);
      return { subscription, members: await countMembers(tx) };
    });
    const { subscription } = state;
    if (!subscription) return { outcome: "skipped", reason: "no live subscription" };
    if (!isPlan(subscription.plan) || !PLANS[subscription.plan].prices) return { outcome: "skipped", reason: `the ${subscription.plan} plan is not priced per seat` };
    const subscriptionId = subscription.stripeSubscriptionId;
    const target = billableSeats(state.members);
    const stripe = stripeClient();
    const item = stripeSubscription.parse(await stripe.subscriptions.retrieve(subscriptionId)).items.data[0];
    if (!item?.id) throw new Error(`Stripe subscription ${subscriptionId} has no item to set a quantity on.`);
    const inStripe = item.quantity ?? 1;
    if (inStripe === target && subscription.seats === target) {
      return synced ? { outcome: "synced", subscriptionId, ...synced } : { outcome: "in_step", subscriptionId, seats: target };
    }
    if (inStripe !== target) {
      // Proration is left to Stripe's default (no proration_behavior).
      await stripe.subscriptions.update(subscriptionId, { items: [{ id: item.id, quantity: target }] }, { idempotencyKey: `neuroops-seats-${subscriptionId}-${target}-${subscription.seatSyncCount}` });
    }
    await withTenant({ tenantId }, async (tx) => {
      // Only if no other sync recorded since this one read the row (the counter is its version);
      // otherwise the next round starts again from what is there now.
      const [row] = await tx
        .update(billingSubscriptions)
        .set({ seats: target, seatSyncCount: sql`${billingSubscriptions.seatSyncCount} + 1`, updatedAt: sql`clock_timestamp()` })
        .where(and(eq(billingSubscriptions.stripeSubscriptionId, subscriptionId), eq(billingSubscriptions.seatSyncCount, subscription.seatSyncCount)))
        .returning({ id: billingSubscriptions.stripeSubscriptionId });
      if (!row) return;
      await recordAudit(tx, {
        action: "billing.seats_synced",
        entityType: "subscription",
        entityId: subscriptionId,
        before: { seats: inStripe },
        after: { seats: target, members: state.members },
      });
      synced = { from: synced?.from ?? inStripe, to: target };
    });
  }
  throw new Error("The subscription's seats kept changing while they were synced; the job will be retried.");
}
