import { API_RATE_TIERS, apiRequestsPerMinute, planOf, PLANS, type Plan } from "../modules/orgs/plans";
import { env } from "../platform/env";
import { hitTenantRateLimit, RateLimited, type RateLimitRule } from "../platform/rate-limit";

/**
 * The per-organization API limit: requests per minute by plan (plans.ts, API_RATE_TIERS), over
 * every tenant tRPC procedure and tenant route handler, all members together. Counted on key
 * `tenant:{id}:ratelimit:api` (Upstash when configured, shared by every instance; memory otherwise,
 * with the same fallback as the other limits: ../platform/rate-limit.ts).
 *
 * Where it runs: BEFORE the membership check, keyed on the tenant id the request names. A refused
 * call then costs no transaction and no database round trip, which is the point of the limit (a
 * flood of calls must not turn into a flood of transactions). The price: a signed-in stranger who
 * knows a tenant's id spends that tenant's budget before being refused as a non-member; tenant ids
 * are random uuids that only members see, and such a caller is also limited like anyone else.
 *
 * The plan: the membership query already reads the tenant row, so each admitted request records
 * the tenant's plan here (`rememberTenantPlan`) for the next request of that tenant in this process:
 * no query of its own. A tenant this process has not admitted yet counts against the highest
 * tier's figure: with a shared Upstash count, a lower guess could refuse a big plan's first request
 * on a fresh instance, and refused requests never reach the membership read that would correct it.
 */

const RULE_NAME = "api";
const WINDOW_SECONDS = 60;
const MAX_REMEMBERED_TENANTS = 10_000;
const HIGHEST_FIGURE = Math.max(...Object.values(API_RATE_TIERS));

type State = { plans: Map<string, Plan>; rules: Map<number, RateLimitRule> };
const STATE_KEY = Symbol.for("neuroops.tenantApiLimit");
type GlobalWithState = typeof globalThis & { [STATE_KEY]?: State };

function state(): State {
  const global = globalThis as GlobalWithState;
  global[STATE_KEY] ??= { plans: new Map(), rules: new Map() };
  return global[STATE_KEY];
}

/** Called with what the membership query read: the plan in force for this tenant's next requests. */
export function rememberTenantPlan(tenantId: string, storedPlan: string | null | undefined): void {
  const { plans } = state();
  const plan = planOf({ plan: storedPlan });
  if (plans.get(tenantId) === plan) return;
  plans.delete(tenantId);
  plans.set(tenantId, plan);
  if (plans.size > MAX_REMEMBERED_TENANTS) plans.delete(plans.keys().next().value!);
}

/** The rule object per figure, made once (the hot path allocates nothing for it). */
function ruleFor(perMinute: number): RateLimitRule {
  const { rules } = state();
  let rule = rules.get(perMinute);
  if (!rule) {
    rule = { name: RULE_NAME, limit: perMinute, windowSeconds: WINDOW_SECONDS };
    rules.set(perMinute, rule);
  }
  return rule;
}

/**
 * Counts one API request of the tenant; throws RateLimited (429 with Retry-After through the
 * shared error table) when the organization is over its plan's requests per minute.
 */
export async function enforceTenantApiLimit(tenantId: string): Promise<void> {
  const plan = state().plans.get(tenantId);
  const perMinute = (plan ? apiRequestsPerMinute(plan) : HIGHEST_FIGURE) * env().API_RATE_LIMIT_MULTIPLIER;
  const result = await hitTenantRateLimit(ruleFor(perMinute), tenantId);
  if (result.allowed) return;
  const figure = plan ? `${apiRequestsPerMinute(plan).toLocaleString("en-US")} a minute on the ${PLANS[plan].label} plan` : "its limit";
  throw new RateLimited(
    `This organization has made too many requests (${figure}). Please slow down; try again in ${result.retryAfterSeconds} s.`,
    result.retryAfterSeconds,
  );
}

/** Forgets the remembered plans (tests). */
export function resetTenantApiLimitForTests(): void {
  (globalThis as GlobalWithState)[STATE_KEY] = { plans: new Map(), rules: new Map() };
}
