import { eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "../../../app/api/stripe/webhook/route";
import { runtimeDb } from "../../db/client";
import { addMember, createTenant, createUser, inTenant } from "../../../test/fixtures";
import { startStripeStandIn, subscriptionObject, type StandInSubscription, type StripeStandIn } from "../../../test/stripe-stand-in";
import { PermanentJobError } from "../../jobs/define";
import { noMembers, runJobOn, tenantEvents } from "../../jobs/testing";
import { LimitReached } from "../../platform/errors";
import { reloadEnv } from "../../platform/env";
import { metricValue } from "../../../test/metrics";
import { PLATFORM_TENANT_ID } from "../orgs/constants";
import { assertSeatAvailable, currentPlan, requireFeature, setCurrentPlan } from "../orgs/limits";
import { STRIPE_EVENT_RECEIVED } from "./events";
import { applyStripeEventJob, endExpiredGracePeriods } from "./jobs";
import { processStripeEvent } from "./process";
import { billingCustomers, billingSubscriptions } from "./schema";
import { subscriptionsOf } from "./subscriptions";

const SECRET = "whsec_test_billing";
const PRO = "price_pro_monthly_test";
const BUSINESS = "price_business_monthly_test";
let stripe: StripeStandIn;
let clock = 1_790_000_000;

beforeAll(async () => {
  stripe = await startStripeStandIn();
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: "sk_test_stand_in",
    STRIPE_WEBHOOK_SECRET: SECRET,
    STRIPE_API_BASE: stripe.url,
    STRIPE_PRICE_PRO_MONTHLY: PRO,
    STRIPE_PRICE_BUSINESS_MONTHLY: BUSINESS,
  });
  reloadEnv();
});

afterAll(async () => {
  await stripe.close();
});

const uid = () => Math.random().toString(36).slice(2, 12);

type Event = { id: string; type: string; created: number; object: Record<string, unknown> };

function event(type: string, object: Record<string, unknown>, created = ++clock): Event {
  return { id: `evt_${uid()}`, type, created, object };
}

const payloadOf = (e: Event) => JSON.stringify({ id: e.id, object: "event", api_version: "2026-11-18.endive", type: e.type, created: e.created, livemode: false, data: { object: e.object } });

function signed(payload: string, secret = SECRET): Request {
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  return new Request("http://localhost/api/stripe/webhook", { method: "POST", headers: { "stripe-signature": signature, "content-type": "application/json" }, body: payload });
}

async function deliver(e: Event): Promise<{ status: number; body: { received?: boolean; duplicate?: boolean; error?: string } }> {
  const response = await POST(signed(payloadOf(e)));
  return { status: response.status, body: (await response.json()) as { received?: boolean; duplicate?: boolean; error?: string } };
}

async function inboxRows(ids: string[]) {
  if (ids.length === 0) return [];
  return runtimeDb().execute<{ stripe_event_id: string; status: string; attempts: number; last_error: string | null }>(
    sql`select stripe_event_id, status, attempts, last_error from billing_webhook_events where stripe_event_id in ${ids}`,
  );
}

async function publishedFor(ids: string[]) {
  const events = await tenantEvents(PLATFORM_TENANT_ID, STRIPE_EVENT_RECEIVED);
  return events.filter((e) => ids.includes(e.data.stripeEventId));
}

/** A tenant with a Stripe customer and a subscription on the stand-in (not yet known to the app). */
async function customerWith(status = "active", priceId = PRO) {
  const { org } = await createTenant();
  const sub: StandInSubscription = { id: `sub_${uid()}`, customer: `cus_${uid()}`, status, priceId, quantity: 2, tenantId: org.id };
  stripe.subscriptions.set(sub.id, sub);
  return { tenantId: org.id, sub };
}

const checkoutCompleted = (tenantId: string, sub: StandInSubscription) =>
  event("checkout.session.completed", { id: `cs_${uid()}`, object: "checkout.session", mode: "subscription", customer: sub.customer, subscription: sub.id, client_reference_id: tenantId, metadata: { tenant_id: tenantId } });

const invoice = (type: "invoice.paid" | "invoice.payment_failed", sub: StandInSubscription) =>
  event(type, { id: `in_${uid()}`, object: "invoice", customer: sub.customer, status: type === "invoice.paid" ? "paid" : "open", parent: { type: "subscription_details", subscription_details: { subscription: sub.id } } });

