/**
 * `npm run bench:load` (issue 17): a mixed workload of many signed-in people against
 * `next start`, through the real tRPC HTTP API.
 *
 * A fresh database (bench/lib/mixed-data.ts) holds BENCH_TENANTS tenants made through the app's
 * services, each with BENCH_MEMBERS members, contacts and stocked products. Every member signs
 * in through next-auth. BENCH_USERS virtual users, each one of those members (round robin over
 * all tenants), loop with no think time over weighted operations for BENCH_DURATION seconds:
 * the analytics dashboard, the contacts list, a contacts search, creating a contact, drafting
 * an invoice (accounting) and recording a stock movement (inventory). Printed: throughput,
 * p50/p95/p99 per operation, the errors (any non-200 answer or network failure; the run exits
 * non-zero if there is one), and the load average before and after.
 *
 * Redis: the server talks to the machine's redis-server through the Upstash REST protocol (the
 * test adapter src/test/upstash-rest.ts, in this process), so the dashboard cache and the rate
 * limits run on Redis as in production; BENCH_REDIS=0 leaves them in memory. Inngest is whatever
 * the environment configures; without it the in-process outbox worker delivers.
 * The per-organization API limit is counted on every call, with its figures raised 1,000× (the
 * virtual users are far above a plan's requests per minute by design).
 *
 * Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
 *      BENCH_USERS (default 100), BENCH_DURATION (seconds, default 120), BENCH_TENANTS (default 4),
 *      BENCH_MEMBERS (per tenant, default 10), BENCH_CONTACTS (per tenant, default 500),
 *      BENCH_POOL (the server's DATABASE_POOL_MAX, default 10), BENCH_PORT (default 3217),
 *      BENCH_REDIS (1 = Redis through the Upstash REST adapter, the default; 0 = in-memory stores).
 */
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import { fmt, int, loadAverage, log, machineSummary, mulberry32, onCleanup, positiveInt, redact, runBench, table, withDatabase } from "./lib/common";
import { ensureBuild, signIn, startNext } from "./lib/crm-app";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
process.chdir(ROOT);

const ADMIN_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = "neuroops_bench_load";
const PORT = positiveInt(process.env.BENCH_PORT, 3217, "BENCH_PORT");
const USERS = positiveInt(process.env.BENCH_USERS, 100, "BENCH_USERS");
const DURATION = positiveInt(process.env.BENCH_DURATION, 120, "BENCH_DURATION");
const SCALE = {
  tenants: positiveInt(process.env.BENCH_TENANTS, 4, "BENCH_TENANTS"),
  members: positiveInt(process.env.BENCH_MEMBERS, 10, "BENCH_MEMBERS"),
  contacts: positiveInt(process.env.BENCH_CONTACTS, 500, "BENCH_CONTACTS"),
  products: 20,
};
const POOL = positiveInt(process.env.BENCH_POOL, 10, "BENCH_POOL");
const REDIS = process.env.BENCH_REDIS !== "0";
const NEXTAUTH_SECRET = crypto.randomBytes(30).toString("base64url");
const BASE = `http://localhost:${PORT}`;

type Session = { cookie: string; tenant: import("./lib/mixed-data").LoadTenant };
type Operation = { name: string; weight: number; call(session: Session, random: () => number): Promise<Response> };

const pick = <T>(list: T[], random: () => number): T => list[Math.floor(random() * list.length)]!;

function query(session: Session, procedure: string, input: unknown): Promise<Response> {
  const url = `${BASE}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  return fetch(url, { headers: { cookie: session.cookie, "x-tenant-id": session.tenant.id } });
}

function mutation(session: Session, procedure: string, input: unknown): Promise<Response> {
  return fetch(`${BASE}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { cookie: session.cookie, "x-tenant-id": session.tenant.id, "content-type": "application/json" },
    body: JSON.stringify({ json: input }),
  });
}

