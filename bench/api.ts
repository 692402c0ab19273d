/**
 * `npm run bench:api`: the cost of the framework over the database.
 *
 * Seeds a fresh Postgres database (one tenant, 100,000 audit rows), then loads
 *   (a) the real app: `next start` (production build) → tRPC `audit.list` with a
 *       next-auth session cookie (JWT decode, membership check, RLS transaction, superjson);
 *   (b) a bare node:http server in this process running the same query in the same
 *       RLS transaction with postgres.js;
 * with autocannon in a separate process (32 connections, BENCH_DURATION seconds, 3 s
 * warm-up), and prints req/s and latency side by side. It is a measurement: it exits 0
 * when the goals are missed, non-zero only on errors.
 *
 * `npm run bench:api -- --ladder`: the ladder instead (bench/lib/api-ladder.ts): the same
 * request with one layer of the app's path added at a time, each layer in a bench-only
 * Next app (bench/ladder-app), all measured in the same run, BENCH_REPEATS times.
 *
 * Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
 *      BENCH_DURATION (seconds, default 20), BENCH_ROWS (audit rows, default 100000),
 *      BENCH_KEEP_DB=1 (keep neuroops_bench),
 *      BENCH_ROUNDTRIPS=0 (skip counting SQL round trips per request),
 *      BENCH_REPEATS (ladder only: rounds over every layer, default 3),
 *      BENCH_CPU_PROF=<dir> (run the measured `next start` under `node --cpu-prof`, the
 *      profile written to <dir> when it stops; summarise with bench/lib/cpuprofile-summary.ts),
 *      BENCH_NODE_ARGS="--flag …" (node flags for the measured `next start`, after the app's
 *      own (scripts/node-flags.ts): an A/B of a flag in the same run conditions).
 */
import os from "node:os";
import { bareAuditPage, createBareSql, PAGE, type Seeded } from "./lib/api-bare";
import { checkOneResponse, measure, startBareServer } from "./lib/api-measure";
import { printReport, type RoundTrips } from "./lib/api-report";
import { ADMIN_URL, APP_PORT, BARE_PORT, BENCH_URL, COUNT_PORT, DB_NAME, DURATION, OWNER, prepareDatabase, ROOT, seed, serverEnv } from "./lib/api-setup";
import { cleanUp, log, machineSummary, onCleanup, redact } from "./lib/common";
import { ensureBuild, signIn, startNext } from "./lib/crm-app";
import { startCountingProxy, type CountingProxy } from "./lib/pg-proxy";

process.chdir(ROOT); // migrations and `next start` resolve paths from the working directory

const COUNT_ROUNDTRIPS = process.env.BENCH_ROUNDTRIPS !== "0";
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROF || "";
const EXTRA_NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
const LADDER = process.argv.includes("--ladder");
const IN_PROCESS = process.argv.includes("--inprocess");

const AUDIT_QUERY_INPUT = encodeURIComponent(JSON.stringify({ json: { limit: PAGE } }));
const auditUrl = (port: number) => `http://localhost:${port}/api/trpc/audit.list?input=${AUDIT_QUERY_INPUT}`;
const APP_URL = auditUrl(APP_PORT);
const BARE_URL = `http://localhost:${BARE_PORT}/audit`;

function summarizeCounts(proxy: CountingProxy, requests: number): RoundTrips {
  const { roundTrips, statements } = proxy.counts();
  return {
    perRequest: roundTrips / requests,
    statementsPerRequest: statements.length / requests,
    statements: statements.slice(0, Math.round(statements.length / requests)),
  };
}

/**
 * Round trips per request, counted by a wire-protocol proxy in front of Postgres: a
 * second `next start` (same build, same secret, so the same cookie works) connects
 * through it, and so does a second bare pool. Not on the measured path.
 */
async function countRoundTrips(seeded: Seeded, headers: Record<string, string>): Promise<{ app: RoundTrips; bare: RoundTrips }> {
  const upstream = new URL(BENCH_URL);
  const proxy = await startCountingProxy(upstream.hostname || "127.0.0.1", Number(upstream.port || 5432));
  const proxiedUrl = new URL(BENCH_URL);
  proxiedUrl.hostname = "127.0.0.1";
  proxiedUrl.port = String(proxy.port);
  const samples = 20;
  try {
    const next = await startNext(ROOT, COUNT_PORT, serverEnv(proxiedUrl.toString()));
    let app: RoundTrips;
    try {
      const url = auditUrl(COUNT_PORT);
      const get = async () => {
        const response = await fetch(url, { headers });
        await response.text();
        if (response.status !== 200) throw new Error(`round-trip count: audit.list answered ${response.status}`);
      };
      for (let i = 0; i < 3; i++) await get(); // role check, pool connections
      proxy.reset();
      for (let i = 0; i < samples; i++) await get();
      app = summarizeCounts(proxy, samples);
    } finally {
      await next.stop();
    }

    const sql = createBareSql(proxiedUrl.toString());
    try {
      await bareAuditPage(sql, seeded);
      proxy.reset();
      for (let i = 0; i < samples; i++) await bareAuditPage(sql, seeded);
      return { app, bare: summarizeCounts(proxy, samples) };
    } finally {
      await sql.end({ timeout: 5 });
    }
  } finally {
    await proxy.close();
  }
}