async function receiveAndProcess(e: Event, now?: () => Date) {
  expect((await deliver(e)).status).toBe(200);
  return processStripeEvent(e.id, now);
}

const stateOf = async (tenantId: string) => inTenant(tenantId, async (tx) => ({ plan: await currentPlan(tx), subscriptions: await subscriptionsOf(tx) }));

describe("the Stripe webhook route", () => {
  it("refuses a missing or bad signature with 400 and writes nothing", async () => {
    const e = event("invoice.paid", { id: "in_x", object: "invoice" });
    const payload = payloadOf(e);
    const missing = await POST(new Request("http://localhost/api/stripe/webhook", { method: "POST", body: payload }));
    const wrongSecret = await POST(signed(payload, "whsec_someone_else"));
    const tampered = await POST(new Request("http://localhost/api/stripe/webhook", { method: "POST", headers: { "stripe-signature": signed(payload).headers.get("stripe-signature")! }, body: payload.replace("invoice.paid", "invoice.payment_failed") }));
    for (const response of [missing, wrongSecret, tampered]) {
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/signature/i);
    }
    expect(await inboxRows([e.id])).toHaveLength(0);
    expect(await publishedFor([e.id])).toHaveLength(0);
  });

  it("stores a duplicate delivery once, publishes it once and processes it once", async () => {
    const { tenantId, sub } = await customerWith();
    const e = checkoutCompleted(tenantId, sub);
    expect(await deliver(e)).toEqual({ status: 200, body: { received: true, duplicate: false } });
    expect(await deliver(e)).toEqual({ status: 200, body: { received: true, duplicate: true } });
    expect(await publishedFor([e.id])).toHaveLength(1);
    expect((await processStripeEvent(e.id)).outcome).toBe("refetched");
    expect((await processStripeEvent(e.id)).outcome).toBe("already_processed");
    expect(await inboxRows([e.id])).toEqual([{ stripe_event_id: e.id, status: "processed", attempts: 1, last_error: null }]);
  });
});

describe("applying Stripe events", () => {
  it("unlocks Pro when a checkout completes", async () => {
    const { tenantId, sub } = await customerWith();
    const refusal = await inTenant(tenantId, (tx) => requireFeature(tx, "ai_chat")).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(LimitReached);
    expect((refusal as LimitReached).message).toMatch(/AI chat is not included in your Free plan/);
    await receiveAndProcess(checkoutCompleted(tenantId, sub));
    const state = await stateOf(tenantId);
    expect(state.plan).toBe("pro");
    expect(state.subscriptions).toMatchObject([{ stripeSubscriptionId: sub.id, status: "active", plan: "pro", seats: 2 }]);
    await inTenant(tenantId, (tx) => requireFeature(tx, "ai_chat"));
  });

  it("keeps a deleted subscription cancelled when an older or a later `updated` arrives", async () => {
    const { tenantId, sub } = await customerWith();
    const created = event("customer.subscription.created", subscriptionObject(sub));
    const olderUpdate = event("customer.subscription.updated", subscriptionObject({ ...sub, quantity: 5 }));
    sub.status = "canceled";
    const deleted = event("customer.subscription.deleted", subscriptionObject(sub));
    await receiveAndProcess(created);
    expect((await stateOf(tenantId)).plan).toBe("pro");
    await receiveAndProcess(deleted);
    expect((await receiveAndProcess(olderUpdate)).outcome).toBe("refetched");
    // Even one that claims to be newer (a replay, a bug) does not revive it.
    await receiveAndProcess(event("customer.subscription.updated", subscriptionObject({ ...sub, status: "active" })));
    const state = await stateOf(tenantId);
    expect(state.plan).toBe("free");
    expect(state.subscriptions).toMatchObject([{ status: "canceled" }]);
  });

  it("gives a failed payment 7 days of grace, then Free limits, and restores the plan once paid", async () => {
    const { tenantId, sub } = await customerWith("active", BUSINESS);
    await receiveAndProcess(checkoutCompleted(tenantId, sub));
    expect((await stateOf(tenantId)).plan).toBe("business");

    sub.status = "past_due";
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3_600_000);
    await receiveAndProcess(invoice("invoice.payment_failed", sub), () => eightDaysAgo);
    let state = await stateOf(tenantId);
    expect(state.subscriptions).toMatchObject([{ status: "past_due", pastDueSince: eightDaysAgo }]);
    expect(state.plan).toBe("business"); // applied as of eight days ago: still in grace then

    await endExpiredGracePeriods();
    state = await stateOf(tenantId);
    expect(state.plan).toBe("free");
    expect(state.subscriptions).toMatchObject([{ status: "past_due", plan: "business" }]); // nothing deleted
    const refusal = await inTenant(tenantId, (tx) => requireFeature(tx, "fraud_scores")).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(LimitReached);

    sub.status = "active";
    await receiveAndProcess(invoice("invoice.paid", sub));
    state = await stateOf(tenantId);
    expect(state.plan).toBe("business");
    expect(state.subscriptions).toMatchObject([{ status: "active", pastDueSince: null }]);
    const audit = await inTenant(tenantId, (tx) => tx.execute<{ action: string }>(sql`select action from audit_log where action like 'billing.%' order by created_at`));
    expect(audit.map((row) => row.action)).toContain("billing.plan_changed");
  });
});

