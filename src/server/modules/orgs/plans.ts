/**
 * The plans and what each allows; null = unlimited. A tenant's plan is `tenants.plan`:
 * billing sets it from Stripe subscriptions, a super admin by hand. Limits are keyed
 * `<module>.<what>` and counted by the module that owns the rows (a `UsageLimit` in
 * that module, listed in its manifest), through `assertCapacity` in ./limits.ts only.
 * Client-safe (the admin's plan picker reads the labels).
 */
export const LIMIT_KEYS = ["orgs.seats", "crm.contacts"] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];

export const PLANS = {
  free: { label: "Free", limits: { "orgs.seats": null, "crm.contacts": 1_000 } },
  pro: { label: "Pro", limits: { "orgs.seats": null, "crm.contacts": 50_000 } },
  business: { label: "Business", limits: { "orgs.seats": null, "crm.contacts": null } },
} as const satisfies Record<string, { label: string; limits: Record<LimitKey, number | null> }>;

export type Plan = keyof typeof PLANS;

export function isPlan(value: string): value is Plan {
  return Object.hasOwn(PLANS, value);
}

/** A stored plan name this code no longer knows counts as the free plan (fails towards less). */
export function planOf(tenant: { plan?: string | null }): Plan {
  return tenant.plan && isPlan(tenant.plan) ? tenant.plan : "free";
}
