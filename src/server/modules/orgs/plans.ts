/**
 * The plans, defined once: what each allows (limits; null = unlimited), which features it
 * unlocks, and the names of the environment variables holding its Stripe prices (billing
 * resolves them on the server, `billing/prices.ts`). A tenant's plan is `tenants.plan`:
 * billing sets it from Stripe subscriptions (the plan in force: after a failed payment's
 * grace period it is "free" again), a super admin by hand when Stripe is not configured.
 *
 * Limits are keyed `<module>.<what>` and counted by the module that owns the rows (a
 * `UsageLimit` in that module, listed in its manifest), through `assertCapacity` in
 * ./limits.ts only. Keys in PLANNED_LIMIT_KEYS have their values here but no counting
 * module yet; they move to LIMIT_KEYS when one counts them (none today).
 * Client-safe (the admin's plan picker and the pricing table read this file).
 */
export const LIMIT_KEYS = ["orgs.seats", "crm.contacts", "inventory.products", "ai.documents", "ai.messages_per_month"] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];
export const PLANNED_LIMIT_KEYS = [] as const;
export type PlannedLimitKey = (typeof PLANNED_LIMIT_KEYS)[number];

/** On/off features a plan unlocks, checked with `requireFeature(tx, feature)`. */
export const FEATURES = ["ai_chat", "forecasting", "fraud_scores", "audit_export"] as const;
export type Feature = (typeof FEATURES)[number];

export const FEATURE_LABELS: Record<Feature, string> = {
  ai_chat: "AI chat",
  forecasting: "Forecasting",
  fraud_scores: "Fraud scores",
  audit_export: "Audit-log export",
};

/**
 * The API rate tier: requests per minute per organization, all its members together, over every
 * tenant tRPC call and tenant route (src/server/api/tenant-rate-limit.ts). A page of the app makes
 * about 5–15 calls, so the free tier leaves a few people room to work; it is there to stop a runaway
 * script or integration, not to meter people.
 */
export const API_RATE_TIERS = { standard: 300, elevated: 1_200, high: 6_000 } as const;
export type ApiRateTier = keyof typeof API_RATE_TIERS;

export const BILLING_INTERVALS = ["monthly", "yearly"] as const;
export type BillingInterval = (typeof BILLING_INTERVALS)[number];

/** Environment variables naming Stripe price ids (declared in platform/env.ts and .env.example). */
export type PriceEnvName = "STRIPE_PRICE_PRO_MONTHLY" | "STRIPE_PRICE_PRO_YEARLY" | "STRIPE_PRICE_BUSINESS_MONTHLY" | "STRIPE_PRICE_BUSINESS_YEARLY";

type PlanDefinition = {
  label: string;
  /** Stripe bills it per seat; null: free, nothing to buy. */
  prices: Record<BillingInterval, PriceEnvName> | null;
  limits: Record<LimitKey | PlannedLimitKey, number | null>;
  features: Record<Feature, boolean>;
  apiRateTier: ApiRateTier;
  /** The largest file the AI document library takes. */
  aiDocumentBytes: number;
};

export const PLANS = {
  free: {
    label: "Free",
    prices: null,
    limits: { "orgs.seats": 3, "crm.contacts": 1_000, "inventory.products": 500, "ai.documents": 0, "ai.messages_per_month": 0 },
    features: { ai_chat: false, forecasting: false, fraud_scores: false, audit_export: false },
    apiRateTier: "standard",
    aiDocumentBytes: 5 * 1024 * 1024,
  },
  pro: {
    label: "Pro",
    prices: { monthly: "STRIPE_PRICE_PRO_MONTHLY", yearly: "STRIPE_PRICE_PRO_YEARLY" },
    limits: { "orgs.seats": 50, "crm.contacts": 50_000, "inventory.products": 10_000, "ai.documents": 1_000, "ai.messages_per_month": 2_000 },
    features: { ai_chat: true, forecasting: true, fraud_scores: false, audit_export: true },
    apiRateTier: "elevated",
    aiDocumentBytes: 20 * 1024 * 1024,
  },
  business: {
    label: "Business",
    prices: { monthly: "STRIPE_PRICE_BUSINESS_MONTHLY", yearly: "STRIPE_PRICE_BUSINESS_YEARLY" },
    limits: { "orgs.seats": null, "crm.contacts": null, "inventory.products": null, "ai.documents": 20_000, "ai.messages_per_month": 20_000 },
    features: { ai_chat: true, forecasting: true, fraud_scores: true, audit_export: true },
    apiRateTier: "high",
    aiDocumentBytes: 50 * 1024 * 1024,
  },
} as const satisfies Record<string, PlanDefinition>;

export type Plan = keyof typeof PLANS;

export const PLAN_ORDER: readonly Plan[] = ["free", "pro", "business"];

export function isPlan(value: string): value is Plan {
  return Object.hasOwn(PLANS, value);
}

/** A stored plan name this code no longer knows counts as the free plan (fails towards less). */
export function planOf(tenant: { plan?: string | null }): Plan {
  return tenant.plan && isPlan(tenant.plan) ? tenant.plan : "free";
}

/** Requests per minute the plan allows the organization's API (its tier's figure). */
export function apiRequestsPerMinute(plan: Plan): number {
  return API_RATE_TIERS[PLANS[plan].apiRateTier];
}

/** The cheapest plan that has `feature` (for "upgrade to …" messages). */
export function cheapestPlanWith(feature: Feature): Plan | null {
  return PLAN_ORDER.find((plan) => PLANS[plan].features[feature]) ?? null;
}