describe("tenancy of billing state", () => {
  it("shows a tenant's customer and subscriptions to that tenant only, and nothing without a tenant", async () => {
    const { tenantId, sub } = await customerWith();
    await receiveAndProcess(checkoutCompleted(tenantId, sub));
    const { org: other } = await createTenant();
    const count = (rows: unknown[]) => rows.length;
    expect(await inTenant(tenantId, async (tx) => [count(await tx.select().from(billingSubscriptions)), count(await tx.select().from(billingCustomers))])).toEqual([1, 1]);
    expect(await inTenant(other.id, async (tx) => [count(await tx.select().from(billingSubscriptions)), count(await tx.select().from(billingCustomers))])).toEqual([0, 0]);
    const noTenant = await runtimeDb().execute<{ n: number }>(sql`select (select count(*) from billing_subscriptions)::int + (select count(*) from billing_customers)::int as n`);
    expect(noTenant[0]!.n).toBe(0);
    // Another tenant cannot write into this one's subscription either.
    const updated = await inTenant(other.id, (tx) => tx.update(billingSubscriptions).set({ status: "active" }).where(eq(billingSubscriptions.stripeSubscriptionId, sub.id)).returning());
    expect(updated).toEqual([]);
  });
});

describe("entitlements", () => {
  it("refuses a fourth seat on Free, naming the plan and the limit", async () => {
    const { org } = await createTenant();
    for (let i = 0; i < 2; i++) await addMember(org.id, (await createUser()).id, "member");
    const refusal = await inTenant(org.id, (tx) => assertSeatAvailable(tx)).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(LimitReached);
    expect(refusal).toMatchObject({ limit: "orgs.seats", plan: "free", message: expect.stringMatching(/Free plan includes 3 seats/) });
    await inTenant(org.id, (tx) => setCurrentPlan(tx, "pro"));
    await inTenant(org.id, (tx) => assertSeatAvailable(tx));
  });
});

describe("the processing job", () => {
  it("records a failed attempt on the inbox row (status, error) and gives up on a price nobody sells", async () => {
    const { tenantId, sub } = await customerWith("active", "price_nobody_sells");
    const e = checkoutCompleted(tenantId, sub);
    expect((await deliver(e)).status).toBe(200);
    const [published] = await publishedFor([e.id]);
    const failure = await runJobOn(applyStripeEventJob, PLATFORM_TENANT_ID, published!, noMembers).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentJobError);
    expect(await inboxRows([e.id])).toEqual([{ stripe_event_id: e.id, status: "failed", attempts: 1, last_error: expect.stringMatching(/price_nobody_sells/) }]);
    expect((await stateOf(tenantId)).plan).toBe("free");
  });
});

