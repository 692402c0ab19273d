import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { logger } from "./logger";

/**
 * The process's Prometheus metrics (served by /api/metrics, docs/operations.md "Metrics").
 *
 * ONE registry per process, kept on globalThis like the cache's state (./cache.ts): Next may
 * load this module more than once (route bundles, dev reloads), and two registries would
 * each count half. The rest of the code calls the small typed functions below and never
 * touches prom-client. Label values are bounded sets (route templates, procedure paths of
 * the appRouter, job ids, rule names): never a tenant id, user id, e-mail or raw URL.
 */

/** Every metric this module defines (besides prom-client's default process metrics); dashboards and alerts use these names. */
export const METRIC_NAMES = [
  "neuroops_http_requests_total",
  "neuroops_http_request_duration_seconds",
  "neuroops_trpc_requests_total",
  "neuroops_trpc_request_duration_seconds",
  "neuroops_db_pool_connections",
  "neuroops_outbox_events",
  "neuroops_outbox_oldest_pending_age_seconds",
  "neuroops_outbox_delivery_lag_seconds",
  "neuroops_job_runs_total",
  "neuroops_stripe_webhooks_total",
  "neuroops_ai_requests_total",
  "neuroops_ai_request_duration_seconds",
  "neuroops_ai_tokens_total",
  "neuroops_cache_requests_total",
  "neuroops_rate_limit_refusals_total",
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export type TrpcType = "query" | "mutation";
export type StripeWebhookResult = "processed" | "duplicate" | "ignored" | "invalid_signature" | "failed";
export type AiKind = "chat" | "embed";
export type AiResult = "ok" | "error" | "timeout";
export type JobRunResult = "succeeded" | "failed" | "dead";
export type CacheResult = "hit" | "miss" | "bypass";
/** What the outbox gauges show, read at scrape time (see `setOutboxMetricsSource`). */
export type OutboxSnapshot = { pending: number; dead: number; oldestPendingAgeSeconds: number };

/** How long a scrape waits for the outbox figures before it answers with the last ones. */
const OUTBOX_READ_TIMEOUT_MS = 2_000;

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "neuroops_" });
  const registers = [registry];
  const state = {
    outboxSource: null as (() => Promise<OutboxSnapshot>) | null,
    outboxFailing: false,
    /** tRPC children per procedure and type for the OK code: the hot path looks them up once. */
    trpcOk: new Map<string, { count: Counter.Internal; duration: Histogram.Internal<"procedure" | "type" | "code"> }>(),
  };
  const outbox = new Gauge({
    name: "neuroops_outbox_events",
    help: "Outbox events waiting for delivery (pending) and given up on (dead), across all tenants; read at scrape time.",
    labelNames: ["status"] as const,
    registers,
    async collect() {
      const snapshot = await readOutbox();
      if (!snapshot) return;
      this.set({ status: "pending" }, snapshot.pending);
      this.set({ status: "dead" }, snapshot.dead);
      oldestPending.set(snapshot.oldestPendingAgeSeconds);
    },
  });
  const oldestPending = new Gauge({
    name: "neuroops_outbox_oldest_pending_age_seconds",
    help: "Age of the oldest pending outbox event (0 when none); read at scrape time with neuroops_outbox_events.",
    registers,
  });
  /** The outbox figures, or null (source missing, database down or slow: the gauges keep their last values). */
  async function readOutbox(): Promise<OutboxSnapshot | null> {
    const source = state.outboxSource;
    if (!source) return null;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${OUTBOX_READ_TIMEOUT_MS} ms`)), OUTBOX_READ_TIMEOUT_MS);
      });
      const snapshot = await Promise.race([source(), timeout]);
      if (state.outboxFailing) logger.info("metrics: the outbox figures can be read again");
      state.outboxFailing = false;
      return snapshot;
    } catch (error) {
      if (!state.outboxFailing) logger.warn({ err: error }, "metrics: could not read the outbox figures; the gauges keep their last values until the database answers");
      state.outboxFailing = true;
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    registry,
    state,
    httpRequests: new Counter({ name: "neuroops_http_requests_total", help: "HTTP requests answered by the API route handlers.", labelNames: ["route", "method", "status"] as const, registers }),
    httpDuration: new Histogram({ name: "neuroops_http_request_duration_seconds", help: "Time to answer an API request (until the response object is ready; streamed bodies continue after).", labelNames: ["route", "method", "status"] as const, registers }),
    trpcRequests: new Counter({ name: "neuroops_trpc_requests_total", help: "tRPC procedure calls, by procedure, type and result code (OK or the tRPC error code).", labelNames: ["procedure", "type", "code"] as const, registers }),
    trpcDuration: new Histogram({ name: "neuroops_trpc_request_duration_seconds", help: "Time spent in a tRPC procedure (middlewares included).", labelNames: ["procedure", "type", "code"] as const, registers }),
    poolConnections: new Gauge({ name: "neuroops_db_pool_connections", help: "The runtime database pool: connections held by a transaction now (in_use) and the pool's size (max).", labelNames: ["state"] as const, registers }),
    outbox,
    oldestPending,
    deliveryLag: new Histogram({
      name: "neuroops_outbox_delivery_lag_seconds",
      help: "From an outbox event's creation to its first start by the embedded worker or its delivery to Inngest by the relay.",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 900, 3600, 14400],
      registers,
    }),
    jobRuns: new Counter({ name: "neuroops_job_runs_total", help: "Job runs finished by this process's worker: succeeded, failed (will retry) or dead (no retry left).", labelNames: ["job", "result"] as const, registers }),
    stripeWebhooks: new Counter({ name: "neuroops_stripe_webhooks_total", help: "Stripe webhook deliveries and their processing, by result.", labelNames: ["result"] as const, registers }),
    aiRequests: new Counter({ name: "neuroops_ai_requests_total", help: "Language model (chat) and embedding model (embed) calls, by result.", labelNames: ["kind", "result"] as const, registers }),
    aiDuration: new Histogram({
      name: "neuroops_ai_request_duration_seconds",
      help: "Duration of a language model answer (chat) or an embedding batch (embed).",
      labelNames: ["kind"] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120],
      registers,
    }),
    aiTokens: new Counter({ name: "neuroops_ai_tokens_total", help: "Tokens the language model reported using, prompt and completion.", labelNames: ["direction"] as const, registers }),
    cacheRequests: new Counter({ name: "neuroops_cache_requests_total", help: "Reads of the shared cache: hit, miss (computed and stored) or bypass (Redis down: computed, not stored).", labelNames: ["area", "result"] as const, registers }),
    rateLimitRefusals: new Counter({ name: "neuroops_rate_limit_refusals_total", help: "Requests refused by a rate limit, by rule.", labelNames: ["rule"] as const, registers }),
  };
}

type Metrics = ReturnType<typeof createMetrics>;
const METRICS_KEY = Symbol.for("neuroops.metrics");
type GlobalWithMetrics = typeof globalThis & { [METRICS_KEY]?: Metrics };

function metrics(): Metrics {
  const global = globalThis as GlobalWithMetrics;
  global[METRICS_KEY] ??= createMetrics();
  return global[METRICS_KEY];
}

/** The registry /api/metrics serves. */
export const metricsRegistry: Registry = metrics().registry;

/** One answered API request. `route` is the route's template (`/api/avatars/[userId]`), never the URL. */
export function recordHttpRequest(route: string, method: string, status: number, seconds: number): void {
  const m = metrics();
  const statusText = String(status);
  m.httpRequests.labels(route, method, statusText).inc();
  m.httpDuration.labels(route, method, statusText).observe(seconds);
}

/**
 * Wraps a route handler so its answers are counted under `route` (the template). A handler
 * that throws is counted as 500 and the error goes on to Next.
 */
export function instrumentRoute<R extends Request, A extends unknown[]>(route: string, handler: (request: R, ...rest: A) => Response | Promise<Response>): (request: R, ...rest: A) => Promise<Response> {
  return async (request, ...rest) => {
    const started = performance.now();
    let status = 500;
    try {
      const response = await handler(request, ...rest);
      status = response.status;
      return response;
    } finally {
      recordHttpRequest(route, request.method, status, (performance.now() - started) / 1000);
    }
  };
}

/** One tRPC call that ran its procedure (`procedure`: its path in the appRouter). */
export function recordTrpcRequest(procedure: string, type: TrpcType, code: string, seconds: number): void {
  const m = metrics();
  if (code === "OK") {
    const key = type === "query" ? procedure : `${procedure}\u0000m`;
    let children = m.state.trpcOk.get(key);
    if (!children) {
      children = { count: m.trpcRequests.labels(procedure, type, "OK"), duration: m.trpcDuration.labels(procedure, type, "OK") };
      m.state.trpcOk.set(key, children);
    }
    children.count.inc();
    children.duration.observe(seconds);
    return;
  }
  m.trpcRequests.labels(procedure, type, code).inc();
  m.trpcDuration.labels(procedure, type, code).observe(seconds);
}

/** Errors already counted by the procedure middleware, so the route's onError does not count them again. */
const countedTrpcErrors = new WeakSet<object>();

/** One procedure call that failed with `error` (its code is the label), remembered as counted. */
export function recordTrpcFailure(procedure: string, type: TrpcType, error: { code: string }, seconds: number): void {
  countedTrpcErrors.add(error);
  recordTrpcRequest(procedure, type, error.code, seconds);
}

/**
 * A tRPC error the route saw (its onError): counted unless the procedure middleware counted it
 * already, i.e. when no procedure ran (unknown path, wrong method, unreadable input…).
 * `procedure` must already be a known path or "unknown". Counted, not timed.
 */
export function recordTrpcRefusal(procedure: string, type: TrpcType, error: { code: string }): void {
  if (countedTrpcErrors.has(error)) return;
  countedTrpcErrors.add(error);
  metrics().trpcRequests.labels(procedure, type, error.code).inc();
}

/** The runtime pool's size, once it is created. */
export function setDbPoolMax(max: number): void {
  metrics().poolConnections.labels("max").set(max);
}

/** A transaction took a connection of the runtime pool (`released` when it gives it back). */
export function dbConnectionTaken(): void {
  metrics().poolConnections.labels("in_use").inc();
}

export function dbConnectionReleased(): void {
  metrics().poolConnections.labels("in_use").dec();
}

/** Where the outbox gauges read their figures at scrape time (the jobs layer installs it). */
export function setOutboxMetricsSource(read: (() => Promise<OutboxSnapshot>) | null): void {
  metrics().state.outboxSource = read;
}

/** An outbox event started or delivered `seconds` after it was created. */
export function recordOutboxDeliveryLag(seconds: number): void {
  metrics().deliveryLag.observe(Math.max(0, seconds));
}

/** One finished job run; `job` is a registered job id. */
export function recordJobRun(job: string, result: JobRunResult): void {
  metrics().jobRuns.labels(job, result).inc();
}

export function recordStripeWebhook(result: StripeWebhookResult): void {
  metrics().stripeWebhooks.labels(result).inc();
}

/** One model call and how long it took. */
export function recordAiRequest(kind: AiKind, result: AiResult, seconds: number): void {
  const m = metrics();
  m.aiRequests.labels(kind, result).inc();
  m.aiDuration.labels(kind).observe(seconds);
}

/** Tokens a language model reported for one answer. */
export function recordAiTokens(usage: { prompt: number; completion: number }): void {
  const m = metrics();
  if (usage.prompt > 0) m.aiTokens.labels("prompt").inc(usage.prompt);
  if (usage.completion > 0) m.aiTokens.labels("completion").inc(usage.completion);
}

export function recordCacheLookup(area: string, result: CacheResult): void {
  metrics().cacheRequests.labels(area, result).inc();
}

/** A request refused by `rule` (its name in RATE_LIMITS, or a rule made elsewhere). */
export function recordRateLimitRefusal(rule: string): void {
  metrics().rateLimitRefusals.labels(rule).inc();
}
