import { defineIsolation } from "../../../test/isolation";
import { stripeStandInForThisProcess } from "../../../test/stripe-stand-in";
import { startCheckout } from "./checkout";

/**
 * Billing (test support for the isolation table). Its procedures call Stripe, so the fixture
 * points the process at a local stand-in (once per test process) and gives each tenant a
 * Stripe customer by starting a checkout as its owner: allowed roles then get real answers
 * (the portal needs a customer), never "Stripe is not configured".
 */
export const billingIsolation = defineIsolation({
  module: "billing",
  async buildFixture({ tenantId, owner }) {
    await stripeStandInForThisProcess();
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
