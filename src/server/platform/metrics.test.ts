import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as metricsGet } from "../../app/api/metrics/route";
import { createTenant } from "../../test/fixtures";
import { sessionCookie, trpcHttp } from "../../test/http";
import { metricValue, parseMetrics } from "../../test/metrics";
import { withTenant } from "../db/tenant";
import { resetCacheForTests, tenantCached } from "./cache";
import { env, reloadEnv } from "./env";
import { METRIC_NAMES, metricsRegistry } from "./metrics";
import { enforceRateLimits, RATE_LIMITS, RateLimited, resetRateLimitsForTests } from "./rate-limit";

const TOKEN = "metrics-test-token-0123456789";

function scrape(authorization?: string) {
  const headers = new Headers(authorization ? { authorization } : {});
  return metricsGet(new Request("http://localhost/api/metrics", { headers }));
}

function withMetricsToken(value: string | undefined) {
  if (value === undefined) delete process.env.METRICS_TOKEN;
  else process.env.METRICS_TOKEN = value;
  reloadEnv();
}

describe("GET /api/metrics", () => {
  afterAll(() => withMetricsToken(undefined));

  it("answers 404 with the reason while METRICS_TOKEN is not set", async () => {
    withMetricsToken(undefined);
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/METRICS_TOKEN/);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 401 with WWW-Authenticate to a missing, wrong or differently sized token", async () => {
    withMetricsToken(TOKEN);
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, "Bearer nope", `Basic ${TOKEN}`]) {
      const response = await scrape(authorization);
      expect(response.status, String(authorization)).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await response.text()).not.toMatch(/neuroops_/);
    }
  });

  it("serves the registry in Prometheus' text format to the bearer of the token, uncached", async () => {
    withMetricsToken(TOKEN);
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(metricsRegistry.contentType);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    for (const name of METRIC_NAMES) expect(text).toContain(`# TYPE ${name} `);
    expect(text).toContain("# TYPE neuroops_process_cpu_seconds_total counter");
  });

  it("refuses a METRICS_TOKEN shorter than 16 characters or with spaces at start-up", () => {
    process.env.METRICS_TOKEN = "short";
    expect(() => reloadEnv()).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
    process.env.METRICS_TOKEN = "long enough but with spaces";
    expect(() => reloadEnv()).toThrow(/METRICS_TOKEN: must not contain spaces/);
    withMetricsToken(undefined);
    expect(env().METRICS_TOKEN).toBeUndefined();
  });

  it("counts its own scrapes under the route's template", async () => {
    withMetricsToken(TOKEN);
    const before = await metricValue("neuroops_http_requests_total", { route: "/api/metrics", method: "GET", status: "401" });
    await scrape();
    expect(await metricValue("neuroops_http_requests_total", { route: "/api/metrics", method: "GET", status: "401" })).toBe(before + 1);
  });
});

