import { eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { runtimeDb, type DbOrTx } from "../../db/client";
import { enterTenant } from "../../db/tenant";
import { publishEvent } from "../../jobs/publish";
import { env } from "../../platform/env";
import { PLATFORM_TENANT_ID } from "../orgs/constants";
import { STRIPE_EVENT_RECEIVED } from "./events";
import { stripeEvent, type StripeEventRecord } from "./objects";
import { billingWebhookEvents } from "./schema";

/**
 * The webhook inbox (global table, see schema.ts): the only code that reads or writes it.
 * Receiving verifies the signature, stores the event once and publishes it to the outbox in
 * the same transaction; the job (./process.ts) applies it later.
 */

export type Receipt =
  | { outcome: "stored" | "duplicate"; eventId: string; type: string }
  | { outcome: "not_configured" | "bad_signature" | "bad_event"; message: string };

/**
 * Verifies `rawBody` (exactly as received) against the `Stripe-Signature` header with
 * STRIPE_WEBHOOK_SECRET; nothing is written unless it verifies. Throws only when the event
 * could not be stored (the route answers 5xx and Stripe delivers it again).
 */
export async function receiveStripeWebhook(rawBody: string, signature: string | null): Promise<Receipt> {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) return { outcome: "not_configured", message: "Stripe webhooks are not configured on this server (STRIPE_WEBHOOK_SECRET is not set)." };
  if (!signature) return { outcome: "bad_signature", message: "The Stripe-Signature header is missing." };
  let verified: unknown;
  try {
    verified = Stripe.webhooks.constructEvent(rawBody, signature, secret);
  } catch {
    return { outcome: "bad_signature", message: "The Stripe signature does not match this endpoint's signing secret (or is too old)." };
  }
  const parsed = stripeEvent.safeParse(verified);
  if (!parsed.success) return { outcome: "bad_event", message: "The signed payload is not a Stripe event." };
  const event = parsed.data;
  const stored = await storeStripeEvent(event, rawBody);
  return { outcome: stored ? "stored" : "duplicate", eventId: event.id, type: event.type };
}

/**
 * Stores a verified event once and publishes it to the outbox in the same transaction; false
 * when it was already stored. Exported apart from the signature check for bench:webhooks,
 * which measures these statements alone beside the whole route.
 */
export async function storeStripeEvent(event: StripeEventRecord, rawBody: string): Promise<boolean> {
  return runtimeDb().transaction(async (tx) => {
    const [row] = await tx
      .insert(billingWebhookEvents)
      .values({ stripeEventId: event.id, type: event.type, created: new Date(event.created * 1000), livemode: event.livemode, payload: JSON.parse(rawBody) as unknown })
      .onConflictDoNothing({ target: billingWebhookEvents.stripeEventId })
      .returning({ id: billingWebhookEvents.stripeEventId });
    if (!row) return false;
    // Events belong to no organization yet: they go through the platform tenant's outbox (as account emails do).
    const platform = await enterTenant(tx, { tenantId: PLATFORM_TENANT_ID });
    await publishEvent(platform, { event: STRIPE_EVENT_RECEIVED, data: { stripeEventId: event.id }, idempotencyKey: event.id });
    return true;
  });
}

export type InboxRow = typeof billingWebhookEvents.$inferSelect;

export async function inboxEvent(stripeEventId: string, db: DbOrTx = runtimeDb()): Promise<(InboxRow & { event: StripeEventRecord }) | undefined> {
  const [row] = await db.select().from(billingWebhookEvents).where(eq(billingWebhookEvents.stripeEventId, stripeEventId));
  return row ? { ...row, event: stripeEvent.parse(row.payload) } : undefined;
}

/**
 * Marks the event processed, in the transaction that applied it. False when it already was
 * (a second run of the same event): the caller rolls back, so an event changes state once.
 */
export async function markProcessed(tx: DbOrTx, stripeEventId: string, tenantId: string | null): Promise<boolean> {
  const rows = await tx
    .update(billingWebhookEvents)
    .set({ status: "processed", attempts: sql`${billingWebhookEvents.attempts} + 1`, lastError: null, processedAt: sql`now()`, appliedTenantId: tenantId })
    .where(sql`${billingWebhookEvents.stripeEventId} = ${stripeEventId} and ${billingWebhookEvents.status} <> 'processed'`)
    .returning({ id: billingWebhookEvents.stripeEventId });
  return rows.length === 1;
}

/** Records a failed attempt (status failed, the error), outside the transaction that failed. */
export async function markFailed(stripeEventId: string, error: string): Promise<void> {
  await runtimeDb()
    .update(billingWebhookEvents)
    .set({ status: "failed", attempts: sql`${billingWebhookEvents.attempts} + 1`, lastError: error.slice(0, 2000) })
    .where(sql`${billingWebhookEvents.stripeEventId} = ${stripeEventId} and ${billingWebhookEvents.status} <> 'processed'`);
}
