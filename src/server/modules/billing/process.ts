import { z } from "zod";
import { runtimeDb, runtimeSql } from "../../db/client";
import { withTenant, type TenantTx } from "../../db/tenant";
import { PLATFORM_TENANT_ID } from "../orgs/constants";
import { tenantExists } from "../orgs/service";
import { inboxEvent, markProcessed } from "./inbox";
import { stripeCheckoutSession, stripeCustomer, stripeInvoice, stripeSubscription, type StripeEventRecord, type StripeSubscription } from "./objects";
import { stripeClient } from "./stripe";
import { linkCustomer, lockSubscription, refreshPlanInForce, storeSubscription, versionOf } from "./subscriptions";

/**
 * Applies one inbox event to the organization it concerns. Ordering: per subscription the
 * newest applied Stripe event time is kept; an event that is not strictly newer (older, or of
 * the same second: doubt) is not applied as it stands: the subscription is re-fetched from
 * Stripe (outside any transaction) and Stripe's current state is applied. Invoices and
 * completed checkouts always re-fetch. `customer.subscription.deleted` is final. The state
 * change and "processed" commit together, so an event changes state once.
 */
export type Outcome = { outcome: "applied" | "refetched" | "ignored" | "already_processed"; tenantId: string | null };

export const HANDLED_EVENT_TYPES = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
  "customer.updated",
] as const;

/** How many times a re-fetch is retried when the row changed while Stripe answered. */
const MAX_REFETCHES = 3;

export async function processStripeEvent(stripeEventId: string, now: () => Date = () => new Date()): Promise<Outcome> {
  try {
    return await processOnce(stripeEventId, now);
  } catch (error) {
    if (error instanceof AlreadyProcessed) return { outcome: "already_processed", tenantId: error.tenantId };
    throw error;
  }
}

async function processOnce(stripeEventId: string, now: () => Date): Promise<Outcome> {
  const stored = await inboxEvent(stripeEventId);
  if (!stored) throw new Error(`Stripe event ${stripeEventId} is not in the inbox.`);
  if (stored.status === "processed") return { outcome: "already_processed", tenantId: stored.appliedTenantId };
  const event = stored.event;
  const object = event.data.object;
  switch (event.type) {
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted": {
      const subscription = stripeSubscription.parse(object);
      const tenantId = await tenantFor(subscription.customer, subscription.id, subscription.metadata?.tenant_id);
      return applySubscriptionChange(event, tenantId, subscription.id, subscription, now);
    }
    case "checkout.session.completed": {
      const session = stripeCheckoutSession.parse(object);
      const claimed = session.client_reference_id ?? session.metadata?.tenant_id;
      if (session.mode !== "subscription" || !session.subscription || !session.customer) return ignore(event);
      const tenantId = await tenantFor(session.customer, session.subscription, claimed);
      await withTenant({ tenantId }, (tx) => linkCustomer(tx, session.customer!));
      return applySubscriptionChange(event, tenantId, session.subscription, null, now);
    }
    case "invoice.paid":
    case "invoice.payment_failed": {
      const invoice = stripeInvoice.parse(object);
      const subscriptionId = invoice.subscription ?? invoice.parent?.subscription_details?.subscription;
      if (!subscriptionId || !invoice.customer) return ignore(event);
      const tenantId = await tenantFor(invoice.customer, subscriptionId);
      return applySubscriptionChange(event, tenantId, subscriptionId, null, now);
    }
    case "customer.updated": {
      const customer = stripeCustomer.parse(object);
      const tenantId = await tenantOf(customer.id, null);
      if (!tenantId) return ignore(event);
      return withTenant({ tenantId }, async (tx) => {
        await linkCustomer(tx, customer.id, customer.email ?? null);
        return finish(tx, event, tenantId, "applied");
      });
    }
    default:
      return ignore(event);
  }
}