describe("what the metrics count", () => {
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  beforeAll(async () => {
    tenant = await createTenant();
  });

  it("counts a tRPC call under its procedure and code, and its HTTP request under /api/trpc", async () => {
    const ok = { procedure: "orgs.current", type: "query", code: "OK" };
    const refused = { procedure: "orgs.current", type: "query", code: "UNAUTHORIZED" };
    const http = { route: "/api/trpc", method: "GET", status: "200" };
    const [okBefore, refusedBefore, httpBefore] = [await metricValue("neuroops_trpc_requests_total", ok), await metricValue("neuroops_trpc_requests_total", refused), await metricValue("neuroops_http_requests_total", http)];
    const timedBefore = await metricValue("neuroops_trpc_request_duration_seconds_count", ok);

    expect((await trpcHttp("orgs.current", { cookie: await sessionCookie(tenant.owner), tenantId: tenant.org.id })).status).toBe(200);
    expect((await trpcHttp("orgs.current", { tenantId: tenant.org.id })).status).toBe(401);

    expect(await metricValue("neuroops_trpc_requests_total", ok)).toBe(okBefore + 1);
    expect(await metricValue("neuroops_trpc_request_duration_seconds_count", ok)).toBe(timedBefore + 1);
    // Counted once, by the procedure, not again by the route's onError.
    expect(await metricValue("neuroops_trpc_requests_total", refused)).toBe(refusedBefore + 1);
    expect(await metricValue("neuroops_http_requests_total", http)).toBe(httpBefore + 1);
  });

  it("labels a procedure that is not in the appRouter `unknown`, never with the requested path", async () => {
    const unknown = { procedure: "unknown", type: "query", code: "NOT_FOUND" };
    const before = await metricValue("neuroops_trpc_requests_total", unknown);
    const response = await trpcHttp(`orgs.no-such-procedure-${tenant.org.id}`, { cookie: await sessionCookie(tenant.owner), tenantId: tenant.org.id });
    expect(response.status).toBe(404);
    expect(await metricValue("neuroops_trpc_requests_total", unknown)).toBe(before + 1);
    expect(await metricsRegistry.metrics()).not.toContain("no-such-procedure");
  });

  it("counts a cache miss, then a hit, per area", async () => {
    resetCacheForTests();
    const [missBefore, hitBefore] = [await metricValue("neuroops_cache_requests_total", { area: "analytics", result: "miss" }), await metricValue("neuroops_cache_requests_total", { area: "analytics", result: "hit" })];
    const compute = async () => 42;
    expect(await tenantCached(tenant.org.id, "analytics", "metrics-test", { ttlSeconds: 60 }, compute)).toEqual({ value: 42, cached: false });
    expect(await tenantCached(tenant.org.id, "analytics", "metrics-test", { ttlSeconds: 60 }, compute)).toEqual({ value: 42, cached: true });
    expect(await metricValue("neuroops_cache_requests_total", { area: "analytics", result: "miss" })).toBe(missBefore + 1);
    expect(await metricValue("neuroops_cache_requests_total", { area: "analytics", result: "hit" })).toBe(hitBefore + 1);
  });

  it("counts a rate-limit refusal under the rule's name", async () => {
    resetRateLimitsForTests();
    const rule = RATE_LIMITS.registerPerIp;
    const check = [{ rule, key: "203.0.113.7" }];
    const before = await metricValue("neuroops_rate_limit_refusals_total", { rule: rule.name });
    for (let i = 0; i < rule.limit * env().RATE_LIMIT_MULTIPLIER; i++) await enforceRateLimits(check);
    expect(await metricValue("neuroops_rate_limit_refusals_total", { rule: rule.name })).toBe(before);
    await expect(enforceRateLimits(check)).rejects.toBeInstanceOf(RateLimited);
    expect(await metricValue("neuroops_rate_limit_refusals_total", { rule: rule.name })).toBe(before + 1);
  });

  it("shows the runtime pool's connections held by a transaction, and its size", async () => {
    // Read from the gauge itself: a whole scrape would also query the outbox, on a pool this transaction may fill.
    const pool = async (state: string) => (await metricsRegistry.getSingleMetric("neuroops_db_pool_connections")!.get()).values.find((v) => v.labels.state === state)?.value ?? 0;
    const before = await pool("in_use");
    const during = await withTenant({ tenantId: tenant.org.id }, () => pool("in_use"));
    expect(during).toBe(before + 1);
    if (env().DATABASE_POOL_MAX > 1) {
      // Two transactions at once (a pool of one, the embedded database's, would wait for itself here).
      const nested = await withTenant({ tenantId: tenant.org.id }, () => withTenant({ tenantId: tenant.org.id }, () => pool("in_use")));
      expect(nested).toBe(before + 2);
    }
    expect(await pool("in_use")).toBe(before);
    expect(await pool("max")).toBe(env().DATABASE_POOL_MAX);
  });

  it("puts no tenant id, user id or e-mail in any label value", async () => {
    const samples = parseMetrics(await metricsRegistry.metrics());
    expect(samples.length).toBeGreaterThan(50);
    const personal = [tenant.org.id, tenant.owner.id, tenant.owner.email, tenant.owner.email.split("@")[0]!];
    for (const sample of samples) {
      for (const value of Object.values(sample.labels)) {
        for (const secret of personal) expect(value, `${sample.name} ${JSON.stringify(sample.labels)}`).not.toContain(secret);
      }
    }
  });
});
