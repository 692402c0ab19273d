/**
 * `npm run bench:webhooks`: Stripe webhook intake and processing.
 *
 * On a fresh Postgres database (neuroops_bench_webhooks) with SUBSCRIPTIONS organizations, each
 * with one subscription on the Stripe stand-in (src/test/stripe-stand-in.ts, served by this
 * process; `next start` reaches it through STRIPE_API_BASE), every round measures:
 *   (a) deliveries/s through `next start` (production build): EVENTS signed
 *       `customer.subscription.updated` events (`stripe.webhooks.generateTestHeaderString`,
 *       signed before the clock starts) POSTed to /api/stripe/webhook by 32 concurrent
 *       senders, so each request does the body read, the signature check and the inbox insert
 *       + outbox publish transaction;
 *   (b) the raw inbox insert rate: the same transaction (billing/inbox.ts `storeStripeEvent`:
 *       the inbox insert and the outbox publish), called directly from this process with the
 *       same concurrency on a pool of 32, no HTTP and no signature check. Its events have a
 *       type the processing job ignores, so they cost the worker one cheap "ignored" each;
 *   and the inbox-to-applied latency of (a)'s events (received_at → processed_at, read back
 *   from the inbox) while they are delivered and until the backlog is drained.
 * Worker: the app's own in-process job worker inside the measured `next start` (what an
 * instance without Inngest runs), so (a)'s figure is intake while that worker applies events
 * in the same process; (b) runs while it is idle (the queue is drained between phases).
 *
 * Each round's events move the subscriptions through active/trialing/past_due with other seat
 * counts and prices, with the stand-in holding the round's final state; deliveries arrive out
 * of order (32 at a time), so some events are applied as carried and older ones re-fetch.
 * After the rounds it checks: every delivered event stored and processed exactly once
 * (status processed, one attempt, no error, one outbox row each), and every subscription in
 * the database equal to the stand-in's. Median of BENCH_ROUNDS rounds; a measurement: exits 0
 * whatever the figures, non-zero on errors or a failed check.
 *
 * Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
 *      BENCH_EVENTS (events per phase and round, default 1000), BENCH_ROUNDS (default 3),
 *      BENCH_SUBSCRIPTIONS (organizations, default 32), BENCH_KEEP_DB=1,
 *      BENCH_CPU_PROF=<dir> (run `next start` under `node --cpu-prof`; summarise with
 *      bench/lib/cpuprofile-summary.ts).
 * Smoke size (bench:smoke): BENCH_EVENTS=60 BENCH_ROUNDS=1 BENCH_SUBSCRIPTIONS=4.
 */
import crypto from "node:crypto";
import os from "node:os";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import Stripe from "stripe";
import { startStripeStandIn, subscriptionObject, type StandInSubscription, type StripeStandIn } from "../src/test/stripe-stand-in";
import { fmt, int, loadAverage, log, machineSummary, onCleanup, positiveInt, redact, runBench, sleep, table, withDatabase } from "./lib/common";
import { ensureBuild, startNext, type NextServer } from "./lib/crm-app";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
process.chdir(ROOT); // migrations and `next start` resolve paths from the working directory

const ADMIN_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = "neuroops_bench_webhooks";
const BENCH_URL = withDatabase(ADMIN_URL, DB_NAME);
const EVENTS = positiveInt(process.env.BENCH_EVENTS, 1000, "BENCH_EVENTS");
const ROUNDS = positiveInt(process.env.BENCH_ROUNDS, 3, "BENCH_ROUNDS");
const SUBSCRIPTIONS = positiveInt(process.env.BENCH_SUBSCRIPTIONS, 32, "BENCH_SUBSCRIPTIONS");
const KEEP_DB = process.env.BENCH_KEEP_DB === "1";
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROF || "";
const CONCURRENCY = 32;
const APP_PORT = 3204; // bench:api uses 3200–3203
const DRAIN_TIMEOUT_MS = 300_000;

