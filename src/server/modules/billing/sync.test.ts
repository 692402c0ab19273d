import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscribe, useStripeStandIn } from "../../../test/billing";
import { createTenant, inTenant } from "../../../test/fixtures";
import type { StripeStandIn } from "../../../test/stripe-stand-in";
import { currentPlan, setCurrentPlan } from "../orgs/limits";
import { describeSync, syncBilling, syncOrganization } from "./sync";
import { subscriptionsOf } from "./subscriptions";

let stripe: StripeStandIn;
beforeAll(async () => {
  stripe = await useStripeStandIn();
});
afterAll(async () => {
  await stripe.close();
});

const stateOf = (tenantId: string) => inTenant(tenantId, async (tx) => ({ plan: await currentPlan(tx), subscriptions: await subscriptionsOf(tx) }));

describe("billing:sync", () => {
  it("repairs a missed event (Stripe changed, no webhook) and a second run changes nothing", async () => {
    const { org } = await createTenant();
    const sub = await subscribe(stripe, org.id, { status: "past_due", quantity: 2 });
    // The grace period had ended locally: Free limits.
    await inTenant(org.id, (tx) => setCurrentPlan(tx, "free"));
    // The customer paid, and the `invoice.paid` webhook never arrived.
    Object.assign(sub, { status: "active", quantity: 4 });

    const first = await syncOrganization(org.id);
    expect(describeSync(first)).toBe(`${org.slug}: subscription ${sub.id} past_due → active, seats 2 → 4; plan free → pro`);
    const state = await stateOf(org.id);
    expect(state.plan).toBe("pro");
    expect(state.subscriptions).toMatchObject([{ stripeSubscriptionId: sub.id, status: "active", seats: 4, pastDueSince: null }]);

    const second = await syncOrganization(org.id);
    expect(describeSync(second)).toBe(`${org.slug}: in step`);
    expect(await stateOf(org.id)).toMatchObject({ plan: "pro", subscriptions: [{ status: "active", seats: 4 }] });
  });

  it("adds a subscription the app never heard of, and keeps a cancelled one cancelled", async () => {
    const { org } = await createTenant();
    const first = await subscribe(stripe, org.id);
    first.status = "canceled";
    // Cancelled and a new one started, both without webhooks.
    stripe.subscriptions.set("sub_missed_" + org.id, { id: `sub_missed_${org.id}`, customer: first.customer, status: "active", priceId: first.priceId, quantity: 3, tenantId: org.id });
    const report = await syncOrganization(org.id);
    expect(report.changes.sort()).toEqual([`subscription ${first.id} active → canceled`, `subscription sub_missed_${org.id} added (pro, active, 3 seats)`].sort());
    expect((await stateOf(org.id)).plan).toBe("pro");
    // Stripe's record of the old one says active again (a bug, a test clock): cancelled stays cancelled.
    first.status = "active";
    await syncOrganization(org.id);
    expect((await stateOf(org.id)).subscriptions.find((s) => s.stripeSubscriptionId === first.id)?.status).toBe("canceled");
  });

  it("goes through every organization with a Stripe customer, or the one named", async () => {
    const { org } = await createTenant();
    await subscribe(stripe, org.id);
    const all = await syncBilling();
    expect(all.map((r) => r.tenantId)).toContain(org.id);
    expect(await syncBilling({ slug: org.slug })).toMatchObject([{ tenantId: org.id, changes: [] }]);
    const { org: never } = await createTenant();
    expect(await syncBilling({ slug: never.slug })).toMatchObject([{ error: expect.stringMatching(/no Stripe customer/) }]);
    await expect(syncBilling({ slug: "no-such-org-anywhere" })).rejects.toThrow(/No organization has the address/);
  });
});