describe("neuroops_stripe_webhooks_total", () => {
  const count = (result: string) => metricValue("neuroops_stripe_webhooks_total", { result });

  it("counts a bad signature and a duplicate at the route, then the job's processing and its repeat", async () => {
    const { tenantId, sub } = await customerWith();
    const e = checkoutCompleted(tenantId, sub);
    const before = { invalid: await count("invalid_signature"), duplicate: await count("duplicate"), processed: await count("processed"), failed: await count("failed") };
    expect((await POST(signed(payloadOf(e), "whsec_someone_else"))).status).toBe(400);
    expect((await deliver(e)).status).toBe(200);
    expect((await deliver(e)).body.duplicate).toBe(true);
    expect(await count("invalid_signature")).toBe(before.invalid + 1);
    expect(await count("duplicate")).toBe(before.duplicate + 1);
    expect(await count("processed")).toBe(before.processed);
    const [published] = await publishedFor([e.id]);
    await runJobOn(applyStripeEventJob, PLATFORM_TENANT_ID, published!, noMembers);
    expect(await count("processed")).toBe(before.processed + 1);
    await runJobOn(applyStripeEventJob, PLATFORM_TENANT_ID, published!, noMembers);
    expect(await count("duplicate")).toBe(before.duplicate + 2);
    expect(await count("failed")).toBe(before.failed);
  });
});

describe("deliveries in parallel, duplicated and out of order", () => {
  it("converge to Stripe's final state with each event processed once", async () => {
    const SUBSCRIPTIONS = 10;
    const EVENTS_PER_SUBSCRIPTION = 16;
    const statuses = ["trialing", "active", "past_due", "active"];
    const unique: Event[] = [];
    const finals: { tenantId: string; sub: StandInSubscription }[] = [];
    for (let s = 0; s < SUBSCRIPTIONS; s++) {
      const { tenantId, sub } = await customerWith();
      let created = (clock += 100);
      for (let i = 0; i < EVENTS_PER_SUBSCRIPTION; i++) {
        const last = i === EVENTS_PER_SUBSCRIPTION - 1;
        const ends = last && s % 4 === 0; // some end deleted
        Object.assign(sub, { status: ends ? "canceled" : statuses[(i + s) % statuses.length]!, quantity: 1 + ((i * 7 + s) % 20), priceId: (i + s) % 3 === 0 ? BUSINESS : PRO });
        if (i % 5 !== 4) created += 1; // every fifth event shares its second with the one before: doubt
        const type = i === 0 ? "customer.subscription.created" : ends ? "customer.subscription.deleted" : i % 6 === 3 ? "invoice.paid" : "customer.subscription.updated";
        unique.push(type === "invoice.paid" ? { ...invoice("invoice.paid", sub), created } : event(type, subscriptionObject(sub), created));
      }
      finals.push({ tenantId, sub }); // the stand-in now holds each subscription's final state
    }
    const duplicates = Array.from({ length: 40 }, (_, i) => unique[(i * 37) % unique.length]!);
    const deliveries = shuffle([...unique, ...duplicates]);
    expect(deliveries).toHaveLength(200);

    const answers = await Promise.all(deliveries.map((e) => deliver(e)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.body.duplicate)).toHaveLength(40);
    const ids = unique.map((e) => e.id);
    expect(await publishedFor(ids)).toHaveLength(unique.length);

    // Every delivery's job runs (duplicates too), 8 at a time, retried as the outbox would.
    const queue = shuffle(deliveries.map((e) => e.id));
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let id = queue.pop(); id; id = queue.pop()) {
          for (let attempt = 1; ; attempt++) {
            try {
              await processStripeEvent(id);
              break;
            } catch (error) {
              if (attempt >= 5) throw error;
            }
          }
        }
      }),
    );

    const rows = await inboxRows(ids);
    expect(rows).toHaveLength(unique.length);
    expect(rows.filter((row) => row.status !== "processed" || row.attempts !== 1)).toEqual([]);
    for (const { tenantId, sub } of finals) {
      const state = await stateOf(tenantId);
      const plan = sub.priceId === BUSINESS ? "business" : "pro";
      expect(state.subscriptions, sub.id).toMatchObject([{ stripeSubscriptionId: sub.id, status: sub.status, seats: sub.quantity, plan }]);
      expect(state.plan, sub.id).toBe(sub.status === "canceled" ? "free" : plan);
    }
    expect(stripe.calls.filter((call) => call.startsWith("GET /v1/subscriptions/")).length).toBeGreaterThan(0);
  }, 120_000);
});

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