const SECRET = "whsec_bench_webhooks";
const PRICES = { pro: "price_bench_pro_monthly", business: "price_bench_business_monthly" };
const STATUSES = ["active", "trialing", "past_due"] as const;
/** The ignored type of the raw-insert phase's events (processing marks them processed and does nothing). */
const INBOX_ONLY_TYPE = "bench.inbox_only";

function appEnv(stripe: StripeStandIn): Record<string, string> {
  return {
    DATABASE_URL: BENCH_URL,
    DATABASE_POOL_MAX: "10",
    NEXTAUTH_SECRET: crypto.randomBytes(30).toString("base64url"),
    NEXTAUTH_URL: `http://localhost:${APP_PORT}`,
    LOG_LEVEL: "warn",
    STRIPE_SECRET_KEY: "sk_test_bench",
    STRIPE_WEBHOOK_SECRET: SECRET,
    STRIPE_API_BASE: stripe.url,
    STRIPE_PRICE_PRO_MONTHLY: PRICES.pro,
    STRIPE_PRICE_BUSINESS_MONTHLY: PRICES.business,
  };
}

async function withAdmin<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function prepareDatabase(): Promise<string> {
  const version = await withAdmin(ADMIN_URL, async (admin) => {
    const [row] = await admin<{ version: string }[]>`select version()`;
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.unsafe(`create database ${DB_NAME}`);
    return row?.version ?? "unknown";
  });
  if (!KEEP_DB) onCleanup("drop database", () => withAdmin(ADMIN_URL, (admin) => admin.unsafe(`drop database if exists ${DB_NAME} with (force)`).then(() => undefined)));
  else onCleanup("keep database", () => log(`BENCH_KEEP_DB=1: kept ${redact(BENCH_URL)}`));
  const { migrateDatabase } = await import("../src/server/db/migrate");
  await migrateDatabase(BENCH_URL);
  log(`created ${DB_NAME} and applied migrations`);
  return version;
}

type App = {
  storeStripeEvent: typeof import("../src/server/modules/billing/inbox").storeStripeEvent;
  stripeEvent: typeof import("../src/server/modules/billing/objects").stripeEvent;
};

/** Loads the app code in this process (for the seed and the raw-insert phase), pointed at the bench database. */
async function loadApp(env: Record<string, string>): Promise<App & { closeDb(): Promise<void> }> {
  Object.assign(process.env, env, { DATABASE_POOL_MAX: String(CONCURRENCY) });
  const { reloadEnv } = await import("../src/server/platform/env");
  reloadEnv();
  const { closeRuntimeDb } = await import("../src/server/db/client");
  const { storeStripeEvent } = await import("../src/server/modules/billing/inbox");
  const { stripeEvent } = await import("../src/server/modules/billing/objects");
  return { storeStripeEvent, stripeEvent, closeDb: closeRuntimeDb };
}

/** SUBSCRIPTIONS organizations (one owner), each with a subscription on the stand-in that names it. */
async function seed(stripe: StripeStandIn): Promise<StandInSubscription[]> {
  const { runtimeDb } = await import("../src/server/db/client");
  const { registerUser } = await import("../src/server/modules/accounts/service");
  const { createOrganization } = await import("../src/server/modules/orgs/service");
  const user = await registerUser(runtimeDb(), { name: "Bench Owner", email: "bench-webhooks@example.com", password: "bench-password-0123" });
  const subscriptions: StandInSubscription[] = [];
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const org = await createOrganization(user.id, { name: `Bench Webhooks ${i + 1}` });
    const sub: StandInSubscription = { id: `sub_bench_${i}`, customer: `cus_bench_${i}`, status: "active", priceId: PRICES.pro, quantity: 1, tenantId: org.id };
    stripe.subscriptions.set(sub.id, sub);
    subscriptions.push(sub);
  }
  log(`${SUBSCRIPTIONS} organizations, each with a subscription on the stand-in`);
  return subscriptions;
}

type Delivery = { id: string; payload: string; signature: string };

// Stripe `created` seconds: one per event, increasing across rounds, so a subscription's events are strictly ordered.
let clock = Math.floor(Date.now() / 1000) - 86_400 * 30;

