import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { codeOf, contextFor, createTenant, createUser, inTenant } from "../../test/fixtures";
import { sessionCookie } from "../../test/http";
import { pointAppAtUpstash, useUpstashAdapter } from "../../test/upstash-app";
import { setCurrentPlan } from "../modules/orgs/limits";
import { API_RATE_TIERS, type Plan } from "../modules/orgs/plans";
import type { SessionUser } from "../modules/accounts/service";
import { reloadEnv } from "../platform/env";
import { resetRateLimitsForTests } from "../platform/rate-limit";
import { createCaller } from "./root";
import { tenantRoute } from "./tenant-route";
import { enforceTenantApiLimit, resetTenantApiLimitForTests } from "./tenant-rate-limit";

const FREE = API_RATE_TIERS.standard;
const PRO = API_RATE_TIERS.elevated;
const REFUSAL = /^This organization has made too many requests \((\d|,)+ a minute on the (Free|Pro) plan\)\. Please slow down; try again in \d+ s\.$/;

/** A tenant on `plan` whose plan this process has learned from one admitted call (as in production). */
async function tenantOn(plan: Plan) {
  const { org, owner } = await createTenant();
  if (plan !== "free") await inTenant(org.id, (tx) => setCurrentPlan(tx, plan));
  await createCaller(contextFor(owner, org.id)).orgs.current();
  return { org, owner };
}

/** `count` more requests of the tenant, each of them let through. */
async function spend(tenantId: string, count: number) {
  for (let i = 0; i < count; i++) await enforceTenantApiLimit(tenantId);
}

/** One tRPC call: its outcome and the response headers it set. */
async function trpcCall(user: SessionUser, tenantId: string) {
  const ctx = contextFor(user, tenantId);
  const error = await createCaller(ctx)
    .orgs.current()
    .then(() => null, (caught: unknown) => caught);
  return { error, retryAfter: ctx.resHeaders!.get("Retry-After") };
}

const okRoute = tenantRoute({}, async (_request, ctx) => Response.json({ tenant: ctx.tenant.id }));
async function routeCall(user: SessionUser, tenantId: string) {
  const headers = new Headers({ cookie: await sessionCookie(user), "x-tenant-id": tenantId });
  const response = await okRoute(new Request("http://localhost/api/probe", { headers }));
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as { error?: string; tenant?: string } };
}

/** Waits out the last seconds of a minute: @upstash/ratelimit's windows follow the wall clock. */
async function awayFromWindowEdge(marginMs = 10_000) {
  const into = Date.now() % 60_000;
  if (into > 60_000 - marginMs) await new Promise((resolve) => setTimeout(resolve, 60_000 - into + 50));
}

/** How a test makes many requests at once: one by one through the limiter, or as other processes' requests already counted. */
type SpendMany = (tenantId: string, count: number) => Promise<void>;

