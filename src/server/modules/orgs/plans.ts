/**
 * The plans and what each allows; null = unlimited. A tenant's plan is `tenants.plan`:
 * billing sets it from Stripe subscriptions, a super admin by hand. Limits are checked
 * through the functions in ./limits.ts only.
 */
export const PLANS = {
  free: { label: "Free", seats: null, contacts: 1_000 },
  pro: { label: "Pro", seats: null, contacts: 50_000 },
  business: { label: "Business", seats: null, contacts: null },
} as const satisfies Record<string, { label: string; seats: number | null; contacts: number | null }>;

export type Plan = keyof typeof PLANS;

export function isPlan(value: string): value is Plan {
  return Object.hasOwn(PLANS, value);
}

/** A stored plan name this code no longer knows counts as the free plan (fails towards less). */
export function planOf(tenant: { plan?: string | null }): Plan {
  return tenant.plan && isPlan(tenant.plan) ? tenant.plan : "free";
}
