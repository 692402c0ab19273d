/**
 * `npm run bench:api -- --inprocess`: the app's own request path without Next or HTTP, in
 * this process, so its CPU per request and its profile show only our code (and the
 * libraries it calls). Each step adds one part, like the ladder (bench/lib/api-ladder.ts):
 *
 *   bare     the bare server's query in its RLS transaction (bench/lib/api-bare.ts)
 *   bare+als the same inside an AsyncLocalStorage `run`, as every request inside Next is
 *   bare+als8 the same inside 8 nested runs of 8 stores, about as many as Next keeps
 *   service  withTenant + the audit service (Drizzle, the app's query) + serializeResponse
 *   member   + the session cookie decoded and the membership read (asSessionMember)
 *   route    the tRPC route handler itself (src/app/api/trpc/[trpc]/route.ts) on a Request
 *
 * CONNECTIONS requests are kept in flight for BENCH_DURATION s after a 2 s warm-up; CPU per
 * request is this process's user + system CPU over the window ÷ requests (Postgres' own CPU
 * is not in it). The steps run in turn, BENCH_REPEATS rounds (default 3); medians over rounds. With BENCH_CPU_PROF=<dir>, each step's measured window is profiled with the
 * inspector (last round only) and written to <dir>/inprocess-<step>.cpuprofile (summarise with
 * bench/lib/cpuprofile-summary.ts). BENCH_STEPS=service,route runs only those steps.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import inspector from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import { bareAuditPage, createBareSql, PAGE, type Seeded } from "./api-bare";
import { BENCH_URL, CONNECTIONS, DURATION } from "./api-setup";
import { log, onCleanup, positiveInt, table } from "./common";

type Step = { key: string; label: string; run: () => Promise<number> };
type Result = { key: string; label: string; requests: number; seconds: number; cpuMs: number; systemMs: number; gcMs: number };

// Time spent in garbage collection (wall time of each pause, main thread).
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ["gc"] });

const WARMUP_MS = 2_000;
const PROFILE_DIR = process.env.BENCH_CPU_PROF || "";
const ONLY = (process.env.BENCH_STEPS ?? "").split(",").filter(Boolean);
const REPEATS = positiveInt(process.env.BENCH_REPEATS, 3, "BENCH_REPEATS");

/** Keeps `concurrency` calls of `run` in flight until `ms` pass; returns the calls completed. */
async function drive(run: () => Promise<number>, ms: number, concurrency: number): Promise<number> {
  const until = performance.now() + ms;
  let done = 0;
  const worker = async () => {
    while (performance.now() < until) {
      const items = await run();
      if (items !== PAGE) throw new Error(`expected a page of ${PAGE}, got ${items}`);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done;
}

async function measureStep(step: Step, profiler: inspector.Session | null): Promise<Result> {
  await drive(step.run, WARMUP_MS, CONNECTIONS);
  if (profiler) await profiler.post("Profiler.start");
  const cpu = process.cpuUsage();
  const gcBefore = gcMs;
  const started = performance.now();
  const requests = await drive(step.run, DURATION * 1000, CONNECTIONS);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await new Promise((resolve) => setImmediate(resolve)); // let the observer see the window's last pauses
  const gcUsed = gcMs - gcBefore;
  if (profiler) {
    const { profile } = await profiler.post("Profiler.stop");
    const file = path.join(PROFILE_DIR, `inprocess-${step.key}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    log(`profile of ${step.key} (${requests} requests): ${file}`);
  }
  return { key: step.key, label: step.label, requests, seconds, cpuMs: (used.user + used.system) / 1000, systemMs: used.system / 1000, gcMs: gcUsed };
}

export async function runInProcess(seeded: Seeded, machine: string[]): Promise<void> {
  // The app's modules read their configuration on import: seed() has set process.env.
  const { withTenant } = await import("../../src/server/db/tenant");
  const { closeRuntimeDb, ensureSafeRuntimeRole, runtimeDb } = await import("../../src/server/db/client");
  const { serializeResponse } = await import("../../src/lib/serialize");
  const { asSessionMember, requestedTenantId } = await import("../../src/server/api/membership");
  const { readSession } = await import("../../src/server/modules/accounts/session");
  const { openSession } = await import("../../src/server/modules/accounts/sessions");
  const { listAuditEntries } = await import("../../src/server/modules/audit/service");
  const { AUDIT } = await import("../../src/server/modules/audit/permissions");
  const { GET } = await import("../../src/app/api/trpc/[trpc]/route");
  const { encode } = await import("next-auth/jwt");
  const { authSecret } = await import("../../src/server/platform/env");
  const { sessionCookieName } = await import("../../src/server/modules/accounts/session");
  onCleanup("close runtime pool", () => closeRuntimeDb());

  const bareSql = createBareSql(BENCH_URL);
  onCleanup("close bare pool", () => bareSql.end({ timeout: 5 }));

  // A real session row and the cookie next-auth would set for it (as src/test/http.ts does);
  // a new account's session version is 1 (a wrong one fails the member step).
  const session = await openSession(runtimeDb(), { userId: seeded.userId, userAgent: "bench", ip: "127.0.0.1" });
  const token = await encode({ token: { sub: seeded.userId, sv: 1, sid: session.id, sxp: Math.floor(session.expiresAt.getTime() / 1000) }, secret: authSecret() });
  const headers = { cookie: `${sessionCookieName()}=${token}`, "x-tenant-id": seeded.tenantId };
  const input = encodeURIComponent(JSON.stringify({ json: { limit: PAGE } }));
  const url = `http://localhost/api/trpc/audit.list?input=${input}`;

  const als = new AsyncLocalStorage<object>();
  // Next keeps about eight stores (work, work unit, action, after, console, dynamic access,
  // trace, request context); each one is copied to every promise created inside its `run`.
  const stores = Array.from({ length: 8 }, () => new AsyncLocalStorage<object>());
  const inStores = <T>(fn: () => Promise<T>): Promise<T> => stores.reduceRight<() => Promise<T>>((inner, store) => () => store.run({}, inner), fn)();
  const steps: Step[] = [
    { key: "bare", label: "bare query in its RLS transaction", run: async () => (await bareAuditPage(bareSql, seeded)).items.length },
    { key: "bare+als", label: "(bare) inside an AsyncLocalStorage run", run: () => als.run({}, async () => (await bareAuditPage(bareSql, seeded)).items.length) },
    { key: "bare+als8", label: "(bare) inside 8 nested AsyncLocalStorage runs", run: () => inStores(async () => (await bareAuditPage(bareSql, seeded)).items.length) },
    {
      key: "service",
      label: "withTenant + audit service + serializeResponse",
      run: async () => {
        const page = await withTenant({ tenantId: seeded.tenantId, userId: seeded.userId, role: "owner" }, (tx) => listAuditEntries(tx, { limit: PAGE }));
        JSON.stringify({ result: { data: serializeResponse(page) } });
        return page.items.length;
      },
    },
    {
      key: "member",
      label: "+ session decode, membership (asSessionMember)",
      run: async () => {
        const request = new Headers(headers);
        const claims = await readSession(request);
        if (!claims) throw new Error("the bench's session cookie did not decode");
        await ensureSafeRuntimeRole();
        const page = await asSessionMember(
          { session: claims, tenantId: requestedTenantId(request.get("x-tenant-id")), requestId: crypto.randomUUID() },
          { minimumRole: AUDIT.read },
          (tx) => listAuditEntries(tx, { limit: PAGE }),
        );
        JSON.stringify({ result: { data: serializeResponse(page) } });
        return page.items.length;
      },
    },
    {
      key: "route",
      label: "the tRPC route handler on a Request",
      run: async () => {
        const response = await GET(new Request(url, { headers }));
        const text = await response.text(); // not parsed: a client's work, not the server's (checked once below)
        if (response.status !== 200) throw new Error(`route answered ${response.status}: ${text}`);
        return PAGE;
      },
    },
  ];

  const check = await GET(new Request(url, { headers }));
  const checked = (await check.json()) as { result?: { data?: { json?: { items?: unknown[] } } } };
  if (check.status !== 200 || checked.result?.data?.json?.items?.length !== PAGE) throw new Error(`the route's answer is not a page of ${PAGE}: ${JSON.stringify(checked).slice(0, 500)}`);

  let profiler: inspector.Session | null = null;
  if (PROFILE_DIR) {
    fs.mkdirSync(PROFILE_DIR, { recursive: true });
    profiler = new inspector.Session();
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.setSamplingInterval", { interval: 200 });
  }

  machine.push(`load average before measuring: ${os.loadavg().map((n) => n.toFixed(2)).join(" ")} (1/5/15 min)`);
  const chosen = steps.filter((step) => ONLY.length === 0 || ONLY.includes(step.key));
  const results = new Map<string, Result[]>(chosen.map((step) => [step.key, []]));
  // Rounds over every step, so a busy neighbour skews them alike; medians over rounds.
  for (let round = 0; round < REPEATS; round++) {
    log(`round ${round + 1}/${REPEATS}, load average ${os.loadavg().map((n) => n.toFixed(2)).join(" ")}`);
    for (const step of chosen) {
      // Profile only the last round's window of each step.
      results.get(step.key)!.push(await measureStep(step, round === REPEATS - 1 ? profiler : null));
    }
  }
  machine.push(`load average after: ${os.loadavg().map((n) => n.toFixed(2)).join(" ")}`);
  profiler?.disconnect();

  const median = (values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  const perRequest = (r: Result) => r.cpuMs / r.requests;
  const bareRuns = results.get("bare");
  const rows = chosen.map((step) => {
    const runs = results.get(step.key)!;
    const cpu = median(runs.map(perRequest));
    const delta = bareRuns ? median(runs.map((r, i) => perRequest(r) - perRequest(bareRuns[i]!))) : NaN;
    return [
      step.key,
      step.label,
      median(runs.map((r) => r.requests / r.seconds)).toFixed(0),
      cpu.toFixed(3),
      runs.map((r) => perRequest(r).toFixed(2)).join(" / "),
      median(runs.map((r) => r.systemMs / r.requests)).toFixed(3),
      median(runs.map((r) => r.gcMs / r.requests)).toFixed(3),
      Number.isFinite(delta) ? delta.toFixed(3) : "—",
    ];
  });
  console.log(["", ...machine, "", table([["step", "what", "req/s", "CPU ms/req (median)", "per round", "of it system", "GC ms/req", "Δ vs bare (median of rounds)"], ...rows])].join("\n"));
}