let sequence = 0;
let searchTerms: string[] = []; // set in main, once the data module (app code) may be imported
const OPERATIONS: Operation[] = [
  { name: "analytics dashboard", weight: 15, call: (s) => query(s, "analytics.dashboard.get", {}) },
  { name: "contacts list", weight: 25, call: (s) => query(s, "crm.contacts.list", { filters: {}, sort: { field: "updatedAt", direction: "desc" }, limit: 50 }) },
  {
    name: "contacts search",
    weight: 20,
    // The first letters of a last name, as someone typing in the search box.
    call: (s, random) => query(s, "crm.contacts.list", { filters: { q: pick(searchTerms, random) }, sort: { field: "updatedAt", direction: "desc" }, limit: 50 }),
  },
  {
    name: "create contact",
    weight: 15,
    call: (s) => {
      const n = sequence++;
      return mutation(s, "crm.contacts.create", { firstName: "Load", lastName: `Visitor ${n}`, emails: [{ value: `visitor-${n}@load.example` }] });
    },
  },
  {
    name: "create invoice",
    weight: 10,
    call: (s, random) =>
      mutation(s, "accounting.documents.create", {
        kind: "invoice",
        contactId: pick(s.tenant.contactIds, random),
        issueDate: new Date().toISOString().slice(0, 10),
        lines: [
          { description: "Consulting", quantity: "3", unitPrice: "12000" },
          { productId: pick(s.tenant.productIds, random), quantity: "2" },
        ],
      }),
  },
  {
    name: "stock movement",
    weight: 15,
    call: (s, random) => {
      const productId = pick(s.tenant.productIds, random);
      const place = { productId, warehouseId: s.tenant.warehouseId, effectiveAt: new Date().toISOString() };
      // Receipts and shipments alternate at random; the setup stocked far more than a run ships.
      return random() < 0.5
        ? mutation(s, "inventory.stock.receive", { ...place, quantity: "5", unitCost: "900" })
        : mutation(s, "inventory.stock.ship", { ...place, quantity: "3" });
    },
  },
];
const TOTAL_WEIGHT = OPERATIONS.reduce((sum, op) => sum + op.weight, 0);

function chooseOperation(random: () => number): Operation {
  let at = random() * TOTAL_WEIGHT;
  for (const op of OPERATIONS) if ((at -= op.weight) < 0) return op;
  return OPERATIONS.at(-1)!;
}

type Tally = { latencies: number[]; errors: number; samples: string[] };