function randomState(sub: StandInSubscription, random: () => number): StandInSubscription {
  return {
    ...sub,
    status: STATUSES[Math.floor(random() * STATUSES.length)]!,
    priceId: random() < 0.5 ? PRICES.pro : PRICES.business,
    quantity: 1 + Math.floor(random() * 20),
  };
}

/**
 * One round's events: EVENTS subscription updates spread over the subscriptions, each carrying
 * a state; the last one of each subscription carries the stand-in's new final state (set here).
 */
function roundEvents(round: number, subscriptions: StandInSubscription[], stripe: StripeStandIn, type = "customer.subscription.updated"): Delivery[] {
  let seed = (round + 2) * 7919 + 17; // positive for the warm-up's round -1 too
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const finals = subscriptions.map((sub) => randomState(sub, random));
  const lastIndexOf = new Map<number, number>();
  for (let i = 0; i < EVENTS; i++) lastIndexOf.set(i % subscriptions.length, i);
  const deliveries: Delivery[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const which = i % subscriptions.length;
    const state = lastIndexOf.get(which) === i ? finals[which]! : randomState(subscriptions[which]!, random);
    const id = `evt_bench_${type === INBOX_ONLY_TYPE ? "raw" : "app"}_${round}_${i}`;
    const payload = JSON.stringify({ id, object: "event", api_version: "2026-11-18.endive", type, created: ++clock, livemode: false, data: { object: subscriptionObject(state) } });
    deliveries.push({ id, payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) });
  }
  if (type !== INBOX_ONLY_TYPE) for (const final of finals) stripe.subscriptions.set(final.id, final);
  return deliveries;
}

/** Runs `work` on every item with CONCURRENCY workers; returns items/s over the whole phase. */
async function concurrently<T>(items: T[], work: (item: T) => Promise<void>): Promise<{ perSecond: number; seconds: number }> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: items.length / seconds, seconds };
}

async function deliverAll(deliveries: Delivery[]): Promise<{ perSecond: number; seconds: number }> {
  const url = `http://localhost:${APP_PORT}/api/stripe/webhook`;
  return concurrently(deliveries, async ({ id, payload, signature }) => {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body: payload });
    const body = (await response.json()) as { received?: boolean; duplicate?: boolean; error?: string };
    if (response.status !== 200 || body.duplicate !== false) throw new Error(`delivery of ${id}: ${response.status} ${JSON.stringify(body)}`);
  });
}

async function insertAll(app: App, deliveries: Delivery[]): Promise<{ perSecond: number; seconds: number }> {
  // Parsed outside the clock: the route parses once too, but the phase measures the statements.
  const events = deliveries.map((d) => ({ event: app.stripeEvent.parse(JSON.parse(d.payload)), raw: d.payload }));
  return concurrently(events, async ({ event, raw }) => {
    if (!(await app.storeStripeEvent(event, raw))) throw new Error(`raw insert of ${event.id}: already stored`);
  });
}

/** Waits until every inbox row is processed (or failed: the checks report it); the worker drains the backlog. */
async function drain(owner: postgres.Sql): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (;;) {
    const [row] = await owner<{ open: number }[]>`select count(*)::int as open from billing_webhook_events where status = 'received'`;
    if (!row || row.open === 0) return;
    if (Date.now() > deadline) throw new Error(`${row.open} events still unprocessed after ${DRAIN_TIMEOUT_MS / 1000} s`);
    await sleep(100);
  }
}

type Latency = { p50: number; p99: number; max: number; appliedPerSecond: number };

async function latencyOf(owner: postgres.Sql, prefix: string): Promise<Latency> {
  const [row] = await owner<{ p50: number; p99: number; max: number; span: number; n: number }[]>`
    select percentile_cont(0.5) within group (order by ms) as p50,
           percentile_cont(0.99) within group (order by ms) as p99,
           max(ms) as max,
           extract(epoch from max(processed_at) - min(received_at)) as span,
           count(*)::int as n
      from (select received_at, processed_at, extract(epoch from processed_at - received_at) * 1000 as ms
              from billing_webhook_events where stripe_event_id like ${`${prefix}%`}) as t`;
  if (!row) throw new Error("no latency rows");
  return { p50: Number(row.p50), p99: Number(row.p99), max: Number(row.max), appliedPerSecond: row.n / Number(row.span) };
}

