import { ZodError } from "zod";
import { runtimeSql } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { defineCron, defineJob, PermanentJobError } from "../../jobs/define";
import { MEMBERSHIP_CHANGED } from "../orgs/events";
import { STRIPE_EVENT_RECEIVED } from "./events";
import { recordStripeWebhook, type StripeWebhookResult } from "../../platform/metrics";
import { markFailed } from "./inbox";
import { processStripeEvent } from "./process";
import { syncSeats } from "./seats";
import { PAST_DUE_GRACE_DAYS, refreshPlanInForce, UnknownPrice } from "./subscriptions";

/**
 * Applies a stored Stripe event. A failure is recorded on the inbox row (status failed, the
 * error, attempts) and retried by the outbox with backoff; one that retrying cannot fix (a
 * price this app does not sell, a payload that is not what Stripe sends) goes dead at once.
 */
/** neuroops_stripe_webhooks_total: what applying a stored event came to (a second run of one: duplicate). */
const STRIPE_OUTCOME_RESULT = { applied: "processed", refetched: "processed", ignored: "ignored", already_processed: "duplicate" } as const satisfies Record<
  Awaited<ReturnType<typeof processStripeEvent>>["outcome"],
  StripeWebhookResult
>;

export const applyStripeEventJob = defineJob({
  id: "billing-apply-stripe-event",
  event: STRIPE_EVENT_RECEIVED,
  retries: 6,
  timeoutSeconds: 60,
  async handler({ event, logger }) {
    const { stripeEventId } = event.data;
    try {
      const result = await processStripeEvent(stripeEventId);
      recordStripeWebhook(STRIPE_OUTCOME_RESULT[result.outcome]);
      logger.info("stripe event processed", { stripeEventId, ...result });
      return result;
    } catch (error) {
      const message = error instanceof ZodError ? `Unexpected Stripe payload: ${error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` : error instanceof Error ? error.message : String(error);
      recordStripeWebhook("failed");
      await markFailed(stripeEventId, message);
      if (error instanceof UnknownPrice || error instanceof ZodError) throw new PermanentJobError(message);
      throw error;
    }
  },
});

/**
 * Keeps the subscription's seat quantity at the member count (billing/seats.ts). Every change
 * publishes an event, but the job reads the count when it runs, so quick joins coalesce: the
 * first job to run syncs to the latest count and the others find it in step.
 */
export const syncSeatsJob = defineJob({
  id: "billing-sync-seats",
  event: MEMBERSHIP_CHANGED,
  retries: 6,
  timeoutSeconds: 60,
  async handler({ tenantId, logger }) {
    const result = await syncSeats(tenantId);
    logger.info("seats checked", { ...result });
    return result;
  },
});

/** Organizations whose payment has been past due longer than the grace period fall back to Free limits. */
export async function endExpiredGracePeriods(now = new Date()): Promise<{ downgraded: number }> {
  const due = await runtimeSql()<{ tenant_id: string }[]>`select neuroops_billing_grace_expired(make_interval(days => ${PAST_DUE_GRACE_DAYS})) as tenant_id`;
  let downgraded = 0;
  for (const { tenant_id: tenantId } of due) {
    const result = await withTenant({ tenantId }, (tx) => refreshPlanInForce(tx, now));
    if (result?.changed) downgraded++;
  }
  return { downgraded };
}

export const graceExpiryCron = defineCron({
  id: "billing-grace-expiry",
  cron: "17 * * * *",
  async handler({ logger }) {
    const result = await endExpiredGracePeriods();
    logger.info("billing grace periods checked", result);
    return result;
  },
});
