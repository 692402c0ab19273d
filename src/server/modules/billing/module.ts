import { defineModule } from "../define";
import { STRIPE_EVENT_RECEIVED } from "./events";
import { applyStripeEventJob, graceExpiryCron, syncSeatsJob } from "./jobs";
import { billingNav } from "./nav";

/** Billing: Stripe customers and subscriptions, the webhook inbox, the plan in force (tenants.plan). */
export const billingModule = defineModule({
  id: "billing",
  jobs: [applyStripeEventJob, graceExpiryCron, syncSeatsJob],
  events: [STRIPE_EVENT_RECEIVED],
  nav: billingNav,
});