async function applySubscriptionChange(event: StripeEventRecord, tenantId: string, subscriptionId: string, carried: StripeSubscription | null, now: () => Date): Promise<Outcome> {
  const at = new Date(event.created * 1000);
  for (let round = 0; round < MAX_REFETCHES; round++) {
    // 1. Apply the event's own object when it is strictly newer than what was applied (or final).
    const seen = await withTenant({ tenantId }, async (tx): Promise<{ done: Outcome } | { version: string }> => {
      const existing = await lockSubscription(tx, subscriptionId);
      const final = event.type === "customer.subscription.deleted";
      if (carried && (final || !existing || at > existing.lastEventAt)) {
        await storeSubscription(tx, existing, carried, { at, eventId: event.id }, now());
        await refreshPlanInForce(tx, now());
        return { done: await finish(tx, event, tenantId, "applied") };
      }
      return { version: versionOf(existing) };
    });
    if ("done" in seen) return seen.done;
    // 2. Older, same second, or an event that carries no subscription: ask Stripe.
    const fetched = stripeSubscription.parse(await stripeClient().subscriptions.retrieve(subscriptionId));
    const applied = await withTenant({ tenantId }, async (tx) => {
      const existing = await lockSubscription(tx, subscriptionId);
      if (versionOf(existing) !== seen.version) return null; // changed while Stripe answered: look again
      await storeSubscription(tx, existing, fetched, { at, eventId: event.id }, now());
      await refreshPlanInForce(tx, now());
      return finish(tx, event, tenantId, "refetched");
    });
    if (applied) return applied;
  }
  throw new Error(`Subscription ${subscriptionId} kept changing while it was re-fetched; the event will be retried.`);
}

/** Marks the event processed with the state change; a second run rolls its change back. */
async function finish(tx: TenantTx, event: StripeEventRecord, tenantId: string, outcome: Outcome["outcome"]): Promise<Outcome> {
  if (!(await markProcessed(tx, event.id, tenantId))) throw new AlreadyProcessed(tenantId);
  return { outcome, tenantId };
}

/** Thrown inside the applying transaction to roll it back: another run processed the event first. */
class AlreadyProcessed extends Error {
  constructor(readonly tenantId: string | null) {
    super("already processed");
  }
}

async function ignore(event: StripeEventRecord): Promise<Outcome> {
  const first = await markProcessed(runtimeDb(), event.id, null);
  return { outcome: first ? "ignored" : "already_processed", tenantId: null };
}

/** The organization of a Stripe customer/subscription (narrow function of drizzle/0030), or a claimed one (metadata we set) when unknown. */
async function tenantFor(customerId: string, subscriptionId: string | null, claimed?: string | null): Promise<string> {
  const known = await tenantOf(customerId, subscriptionId);
  if (known) return known;
  const claim = async (value: unknown) => {
    const uuid = z.uuid().safeParse(value);
    return uuid.success && uuid.data !== PLATFORM_TENANT_ID && (await tenantExists(uuid.data)) ? uuid.data : null;
  };
  const fromEvent = await claim(claimed);
  if (fromEvent) return fromEvent;
  // An invoice can arrive before the checkout or subscription event that links the customer:
  // the subscription (created by our checkout) names its organization in its metadata.
  if (subscriptionId) {
    const fetched = stripeSubscription.parse(await stripeClient().subscriptions.retrieve(subscriptionId));
    const fromStripe = await claim(fetched.metadata?.tenant_id);
    if (fromStripe) return fromStripe;
  }
  throw new Error(`No organization is linked to Stripe customer ${customerId}${subscriptionId ? ` (subscription ${subscriptionId})` : ""}, and neither the event nor the subscription names one.`);
}

async function tenantOf(customerId: string, subscriptionId: string | null): Promise<string | null> {
  const [row] = await runtimeSql()<{ tenant_id: string | null }[]>`select neuroops_billing_tenant_of(${customerId}, ${subscriptionId}) as tenant_id`;
  return row?.tenant_id ?? null;
}

