import type { TenantTx } from "../../db/tenant";
import type { UsageLimit } from "../orgs/limits";
import { currentPlan } from "../orgs/limits";
import { LIMIT_KEYS, PLANNED_LIMIT_KEYS, PLANS, type LimitKey, type Plan, type PlannedLimitKey } from "../orgs/plans";
import { USAGE_LABELS } from "./labels";
import { planOfPrice } from "./prices";
import { pricingTable, type PricingRow } from "./pricing";
import { stripeConfigured } from "./stripe";
import { PAST_DUE_GRACE_DAYS, subscriptionsOf, type SubscriptionRow } from "./subscriptions";

const DAY_MS = 24 * 60 * 60 * 1000;

/** One plan limit: what the plan in force allows and, where a module counts it, how much is used. */
export type UsageMeter = {
  key: LimitKey | PlannedLimitKey;
  label: string;
  /** null: unlimited on this plan. */
  limit: number | null;
  /** null: no module counts it yet (PLANNED_LIMIT_KEYS), so no usage is shown. */
  used: number | null;
  counted: boolean;
};

export type SubscriptionSummary = {
  status: string;
  plan: Plan | string;
  interval: "monthly" | "yearly" | null;
  seats: number;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  trialEnd: Date | null;
  pastDueSince: Date | null;
  /** When a past_due subscription's plan stops applying (Free limits after it). */
  graceEndsAt: Date | null;
};

export type BillingOverview = {
  plan: Plan;
  planLabel: string;
  stripeConfigured: boolean;
  subscription: SubscriptionSummary | null;
  meters: UsageMeter[];
  pricing: PricingRow[];
};

/** The subscription the page talks about: a live one before a cancelled one, the newest first. */
function currentSubscription(rows: SubscriptionRow[]): SubscriptionRow | null {
  const live = rows.filter((row) => row.status !== "canceled" && row.status !== "incomplete_expired");
  const pool = live.length ? live : rows;
  return pool.reduce<SubscriptionRow | null>((newest, row) => (!newest || row.updatedAt > newest.updatedAt ? row : newest), null);
}

function summarize(row: SubscriptionRow): SubscriptionSummary {
  return {
    status: row.status,
    plan: row.plan,
    interval: row.priceId ? (planOfPrice(row.priceId)?.interval ?? null) : null,
    seats: row.seats,
    currentPeriodEnd: row.currentPeriodEnd,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    trialEnd: row.trialEnd,
    pastDueSince: row.pastDueSince,
    graceEndsAt: row.status === "past_due" && row.pastDueSince ? new Date(row.pastDueSince.getTime() + PAST_DUE_GRACE_DAYS * DAY_MS) : null,
  };
}

/** The plan in force, the subscription and the meters: one short read in the tenant's transaction. */
export async function billingState(tx: TenantTx, limits: readonly UsageLimit[]) {
  const plan = await currentPlan(tx);
  const rows = await subscriptionsOf(tx);
  const meters: UsageMeter[] = [];
  for (const key of [...LIMIT_KEYS, ...PLANNED_LIMIT_KEYS]) {
    const usage = limits.find((limit) => limit.key === key);
    // Counted one after another: a tenant transaction is one connection.
    const used = usage ? await usage.count(tx) : null;
    meters.push({ key, label: USAGE_LABELS[key], limit: PLANS[plan].limits[key], used, counted: usage !== undefined });
  }
  const subscription = currentSubscription(rows);
  return { plan, planLabel: PLANS[plan].label, subscription: subscription ? summarize(subscription) : null, meters };
}

/**
 * Settings → Billing's overview: the tenant's state read in one short transaction, then the
 * pricing table (Stripe's prices, cached) outside it.
 */
export async function billingOverview(scope: { withTenant<T>(fn: (tx: TenantTx) => Promise<T>): Promise<T> }, limits: readonly UsageLimit[]): Promise<BillingOverview> {
  const state = await scope.withTenant((tx) => billingState(tx, limits));
  return { ...state, stripeConfigured: stripeConfigured(), pricing: await pricingTable() };
}