async function virtualUser(index: number, session: Session, until: number, tallies: Map<string, Tally>): Promise<void> {
  const random = mulberry32(1000 + index);
  while (Date.now() < until) {
    const op = chooseOperation(random);
    const tally = tallies.get(op.name)!;
    const started = performance.now();
    try {
      const response = await op.call(session, random);
      const body = await response.text();
      const ms = performance.now() - started;
      if (response.status === 200) tally.latencies.push(ms);
      else {
        tally.errors++;
        if (tally.samples.length < 3) tally.samples.push(`HTTP ${response.status}: ${body.slice(0, 300)}`);
      }
    } catch (error) {
      tally.errors++;
      if (tally.samples.length < 3) tally.samples.push(error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : String(error));
    }
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
}

async function main(): Promise<void> {
  const machine = machineSummary();
  log(`admin ${redact(ADMIN_URL)}, database ${DB_NAME}, ${USERS} virtual users × ${DURATION} s, scale ${JSON.stringify(SCALE)}`);
  const benchUrl = withDatabase(ADMIN_URL, DB_NAME);
  // App code reads its configuration once, from process.env: set it before importing any.
  process.env.DATABASE_URL = benchUrl;
  process.env.LOG_LEVEL = "warn";
  const { reloadEnv } = await import("../src/server/platform/env");
  reloadEnv();
  const { createLoadData, LOAD_PASSWORD, LAST_NAMES } = await import("./lib/mixed-data");
  searchTerms = LAST_NAMES.map((name) => name.slice(0, 3));
  const { closeRuntimeDb } = await import("../src/server/db/client");
  const setupStarted = performance.now();
  const tenants = await createLoadData(ADMIN_URL, DB_NAME, SCALE);
  await closeRuntimeDb();
  log(`data made in ${((performance.now() - setupStarted) / 1000).toFixed(0)} s`);
  log(`production build ${await ensureBuild(ROOT)}`);

  let upstash: { url: string; token: string } | null = null;
  if (REDIS) {
    const { startUpstashRest } = await import("../src/test/upstash-rest");
    const adapter = await startUpstashRest();
    onCleanup("close the Upstash REST adapter", () => adapter.close());
    upstash = adapter;
  }
  const next = await startNext(ROOT, PORT, {
    DATABASE_URL: benchUrl,
    DATABASE_POOL_MAX: String(POOL),
    NEXTAUTH_SECRET,
    NEXTAUTH_URL: BASE,
    LOG_LEVEL: "warn",
    API_RATE_LIMIT_MULTIPLIER: "1000",
    UPSTASH_REDIS_REST_URL: upstash?.url ?? "",
    UPSTASH_REDIS_REST_TOKEN: upstash?.token ?? "",
  });
  onCleanup("stop next", () => next.stop());
  log(`next start ready on :${PORT} (pid ${next.child.pid}, pool ${POOL}, ${upstash ? `Redis through the Upstash REST adapter at ${upstash.url}` : "in-memory cache and limits"})`);

  // Interleaved (member 1 of every tenant, then member 2…), so fewer users than members still spread over every tenant.
  const members = Array.from({ length: SCALE.members }, (_, m) => tenants.map((tenant) => ({ tenant, email: tenant.members[m]!.email }))).flat();
  const sessions: Session[] = [];
  for (const member of members.slice(0, Math.min(members.length, USERS))) {
    sessions.push({ tenant: member.tenant, cookie: await signIn(BASE, member.email, LOAD_PASSWORD) });
  }
  log(`${sessions.length} members signed in`);
  // One round of every operation first: compiles the routes, so the run measures steady state.
  for (const op of OPERATIONS) {
    const response = await op.call(sessions[0]!, mulberry32(1));
    const body = await response.text();
    if (response.status !== 200) throw new Error(`warm-up: ${op.name} answered ${response.status}: ${body.slice(0, 500)}`);
  }

  const tallies = new Map(OPERATIONS.map((op) => [op.name, { latencies: [], errors: 0, samples: [] } as Tally]));
  const loadBefore = loadAverage();
  const started = performance.now();
  const until = Date.now() + DURATION * 1000;
  await Promise.all(Array.from({ length: USERS }, (_, i) => virtualUser(i, sessions[i % sessions.length]!, until, tallies)));
  const seconds = (performance.now() - started) / 1000;
  const loadAfter = loadAverage();

  const rows = [["operation", "weight", "requests", "req/s", "p50 (ms)", "p95 (ms)", "p99 (ms)", "max (ms)", "errors"]];
  let total = 0;
  let errors = 0;
  const all: number[] = [];
  for (const op of OPERATIONS) {
    const tally = tallies.get(op.name)!;
    const sorted = [...tally.latencies].sort((a, b) => a - b);
    total += sorted.length + tally.errors;
    errors += tally.errors;
    all.push(...sorted);
    rows.push([op.name, String(op.weight), int(sorted.length), fmt(sorted.length / seconds), fmt(percentile(sorted, 50), 0), fmt(percentile(sorted, 95), 0), fmt(percentile(sorted, 99), 0), fmt(sorted.at(-1) ?? NaN, 0), String(tally.errors)]);
  }
  all.sort((a, b) => a - b);
  rows.push(["all", String(TOTAL_WEIGHT), int(total), fmt(all.length / seconds), fmt(percentile(all, 50), 0), fmt(percentile(all, 95), 0), fmt(percentile(all, 99), 0), fmt(all.at(-1) ?? NaN, 0), String(errors)]);

  console.log("");
  const tenantsUsed = new Set(sessions.map((session) => session.tenant.id)).size;
  console.log(`=== bench:load — mixed workload, ${USERS} virtual users (${sessions.length} members of ${tenantsUsed} tenants), ${seconds.toFixed(0)} s, no think time ===`);
  console.log(`machine: ${machine}; next start with DATABASE_POOL_MAX=${POOL}`);
  console.log(`load average before: ${loadBefore}; after: ${loadAfter} (1/5/15 min)`);
  console.log("");
  console.log(table(rows));
  console.log("");
  if (errors > 0) {
    console.log(`!!! ${errors} ERRORS in ${int(total)} requests !!!`);
    for (const [name, tally] of tallies) for (const sample of tally.samples) console.log(`  ${name}: ${sample}`);
    throw new Error(`${errors} requests failed`);
  }
  console.log(`errors: 0 of ${int(total)} requests`);
}

await runBench(main);
