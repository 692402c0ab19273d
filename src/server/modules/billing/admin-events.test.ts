import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutCompletedFor, receive, receiveAndProcess, uid, useStripeStandIn } from "../../../test/billing";
import { contextFor, createTenant, createUser, inTenant } from "../../../test/fixtures";
import type { StripeStandIn, StandInSubscription } from "../../../test/stripe-stand-in";
import { createVerifiedUser } from "../../../test/verified";
import { createCallerFactory } from "../../api/trpc";
import { withTenant } from "../../db/tenant";
import { noMembers, runJobOn, tenantEvents } from "../../jobs/testing";
import { reloadEnv } from "../../platform/env";
import type { SessionUser } from "../accounts/service";
import { adminRouter } from "../admin/router";
import { PLATFORM_TENANT_ID } from "../orgs/constants";
import { currentPlan } from "../orgs/limits";
import { STRIPE_EVENT_RECEIVED } from "./events";
import { applyStripeEventJob } from "./jobs";

let stripe: StripeStandIn;
let superAdmin: SessionUser;
beforeAll(async () => {
  stripe = await useStripeStandIn();
  superAdmin = await createVerifiedUser({ name: "Platform Admin" });
  process.env.SUPER_ADMIN_EMAIL = superAdmin.email;
  reloadEnv();
});
afterAll(async () => {
  await stripe.close();
});

const admin = () => createCallerFactory(adminRouter)(contextFor(superAdmin));

/** Runs the processing job on the newest outbox event for `stripeEventId` (the replay's), as the outbox would. */
async function runLatestJob(stripeEventId: string) {
  const events = (await tenantEvents(PLATFORM_TENANT_ID, STRIPE_EVENT_RECEIVED)).filter((e) => e.data.stripeEventId === stripeEventId);
  return runJobOn(applyStripeEventJob, PLATFORM_TENANT_ID, events.at(-1)!, noMembers).catch((error: unknown) => error);
}

const subscriptionAudits = (tenantId: string) =>
  inTenant(tenantId, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where action in ('billing.subscription.changed', 'billing.plan_changed')`)).then((rows) => rows[0]!.n);

describe("/admin → Billing events", () => {
  it("is for the super admin only", async () => {
    const someone = await createUser();
    const caller = createCallerFactory(adminRouter)(contextFor(someone));
    // One call at a time: a refusal made before the previous one is awaited is an unhandled rejection.
    for (const call of [() => caller.billingEvents({}), () => caller.billingEvent({ stripeEventId: "evt_x" }), () => caller.replayBillingEvent({ stripeEventId: "evt_x" })]) {
      await expect(call()).rejects.toSatisfy((error) => error instanceof TRPCError && error.code === "FORBIDDEN");
    }
  });

  it("lists events newest first with status, attempts, error and organization; filters by status; pages by cursor; shows the payload", async () => {
    const { org } = await createTenant();
    const applied = { id: `sub_${uid()}`, customer: `cus_${uid()}`, status: "active", priceId: "price_pro_monthly_test", quantity: 1, tenantId: org.id };
    stripe.subscriptions.set(applied.id, applied);
    const ok = checkoutCompletedFor(org.id, applied);
    await receiveAndProcess(ok);
    const pending = checkoutCompletedFor(org.id, applied);
    await receive(pending);

    const all = await admin().billingEvents({ limit: 1 });
    expect(all.items).toMatchObject([{ stripeEventId: pending.id, status: "received", attempts: 0, organization: null }]);
    const next = await admin().billingEvents({ limit: 1, cursor: all.nextCursor! });
    expect(next.items).toMatchObject([{ stripeEventId: ok.id, status: "processed", attempts: 1, lastError: null, organization: { id: org.id, slug: org.slug, name: org.name } }]);
    const processed = await admin().billingEvents({ status: "processed", limit: 100 });
    expect(processed.items.map((e) => e.stripeEventId)).toContain(ok.id);
    expect(processed.items.map((e) => e.stripeEventId)).not.toContain(pending.id);
    const detail = await admin().billingEvent({ stripeEventId: ok.id });
    expect(detail.payload).toMatchObject({ id: ok.id, type: "checkout.session.completed", data: { object: { subscription: applied.id } } });
    await expect(admin().billingEvent({ stripeEventId: "evt_nobody" })).rejects.toSatisfy((error) => error instanceof TRPCError && error.code === "NOT_FOUND");
  });

  it("replays a failed event once the cause is fixed, audited as a platform action", async () => {
    const { org } = await createTenant();
    const sub: StandInSubscription = { id: `sub_${uid()}`, customer: `cus_${uid()}`, status: "active", priceId: `price_new_${uid()}`, quantity: 2, tenantId: org.id };
    stripe.subscriptions.set(sub.id, sub);
    const e = checkoutCompletedFor(org.id, sub);
    await receive(e);
    await runLatestJob(e.id);
    expect((await admin().billingEvent({ stripeEventId: e.id })).status).toBe("failed");
    expect((await admin().billingEvent({ stripeEventId: e.id })).lastError).toMatch(/is none of STRIPE_PRICE/);

    // The operator adds the price to the environment, then replays.
    process.env.STRIPE_PRICE_BUSINESS_YEARLY = sub.priceId;
    reloadEnv();
    expect(await admin().replayBillingEvent({ stripeEventId: e.id })).toEqual({ queued: true, status: "failed" });
    expect(await runLatestJob(e.id)).toMatchObject({ outcome: "refetched", tenantId: org.id });
    expect(await inTenant(org.id, (tx) => currentPlan(tx))).toBe("business");
    expect(await admin().billingEvent({ stripeEventId: e.id })).toMatchObject({ status: "processed", attempts: 2, lastError: null });

    const audit = await withTenant({ tenantId: PLATFORM_TENANT_ID }, (tx) =>
      tx.execute<{ actor_user_id: string; entity_id: string }>(sql`select actor_user_id, entity_id from audit_log where action = 'billing.event_replayed' and entity_id = ${e.id}`),
    );
    expect(audit).toMatchObject([{ actor_user_id: superAdmin.id, entity_id: e.id }]);
  });

  it("replaying a processed event changes nothing a second time", async () => {
    const { org } = await createTenant();
    const sub: StandInSubscription = { id: `sub_${uid()}`, customer: `cus_${uid()}`, status: "active", priceId: "price_pro_monthly_test", quantity: 1, tenantId: org.id };
    stripe.subscriptions.set(sub.id, sub);
    const e = checkoutCompletedFor(org.id, sub);
    await receiveAndProcess(e);
    const audits = await subscriptionAudits(org.id);
    sub.status = "past_due"; // Stripe moved on: a re-application would show it
    await admin().replayBillingEvent({ stripeEventId: e.id });
    expect(await runLatestJob(e.id)).toMatchObject({ outcome: "already_processed", tenantId: org.id });
    expect(await subscriptionAudits(org.id)).toBe(audits);
    expect(await admin().billingEvent({ stripeEventId: e.id })).toMatchObject({ status: "processed", attempts: 1 });
  });
});