function definePlanLimitTests(spendMany: SpendMany) {
  it("answers 429 with Retry-After to a tenant over its plan's requests per minute, before any transaction, while another tenant is served", async () => {
    const busy = await tenantOn("free");
    const calm = await tenantOn("free");
    await spend(busy.org.id, FREE - 1); // the admitted call above was the first

    const refused = await trpcCall(busy.owner, busy.org.id);
    expect(refused.error).toBeInstanceOf(TRPCError);
    const error = refused.error as TRPCError;
    expect(error.code).toBe("TOO_MANY_REQUESTS");
    expect(getHTTPStatusCodeFromError(error)).toBe(429);
    expect(error.message).toMatch(REFUSAL);
    expect(error.message).toContain("300 a minute on the Free plan");
    const retryAfter = Number(refused.retryAfter);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(error.message).toContain(`try again in ${retryAfter} s`);

    // The same limit on route handlers: 429, Retry-After, the message in { error }.
    const route = await routeCall(busy.owner, busy.org.id);
    expect(route).toMatchObject({ status: 429, body: { error: expect.stringMatching(REFUSAL) } });
    expect(Number(route.retryAfter)).toBeGreaterThanOrEqual(1);

    // Gated procedures (they call Stripe or a model outside the transaction) are limited too.
    expect(await codeOf(createCaller(contextFor(busy.owner, busy.org.id)).billing.overview())).toBe("TOO_MANY_REQUESTS");

    // Counted before the membership check: a stranger naming the tenant gets 429, not 403 (no transaction ran).
    const stranger = await createUser();
    expect(await codeOf(createCaller(contextFor(stranger, busy.org.id)).orgs.current())).toBe("TOO_MANY_REQUESTS");

    // Another tenant is served, on tRPC and on routes.
    expect((await trpcCall(calm.owner, calm.org.id)).error).toBeNull();
    expect(await routeCall(calm.owner, calm.org.id)).toMatchObject({ status: 200, body: { tenant: calm.org.id } });
  });

  it("lets a higher plan make more requests", async () => {
    const pro = await tenantOn("pro");
    await spendMany(pro.org.id, FREE); // past the free figure: still served
    expect((await trpcCall(pro.owner, pro.org.id)).error).toBeNull();
    await spendMany(pro.org.id, PRO - FREE - 2); // the two calls above count too: now exactly at the Pro figure
    const refused = await trpcCall(pro.owner, pro.org.id);
    expect((refused.error as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    expect((refused.error as TRPCError).message).toContain("1,200 a minute on the Pro plan");
  });
}

describe("the per-organization API limit in memory", () => {
  beforeEach(() => {
    pointAppAtUpstash(null);
    process.env.API_RATE_LIMIT_MULTIPLIER = "1";
    reloadEnv();
    // A clock standing still mid-minute: the window arithmetic is deterministic.
    const now = Math.floor(Date.now() / 60_000) * 60_000 + 30_000;
    resetRateLimitsForTests({ now: () => now });
    resetTenantApiLimitForTests();
  });
  afterEach(() => {
    process.env.API_RATE_LIMIT_MULTIPLIER = "1000";
    reloadEnv();
    resetRateLimitsForTests();
    resetTenantApiLimitForTests();
  });

  definePlanLimitTests(spend);

  it("lets requests through again as the window slides, and costs microseconds per request", async () => {
    let now = Math.floor(Date.now() / 60_000) * 60_000;
    resetRateLimitsForTests({ now: () => now });
    const tenantId = crypto.randomUUID(); // unknown to this process: the highest tier's figure
    const highest = API_RATE_TIERS.high;
    const started = performance.now();
    await spend(tenantId, highest);
    const perRequestUs = ((performance.now() - started) * 1000) / highest;
    await expect(enforceTenantApiLimit(tenantId)).rejects.toThrow(/try again in 60 s/);
    now += 60_000 + 15_000; // a quarter into the next window: 75 % of the last one still weighs
    await spend(tenantId, highest * 0.25); // 4,500 weighted + 1,500 new = the figure
    await expect(enforceTenantApiLimit(tenantId)).rejects.toThrow(/try again in \d+ s/);
    expect(perRequestUs).toBeLessThan(50); // measured ~1 µs; generous for a loaded machine
  });
});

describe.runIf(process.env.TEST_DATABASE_MODE === "postgres")("the per-organization API limit on Upstash (real Redis through the REST adapter)", () => {
  const adapter = useUpstashAdapter({ pointApp: true });
  beforeEach(async () => {
    process.env.API_RATE_LIMIT_MULTIPLIER = "1";
    reloadEnv();
    resetRateLimitsForTests();
    resetTenantApiLimitForTests();
    await awayFromWindowEdge();
  });
  afterEach(() => {
    pointAppAtUpstash(null);
    process.env.API_RATE_LIMIT_MULTIPLIER = "1000";
    reloadEnv();
    resetRateLimitsForTests();
    resetTenantApiLimitForTests();
  });

  // 1,200 HTTP round trips take ~12 s on a loaded machine: the big batches are written as other
  // processes' requests would have been counted, on the current window's key (the key format the
  // next test checks); the limiter then reads them through its own Lua script.
  definePlanLimitTests(async (tenantId, count) => {
    const window = Math.floor(Date.now() / 60_000);
    await adapter.redis.command(["INCRBY", `tenant:${tenantId}:ratelimit:api:${window}`, String(count)]);
    await adapter.redis.command(["PEXPIRE", `tenant:${tenantId}:ratelimit:api:${window}`, "121000"]);
  });

  it("keeps one count per tenant in Redis under tenant:{id}:ratelimit:api, shared by every app process", async () => {
    const { org, owner } = await tenantOn("free");
    await spend(org.id, FREE - 1);
    expect(await adapter.keys()).toEqual([expect.stringMatching(new RegExp(`^tenant:${org.id}:ratelimit:api:\\d+$`))]);
    expect((await trpcCall(owner, org.id)).error).toBeInstanceOf(TRPCError);

    // Another process: its own Upstash client and memory, nothing learned yet.
    resetRateLimitsForTests();
    resetTenantApiLimitForTests();
    // Its first call does not know the plan (counted against the highest tier) and learns it…
    expect((await trpcCall(owner, org.id)).error).toBeNull();
    // …then the shared count refuses it too.
    const refused = await trpcCall(owner, org.id);
    expect((refused.error as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    for (const key of await adapter.keys()) expect(key.startsWith(`tenant:${org.id}:`)).toBe(true);
  });
});
