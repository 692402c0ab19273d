import { logger } from "../../platform/logger";
import { BILLING_INTERVALS, FEATURES, PLAN_ORDER, PLANS, type ApiRateTier, type BillingInterval, type Feature, type LimitKey, type Plan, type PlannedLimitKey } from "../orgs/plans";
import { priceIdFor } from "./prices";
import { stripeClient, stripeConfigured } from "./stripe";

/** A per-seat price as Stripe states it (minor units); null amounts when Stripe is not configured or did not answer. */
export type SeatPrice = { priceId: string; unitAmount: number | null; currency: string | null };

export type PricingRow = {
  plan: Plan;
  label: string;
  limits: Record<LimitKey | PlannedLimitKey, number | null>;
  features: Feature[];
  apiRateTier: ApiRateTier;
  /** Per interval: null when the plan is free or this server sells no price for it. */
  prices: Record<BillingInterval, SeatPrice | null>;
};

/** Stripe prices change rarely: each is read at most every few minutes per process. */
const PRICE_CACHE_MS = 5 * 60 * 1000;
const priceCache = new Map<string, { price: SeatPrice; expires: number }>();

async function seatPrice(priceId: string): Promise<SeatPrice> {
  const cached = priceCache.get(priceId);
  if (cached && cached.expires > Date.now()) return cached.price;
  try {
    const price = await stripeClient().prices.retrieve(priceId);
    const seat = { priceId, unitAmount: price.unit_amount ?? null, currency: price.currency ?? null };
    priceCache.set(priceId, { price: seat, expires: Date.now() + PRICE_CACHE_MS });
    return seat;
  } catch (error) {
    // The table still shows limits and features; the amount comes back with Stripe (not cached).
    logger.warn({ err: error, priceId }, "could not read a Stripe price for the pricing table");
    return { priceId, unitAmount: null, currency: null };
  }
}

/** For tests: forget the cached Stripe prices. */
export function forgetCachedPrices(): void {
  priceCache.clear();
}

/**
 * The pricing table, generated from PLANS: limits and features of every plan and, when Stripe
 * is configured, each sold price's amount per seat read from Stripe (never inside a tenant
 * transaction). Unconfigured: no prices, the table shows limits and features only.
 */
export async function pricingTable(): Promise<PricingRow[]> {
  const configured = stripeConfigured();
  return Promise.all(
    PLAN_ORDER.map(async (plan) => {
      const definition = PLANS[plan];
      const prices = Object.fromEntries(
        await Promise.all(
          BILLING_INTERVALS.map(async (interval) => {
            const priceId = configured ? priceIdFor(plan, interval) : undefined;
            return [interval, priceId ? await seatPrice(priceId) : null] as const;
          }),
        ),
      ) as Record<BillingInterval, SeatPrice | null>;
      return {
        plan,
        label: definition.label,
        limits: { ...definition.limits },
        features: FEATURES.filter((feature) => definition.features[feature]),
        apiRateTier: definition.apiRateTier,
        prices,
      };
    }),
  );
}
