import Stripe from "stripe";
import { reloadEnv } from "../server/platform/env";
import { startStripeStandIn, type StandInSubscription, type StripeStandIn } from "./stripe-stand-in";
import { receiveStripeWebhook } from "../server/modules/billing/inbox";
import { processStripeEvent } from "../server/modules/billing/process";

/* Test support for billing's tests (seat sync, billing:sync, the admin's events): Stripe is the local stand-in. */

export const TEST_WEBHOOK_SECRET = "whsec_test_billing_ops";
export const TEST_PRO = "price_pro_monthly_test";
export const TEST_BUSINESS = "price_business_monthly_test";

/** Starts the stand-in and points the environment at it (call in beforeAll; close in afterAll). */
export async function useStripeStandIn(): Promise<StripeStandIn> {
  const stripe = await startStripeStandIn();
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: "sk_test_stand_in",
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    STRIPE_API_BASE: stripe.url,
    STRIPE_PRICE_PRO_MONTHLY: TEST_PRO,
    STRIPE_PRICE_BUSINESS_MONTHLY: TEST_BUSINESS,
  });
  reloadEnv();
  return stripe;
}

export const uid = () => Math.random().toString(36).slice(2, 12);
let clock = 1_795_000_000;

export type TestEvent = { id: string; type: string; created: number; object: Record<string, unknown> };

export function stripeEventOf(type: string, object: Record<string, unknown>, created = ++clock): TestEvent {
  return { id: `evt_${uid()}`, type, created, object };
}

export const checkoutCompletedFor = (tenantId: string, sub: StandInSubscription) =>
  stripeEventOf("checkout.session.completed", { id: `cs_${uid()}`, object: "checkout.session", mode: "subscription", customer: sub.customer, subscription: sub.id, client_reference_id: tenantId, metadata: { tenant_id: tenantId } });

/** Signs and stores the event as the webhook route does (no processing). */
export async function receive(e: TestEvent): Promise<void> {
  const payload = JSON.stringify({ id: e.id, object: "event", api_version: "2026-11-18.endive", type: e.type, created: e.created, livemode: false, data: { object: e.object } });
  const receipt = await receiveStripeWebhook(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret: TEST_WEBHOOK_SECRET }));
  if ("message" in receipt) throw new Error(receipt.message);
}

export async function receiveAndProcess(e: TestEvent) {
  await receive(e);
  return processStripeEvent(e.id);
}

/** A subscription on the stand-in for `tenantId`, and the app told of it by a completed checkout. */
export async function subscribe(stripe: StripeStandIn, tenantId: string, overrides: Partial<StandInSubscription> = {}): Promise<StandInSubscription> {
  const sub: StandInSubscription = { id: `sub_${uid()}`, customer: `cus_${uid()}`, status: "active", priceId: TEST_PRO, quantity: 1, tenantId, ...overrides };
  stripe.subscriptions.set(sub.id, sub);
  await receiveAndProcess(checkoutCompletedFor(tenantId, sub));
  return sub;
}
