import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createTenant, createUser, inTenant } from "../../../test/fixtures";
import { startStripeStandIn, type StripeStandIn } from "../../../test/stripe-stand-in";
import { Forbidden } from "../../platform/errors";
import { reloadEnv } from "../../platform/env";
import { startCheckout } from "./checkout";
import { billingCustomers } from "./schema";

let stripe: StripeStandIn;

beforeAll(async () => {
  stripe = await startStripeStandIn();
  Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_stand_in", STRIPE_API_BASE: stripe.url, STRIPE_PRICE_PRO_MONTHLY: "price_pro_m", STRIPE_PRICE_BUSINESS_YEARLY: "price_business_y" });
  reloadEnv();
});

afterAll(async () => {
  await stripe.close();
});

describe("starting an upgrade", () => {
  it("creates the organization's Stripe customer once and a per-seat Checkout session naming the organization", async () => {
    const { org, owner } = await createTenant();
    await addMember(org.id, (await createUser()).id, "member");
    const actor = { userId: owner.id, role: "owner" as const };
    const first = await startCheckout({ tenantId: org.id, actor }, { plan: "pro", interval: "monthly" });
    expect(first.url).toMatch(/^http:\/\/stand-in\.local\/checkout\/cs_/);
    const second = await startCheckout({ tenantId: org.id, actor }, { plan: "business", interval: "yearly" });

    const created = [...stripe.customers.values()].filter((c) => c["metadata[tenant_id]"] === org.id);
    expect(created).toHaveLength(1);
    const linked = await inTenant(org.id, (tx) => tx.select().from(billingCustomers));
    expect(linked).toMatchObject([{ tenantId: org.id, stripeCustomerId: [...stripe.customers.entries()].find(([, c]) => c["metadata[tenant_id]"] === org.id)![0] }]);
    expect(stripe.sessions.get(first.sessionId)).toMatchObject({
      mode: "subscription",
      customer: linked[0]!.stripeCustomerId,
      client_reference_id: org.id,
      "metadata[tenant_id]": org.id,
      "subscription_data[metadata][tenant_id]": org.id,
      "line_items[0][price]": "price_pro_m",
      "line_items[0][quantity]": "2",
    });
    expect(stripe.sessions.get(second.sessionId)).toMatchObject({ "line_items[0][price]": "price_business_y", customer: linked[0]!.stripeCustomerId });
  });

  it("is for owners only", async () => {
    const { org } = await createTenant();
    const admin = await createUser();
    await addMember(org.id, admin.id, "admin");
    await expect(startCheckout({ tenantId: org.id, actor: { userId: admin.id, role: "admin" } }, { plan: "pro", interval: "monthly" })).rejects.toBeInstanceOf(Forbidden);
  });
});