/** Every delivered event stored and processed once; every subscription equal to the stand-in's. */
async function verify(owner: postgres.Sql, stripe: StripeStandIn, expectedEvents: number): Promise<string[]> {
  const problems: string[] = [];
  const [inbox] = await owner<{ n: number; processed_once: number }[]>`
    select count(*)::int as n,
           (count(*) filter (where status = 'processed' and attempts = 1 and last_error is null and processed_at is not null))::int as processed_once
      from billing_webhook_events`;
  if (inbox?.n !== expectedEvents) problems.push(`inbox holds ${inbox?.n} events, ${expectedEvents} were delivered or inserted`);
  if (inbox?.processed_once !== expectedEvents) problems.push(`${expectedEvents - (inbox?.processed_once ?? 0)} events not processed exactly once (status, attempts, error)`);
  const [outbox] = await owner<{ n: number; distinct_keys: number; not_done: number }[]>`
    select count(*)::int as n, count(distinct idempotency_key)::int as distinct_keys,
           (count(*) filter (where status <> 'done'))::int as not_done
      from outbox_events where name = 'billing/stripe-event.received'`;
  if (outbox?.n !== expectedEvents || outbox.distinct_keys !== expectedEvents) problems.push(`outbox: ${outbox?.n} rows for ${outbox?.distinct_keys} events, ${expectedEvents} expected, one each`);
  if (outbox?.not_done) problems.push(`outbox: ${outbox.not_done} rows not done`);
  const rows = await owner<{ stripe_subscription_id: string; status: string; price_id: string | null; seats: number; tenant_id: string }[]>`
    select stripe_subscription_id, status, price_id, seats, tenant_id::text from billing_subscriptions`;
  const byId = new Map(rows.map((row) => [row.stripe_subscription_id, row]));
  for (const sub of stripe.subscriptions.values()) {
    const row = byId.get(sub.id);
    const want = `${sub.status}/${sub.priceId}/${sub.quantity}/${sub.tenantId}`;
    const got = row ? `${row.status}/${row.price_id}/${row.seats}/${row.tenant_id}` : "missing";
    if (want !== got) problems.push(`${sub.id}: database ${got}, Stripe ${want}`);
  }
  if (rows.length !== stripe.subscriptions.size) problems.push(`${rows.length} subscriptions in the database, ${stripe.subscriptions.size} on the stand-in`);
  return problems;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

type Round = { app: number; raw: number; latency: Latency; load: string };

async function main(): Promise<void> {
  const started = performance.now();
  log(`admin ${redact(ADMIN_URL)}, bench database ${DB_NAME}, ${int(EVENTS)} events per phase, ${ROUNDS} rounds, ${SUBSCRIPTIONS} subscriptions, ${CONCURRENCY} concurrent senders`);
  log(`production build ${await ensureBuild(ROOT)}`);
  const pgVersion = await prepareDatabase();
  const stripe = await startStripeStandIn();
  onCleanup("close the Stripe stand-in", () => stripe.close());
  const env = appEnv(stripe);
  const app = await loadApp(env);
  onCleanup("close the raw-insert pool", () => app.closeDb());
  const subscriptions = await seed(stripe);
  const owner = postgres(BENCH_URL, { max: 2, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  onCleanup("close the owner connection", () => owner.end({ timeout: 5 }));

  const profiling = CPU_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROFILE_DIR}`] : [];
  const next: NextServer = await startNext(ROOT, APP_PORT, env, { nodeArgs: profiling });
  onCleanup("stop next", () => next.stop());
  log(`next start ready on :${APP_PORT} (pid ${next.child.pid}), its in-process job worker applying the events`);

  // Warm-up (not measured): the route's and the job's first runs compile and open pools.
  const warmUp = Math.min(Math.ceil(EVENTS / 5), 100);
  await deliverAll(roundEvents(-1, subscriptions, stripe).slice(0, warmUp));
  await drain(owner);
  log(`warm-up: ${warmUp} deliveries applied (${fmt((performance.now() - started) / 1000)} s since start)`);
  let delivered = warmUp;

  const rounds: Round[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const load = loadAverage();
    const raw = await insertAll(app, roundEvents(round, subscriptions, stripe, INBOX_ONLY_TYPE));
    await drain(owner);
    const deliveries = roundEvents(round, subscriptions, stripe);
    const viaApp = await deliverAll(deliveries);
    await drain(owner);
    delivered += 2 * EVENTS;
    const latency = await latencyOf(owner, `evt_bench_app_${round}_`);
    rounds.push({ app: viaApp.perSecond, raw: raw.perSecond, latency, load });
    log(
      `round ${round + 1}: (a) ${fmt(viaApp.perSecond)} deliveries/s, (b) ${fmt(raw.perSecond)} inserts/s, ratio ${fmt(viaApp.perSecond / raw.perSecond, 2)}; ` +
        `received→processed p50 ${fmt(latency.p50)} ms, p99 ${fmt(latency.p99)} ms (load ${load})`,
    );
  }
  if (CPU_PROFILE_DIR) await next.stop(); // node writes the profile as the process exits

  const problems = await verify(owner, stripe, delivered);
  const serverErrors = next.logLines.filter((line) => /"level":(50|60)|error/i.test(line));

  const m = (pick: (r: Round) => number) => median(rounds.map(pick));
  console.log("");
  console.log(`machine: ${machineSummary()}; node ${process.version}, ${pgVersion.split(" on ")[0] ?? pgVersion}; load average now ${loadAverage()} (1/5/15 min)`);
  console.log(`${int(EVENTS)} events per phase, ${SUBSCRIPTIONS} subscriptions, ${CONCURRENCY} concurrent senders; median of ${ROUNDS} round(s)`);
  console.log(`worker: the app's in-process job worker inside the measured \`next start\` (no Inngest)`);
  console.log("");
  console.log(
    table([
      ["", "median", ...rounds.map((_, i) => `round ${i + 1}`)],
      ["(a) deliveries/s via next start (signed)", fmt(m((r) => r.app)), ...rounds.map((r) => fmt(r.app))],
      ["(b) raw inbox inserts/s (baseline)", fmt(m((r) => r.raw)), ...rounds.map((r) => fmt(r.raw))],
      ["ratio (a)/(b)", fmt(m((r) => r.app / r.raw), 2), ...rounds.map((r) => fmt(r.app / r.raw, 2))],
      ["received→processed p50 (ms)", fmt(m((r) => r.latency.p50)), ...rounds.map((r) => fmt(r.latency.p50))],
      ["received→processed p99 (ms)", fmt(m((r) => r.latency.p99)), ...rounds.map((r) => fmt(r.latency.p99))],
      ["received→processed max (ms)", fmt(m((r) => r.latency.max)), ...rounds.map((r) => fmt(r.latency.max))],
      ["applied events/s (first received → last processed)", fmt(m((r) => r.latency.appliedPerSecond)), ...rounds.map((r) => fmt(r.latency.appliedPerSecond))],
    ]),
  );
  console.log("");
  if (serverErrors.length > 0) console.log(`next start logged ${serverErrors.length} error line(s), first: ${serverErrors[0]}`);
  if (problems.length > 0) throw new Error(`state check failed:\n  ${problems.slice(0, 20).join("\n  ")}`);
  console.log(`state check: ${int(delivered)} events each stored and processed once (one outbox row each); ${SUBSCRIPTIONS} subscriptions equal to the stand-in's`);
  console.log(`load average at the end: ${os.loadavg().map((n) => n.toFixed(2)).join(" ")}`);
}

await runBench(main);