async function main(): Promise<void> {
  log(`admin ${redact(ADMIN_URL)}, bench database ${DB_NAME}, duration ${DURATION} s${LADDER ? ", ladder" : IN_PROCESS ? ", in process" : ""}`);
  if (!IN_PROCESS) log(`production build ${await ensureBuild(ROOT)}`);
  const pgVersion = await prepareDatabase();
  const seeded = await seed();
  const machine = [`machine: ${machineSummary()}`, `node ${process.version}, ${pgVersion.split(" on ")[0] ?? pgVersion}`];

  if (IN_PROCESS) {
    const { runInProcess } = await import("./lib/api-inprocess");
    await runInProcess(seeded, machine);
    return;
  }

  if (LADDER) {
    const { runLadder } = await import("./lib/api-ladder");
    await runLadder(seeded, machine);
    return;
  }

  const profiling = CPU_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROFILE_DIR}`] : [];
  const next = await startNext(ROOT, APP_PORT, serverEnv(BENCH_URL), { nodeArgs: [...profiling, ...EXTRA_NODE_ARGS] });
  onCleanup("stop next", () => next.stop());
  log(`next start ready on :${APP_PORT} (pid ${next.child.pid})`);

  const cookie = await signIn(`http://localhost:${APP_PORT}`, OWNER.email, OWNER.password);
  const appHeaders = { cookie, "x-tenant-id": seeded.tenantId };
  await checkOneResponse("(a) tRPC audit.list", APP_URL, appHeaders, ["result", "data", "json", "items"]);

  const bareSql = createBareSql(BENCH_URL);
  onCleanup("close bare pool", () => bareSql.end({ timeout: 5 }));
  const bare = await startBareServer(BARE_PORT, bareSql, seeded);
  onCleanup("close bare server", () => {
    bare.closeAllConnections();
    return new Promise<void>((resolve) => bare.close(() => resolve()));
  });
  await checkOneResponse("(b) bare node:http", BARE_URL, {}, ["items"]);

  // Other processes on the machine (a dev server, a build) skew a 2-core measurement: show the load.
  machine.push(`load average before measuring: ${os.loadavg().map((n) => n.toFixed(2)).join(" ")} (1/5/15 min)`);
  const nextPid = next.child.pid;
  const a = await measure("(a) tRPC audit.list", APP_URL, appHeaders, (_pid, pgrp) => pgrp === nextPid);
  if (CPU_PROFILE_DIR) {
    await next.stop(); // node writes the profile as the process exits: its last DURATION s are the measured window
    log(
      `CPU profile of (a) in ${CPU_PROFILE_DIR} (${a.totalRequests} requests in its last ${DURATION} s): ` +
        `npx tsx bench/lib/cpuprofile-summary.ts ${CPU_PROFILE_DIR}/<file>.cpuprofile 40 ${a.totalRequests} ${DURATION}`,
    );
  }
  const b = await measure("(b) bare node:http", BARE_URL, {}, (pid) => pid === process.pid);
  const serverLog = [...next.logLines];

  let roundTrips: { app: RoundTrips; bare: RoundTrips } | null = null;
  if (COUNT_ROUNDTRIPS) {
    log(`counting SQL round trips per request through a wire-protocol proxy (second next start on :${COUNT_PORT})`);
    await next.stop(); // frees CPU; the measurements are done
    roundTrips = await countRoundTrips(seeded, appHeaders);
  }

  printReport(machine, a, b, roundTrips, serverLog);
}

let exitCode = 0;
let interrupted = false;
process.once("SIGINT", () => {
  interrupted = true;
  console.error("\n[bench] interrupted; cleaning up");
  void cleanUp().finally(() => process.exit(130));
});

try {
  await main();
} catch (error) {
  exitCode = 1;
  console.error("[bench] FAILED:", error instanceof Error ? (error.stack ?? error.message) : error);
} finally {
  if (!interrupted) {
    await cleanUp();
    process.exit(exitCode);
  }
}
