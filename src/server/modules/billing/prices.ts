import { env } from "../../platform/env";
import { BILLING_INTERVALS, PLAN_ORDER, PLANS, type BillingInterval, type Plan } from "../orgs/plans";

/** The Stripe price id of a paid plan and interval, from the environment (orgs/plans.ts names the variables). */
export function priceIdFor(plan: Plan, interval: BillingInterval): string | undefined {
  const prices = PLANS[plan].prices;
  return prices ? env()[prices[interval]] : undefined;
}

/** Which plan (and interval) a Stripe price id sells; undefined for a price this app does not know. */
export function planOfPrice(priceId: string): { plan: Plan; interval: BillingInterval } | undefined {
  for (const plan of PLAN_ORDER) {
    for (const interval of BILLING_INTERVALS) if (priceIdFor(plan, interval) === priceId) return { plan, interval };
  }
  return undefined;
}
