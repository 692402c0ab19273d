import { defineIsolation } from "../../../test/isolation";
import { startStripeStandIn, type StripeStandIn } from "../../../test/stripe-stand-in";
import { reloadEnv } from "../../platform/env";
import { startCheckout } from "./checkout";

/**
 * Billing (test support for the isolation table). Its procedures call Stripe, so the fixture
 * points the process at a local stand-in (once per test process) and gives each tenant a
 * Stripe customer by starting a checkout as its owner: allowed roles then get real answers
 * (the portal needs a customer), never "Stripe is not configured".
 */
let standIn: Promise<StripeStandIn> | undefined;

function stripeForTests(): Promise<StripeStandIn> {
  standIn ??= startStripeStandIn().then((stripe) => {
    stripe.prices.set("price_isolation_pro_m", { id: "price_isolation_pro_m", unitAmount: 1200, currency: "usd", interval: "month" });
    Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_isolation", STRIPE_API_BASE: stripe.url, STRIPE_PRICE_PRO_MONTHLY: "price_isolation_pro_m" });
    reloadEnv();
    return stripe;
  });
  return standIn;
}

export const billingIsolation = defineIsolation({
  module: "billing",
  async buildFixture({ tenantId, owner }) {
    await stripeForTests();
    await startCheckout({ tenantId, actor: { userId: owner.id, role: "owner" } }, { plan: "pro", interval: "monthly" });
    return {};
  },
  cases: {
    "billing.overview": { minimumRole: "admin", call: (api) => api.billing.overview() },
    "billing.invoices": { minimumRole: "admin", call: (api) => api.billing.invoices({ limit: 5 }) },
    "billing.startCheckout": { minimumRole: "owner", call: (api) => api.billing.startCheckout({ plan: "pro", interval: "monthly" }) },
    "billing.openPortal": { minimumRole: "owner", call: (api) => api.billing.openPortal() },
  },
});
