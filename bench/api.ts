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
 * Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
 *      BENCH_DURATION (seconds, default 20), BENCH_ROWS (audit rows, default 100000),
 *      BENCH_KEEP_DB=1 (keep neuroops_bench),
 *      BENCH_ROUNDTRIPS=0 (skip counting SQL round trips per request),
 *      BENCH_CPU_PROF=<dir> (run the measured `next start` under `node --cpu-prof`, the
 *      profile written to <dir> when it stops; summarise with bench/lib/cpuprofile-summary.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { cpuBreakdown, cpuSnapshot, type CpuBreakdown } from "./lib/cpu";
import { runLoad, type LoadSummary } from "./lib/load";
import { startCountingProxy, type CountingProxy } from "./lib/pg-proxy";
import { cleanUp, log, machineSummary, onCleanup, positiveInt, redact, sleep, withDatabase } from "./lib/common";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
process.chdir(ROOT); // migrations and `next start` resolve paths from the working directory

const ADMIN_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = "neuroops_bench";
const BENCH_URL = withDatabase(ADMIN_URL, DB_NAME);
const DURATION = positiveInt(process.env.BENCH_DURATION, 20, "BENCH_DURATION");
const WARMUP_SECONDS = 3;
const CONNECTIONS = 32;
const ROWS = positiveInt(process.env.BENCH_ROWS, 100_000, "BENCH_ROWS");
const PAGE = 50;
const APP_PORT = 3200;
const BARE_PORT = 3201;
const COUNT_PORT = 3202; // a second, proxied `next start` that only counts round trips
const APP_ROLE = "neuroops_app"; // the startup option must be a literal, like the app's
const KEEP_DB = process.env.BENCH_KEEP_DB === "1";
const COUNT_ROUNDTRIPS = process.env.BENCH_ROUNDTRIPS !== "0";
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROF || "";
const NEXTAUTH_SECRET = crypto.randomBytes(30).toString("base64url"); // 40 characters
const OWNER = { name: "Bench Owner", email: "bench-owner@example.com", password: "bench-password-0123" };

const AUDIT_QUERY_INPUT = encodeURIComponent(JSON.stringify({ json: { limit: PAGE } }));
const APP_URL = `http://localhost:${APP_PORT}/api/trpc/audit.list?input=${AUDIT_QUERY_INPUT}`;
const BARE_URL = `http://localhost:${BARE_PORT}/audit`;


// ---------------------------------------------------------------------------------------
// Build, database, seed.

async function ensureBuild(): Promise<void> {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  for (let attempt = 0; !fs.existsSync(buildId); attempt++) {
    if (attempt >= 60) throw new Error("no production build after waiting 10 minutes for another `next build`");
    log(attempt === 0 ? "no .next/BUILD_ID: running `npm run build`" : "retrying `npm run build`");
    const { code, output } = await run("npm", ["run", "build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
    if (code === 0) break;
    if (/Another next build process is already running/i.test(output)) {
      // Someone else's build holds .next/lock: wait for it rather than fight over .next.
      log("another `next build` is running; waiting for it");
      while (!fs.existsSync(buildId) && attempt < 60) {
        await sleep(10_000);
        attempt++;
      }
      continue;
    }
    throw new Error(`npm run build failed (exit ${code}):\n${output.slice(-6000)}`);
  }
  log(`production build ${fs.readFileSync(buildId, "utf8").trim()}`);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

async function recreateDatabase(): Promise<string> {
  const admin = postgres(ADMIN_URL, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  try {
    const [row] = await admin<{ version: string }[]>`select version()`;
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.unsafe(`create database ${DB_NAME}`);
    return row?.version ?? "unknown";
  } finally {
    await admin.end({ timeout: 5 });
  }
}

async function dropDatabase(): Promise<void> {
  const admin = postgres(ADMIN_URL, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

type Seeded = { tenantId: string; userId: string };

async function seed(): Promise<Seeded> {
  // The app reads its configuration once, from process.env: set it before importing app code.
  process.env.DATABASE_URL = BENCH_URL;
  process.env.DATABASE_POOL_MAX = "10";
  process.env.NEXTAUTH_SECRET = NEXTAUTH_SECRET;
  process.env.NEXTAUTH_URL = `http://localhost:${APP_PORT}`;
  process.env.LOG_LEVEL = "warn";
  const { reloadEnv } = await import("../src/server/platform/env");
  reloadEnv();
  const { runtimeDb, closeRuntimeDb } = await import("../src/server/db/client");
  const { registerUser } = await import("../src/server/modules/accounts/service");
  const { createOrganization } = await import("../src/server/modules/orgs/service");

  let user: { id: string };
  let org: { id: string; slug: string };
  try {
    user = await registerUser(runtimeDb(), OWNER);
    org = await createOrganization(user.id, { name: "Bench Org" });
  } finally {
    await closeRuntimeDb();
  }
  log(`tenant ${org.slug} (${org.id}), owner ${OWNER.email}`);

  const owner = postgres(BENCH_URL, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  try {
    const started = performance.now();
    await owner.begin(async (tx) => {
      // FORCE ROW LEVEL SECURITY applies to a non-superuser owner too: insert inside the tenant.
      await tx`select set_config('app.tenant_id', ${org.id}, true), set_config('app.user_id', ${user.id}, true)`;
      await tx`
        insert into audit_log (tenant_id, actor_user_id, action, entity_type, entity_id, after)
        select ${org.id}::uuid,
               ${user.id}::uuid,
               (array['record.created', 'record.updated', 'record.deleted', 'member.invited'])[1 + i % 4],
               (array['record', 'member', 'organization'])[1 + i % 3],
               'entity-' || i,
               jsonb_build_object('i', i, 'name', 'Item ' || i, 'status', case when i % 2 = 0 then 'open' else 'closed' end)
          from generate_series(1, ${ROWS}::int) as i`;
    });
    await owner`analyze audit_log`;
    const [count] = await owner.begin(async (tx) => {
      await tx`select set_config('app.tenant_id', ${org.id}, true)`;
      return tx<{ n: number }[]>`select count(*)::int as n from audit_log where tenant_id = ${org.id}`;
    });
    log(`inserted ${ROWS.toLocaleString("en-US")} audit rows in ${Math.round(performance.now() - started)} ms (tenant now has ${count?.n ?? "?"}) and analyzed`);
  } finally {
    await owner.end({ timeout: 5 });
  }
  return { tenantId: org.id, userId: user.id };
}

// ---------------------------------------------------------------------------------------
// The app under test.

type NextServer = { child: ChildProcess; logLines: string[]; stop(): Promise<void> };

async function assertPortFree(port: number): Promise<void> {
  const inUse = await new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "localhost");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
  if (inUse) throw new Error(`port ${port} is already in use; stop whatever listens there and retry`);
}

async function startNext(port: number, databaseUrl: string, cpuProfileDir = ""): Promise<NextServer> {
  await assertPortFree(port);
  const profiling = cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const child = spawn(process.execPath, [...profiling, "node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    cwd: ROOT,
    detached: true, // its own process group, so stopping it also stops anything it forks
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_MAX: "10",
      NEXTAUTH_SECRET,
      NEXTAUTH_URL: `http://localhost:${APP_PORT}`,
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
    },
  });
  const logLines: string[] = [];
  const collect = (stream: NodeJS.ReadableStream | null) => {
    let partial = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) logLines.push(line);
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  let exited: number | string | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = code ?? signal;
      resolve();
    }),
  );

  const server: NextServer = {
    child,
    logLines,
    async stop() {
      if (exited !== undefined || child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        return;
      }
      const stopped = await Promise.race([exit.then(() => true), sleep(5000).then(() => false)]);
      if (!stopped) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
        await exit;
      }
    },
  };

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited !== undefined) {
      throw new Error(`next start exited (${exited}) before it was ready:\n${logLines.join("\n")}`);
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`next start was not ready within 90 s:\n${logLines.join("\n")}`);
    }
    try {
      const response = await fetch(`http://localhost:${port}/api/ready`);
      await response.text();
      if (response.status === 200) return server;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
}

/** next-auth credentials sign-in; returns every cookie set along the way as one Cookie header. */
async function signIn(): Promise<string> {
  const jar = new Map<string, string>();
  const remember = (response: Response) => {
    for (const setCookie of response.headers.getSetCookie()) {
      const pair = setCookie.split(";")[0] ?? "";
      const index = pair.indexOf("=");
      if (index > 0) jar.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
  };
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const base = `http://localhost:${APP_PORT}/api/auth`;

  const csrfResponse = await fetch(`${base}/csrf`);
  const csrfBody = await csrfResponse.text();
  if (csrfResponse.status !== 200) throw new Error(`GET /api/auth/csrf answered ${csrfResponse.status}: ${csrfBody}`);
  remember(csrfResponse);
  const { csrfToken } = JSON.parse(csrfBody) as { csrfToken?: string };
  if (!csrfToken) throw new Error(`GET /api/auth/csrf returned no csrfToken: ${csrfBody}`);

  const response = await fetch(`${base}/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader() },
    body: new URLSearchParams({ csrfToken, email: OWNER.email, password: OWNER.password, json: "true" }).toString(),
  });
  const body = await response.text();
  remember(response);
  if (!jar.has("neuroops.session")) {
    throw new Error(`sign-in set no neuroops.session cookie (status ${response.status}): ${body}`);
  }
  return cookieHeader();
}

// ---------------------------------------------------------------------------------------
// The bare baseline: same query, same RLS transaction, postgres.js, node:http.

type AuditRow = {
  id: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  created_at: Date;
  actor_user_id: string | null;
  name: string | null;
  email: string | null;
};

function createBareSql(url: string): postgres.Sql {
  return postgres(url, {
    max: 10,
    prepare: false,
    onnotice: () => {},
    connect_timeout: 5,
    connection: { options: `-c role=${APP_ROLE}` },
  });
}

async function bareAuditPage(sql: postgres.Sql, { tenantId, userId }: Seeded) {
  const rows = await sql.begin(async (tx) => {
    await tx`select set_config('role', ${APP_ROLE}, true), set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', ${userId}, true)`;
    return tx<AuditRow[]>`select a.id, a.action, a.entity_type, a.entity_id, a.before, a.after, a.created_at, a.actor_user_id, u.name, u.email
      from audit_log a left join users u on u.id = a.actor_user_id
      order by a.id desc limit ${PAGE + 1}`;
  });
  const hasMore = rows.length > PAGE;
  const items = hasMore ? rows.slice(0, PAGE) : [...rows];
  return { items, nextCursor: hasMore ? (items[items.length - 1]?.id ?? null) : null };
}

async function startBareServer(sql: postgres.Sql, seeded: Seeded): Promise<http.Server> {
  await assertPortFree(BARE_PORT);
  const server = http.createServer((req, res) => {
    if (!req.url?.startsWith("/audit")) {
      res.writeHead(404).end();
      return;
    }
    bareAuditPage(sql, seeded).then(
      (page) => {
        const body = JSON.stringify(page);
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
      },
      (error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" }).end(error instanceof Error ? error.message : String(error));
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(BARE_PORT, () => resolve());
  });
  return server;
}

// ---------------------------------------------------------------------------------------
// Checks and measurement.

function itemsOf(body: unknown, pathToItems: string[]): unknown[] | undefined {
  let node: unknown = body;
  for (const key of pathToItems) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return Array.isArray(node) ? node : undefined;
}

async function checkOneResponse(label: string, url: string, headers: Record<string, string>, pathToItems: string[]) {
  const response = await fetch(url, { headers });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const items = itemsOf(parsed, pathToItems);
  if (response.status !== 200 || items?.length !== PAGE) {
    throw new Error(
      `${label}: expected 200 with ${PAGE} items at ${pathToItems.join(".")}, got ${response.status} ` +
        `with ${items ? items.length : "no"} items. Body:\n${text.slice(0, 4000)}`,
    );
  }
  log(`${label}: one request OK (200, ${items.length} items, ${Buffer.byteLength(text)} bytes)`);
}

type Measurement = LoadSummary & { cpu: CpuBreakdown | null };

async function measure(
  label: string,
  url: string,
  headers: Record<string, string>,
  isServer: (pid: number, pgrp: number) => boolean,
): Promise<Measurement> {
  log(`${label}: warm-up ${WARMUP_SECONDS} s`);
  await runLoad({ url, headers, connections: CONNECTIONS, durationSeconds: WARMUP_SECONDS });
  log(`${label}: measuring ${DURATION} s, ${CONNECTIONS} connections`);
  const before = cpuSnapshot();
  const started = performance.now();
  const summary = await runLoad({ url, headers, connections: CONNECTIONS, durationSeconds: DURATION });
  const wall = (performance.now() - started) / 1000;
  const cpu = cpuBreakdown(before, cpuSnapshot(), wall, os.availableParallelism(), isServer, summary.cpuSeconds);
  log(
    `${label}: ${summary.requestsPerSecond.toFixed(0)} req/s, p50 ${summary.latencyP50Ms} ms, p99 ${summary.latencyP99Ms} ms, ` +
      `${summary.totalRequests} requests, non-2xx ${summary.non2xx}, errors ${summary.errors}, timeouts ${summary.timeouts}`,
  );
  return { ...summary, cpu };
}

type RoundTrips = { perRequest: number; statementsPerRequest: number; statements: string[] };

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
    const next = await startNext(COUNT_PORT, proxiedUrl.toString());
    let app: RoundTrips;
    try {
      const url = APP_URL.replace(`:${APP_PORT}/`, `:${COUNT_PORT}/`);
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

// ---------------------------------------------------------------------------------------
// Report.

function printReport(machine: string[], a: Measurement, b: Measurement, roundTrips: { app: RoundTrips; bare: RoundTrips } | null, serverLog: string[]) {
  const ratio = a.requestsPerSecond / b.requestsPerSecond;
  const fmt = (n: number, digits = 1) => n.toFixed(digits);
  const rows: [string, string, string, string][] = [
    ["", "(a) next + tRPC", "(b) bare node:http", "a/b"],
    ["req/s (average)", fmt(a.requestsPerSecond, 0), fmt(b.requestsPerSecond, 0), fmt(ratio, 2)],
    ["latency p50 (ms)", fmt(a.latencyP50Ms), fmt(b.latencyP50Ms), fmt(a.latencyP50Ms / b.latencyP50Ms, 2)],
    ["latency p99 (ms)", fmt(a.latencyP99Ms), fmt(b.latencyP99Ms), fmt(a.latencyP99Ms / b.latencyP99Ms, 2)],
    ["latency avg (ms)", fmt(a.latencyAverageMs, 2), fmt(b.latencyAverageMs, 2), fmt(a.latencyAverageMs / b.latencyAverageMs, 2)],
    ["latency max (ms)", fmt(a.latencyMaxMs), fmt(b.latencyMaxMs), ""],
    ["requests (total)", String(a.totalRequests), String(b.totalRequests), ""],
    ["non-2xx / errors / timeouts", `${a.non2xx} / ${a.errors} / ${a.timeouts}`, `${b.non2xx} / ${b.errors} / ${b.timeouts}`, ""],
  ];
  if (a.cpu && b.cpu) {
    const cpuCell = (cpu: CpuBreakdown) =>
      `${fmt(cpu.serverSeconds)} / ${fmt(cpu.postgresSeconds)} / ${fmt(cpu.loadGeneratorSeconds)} / ${fmt(cpu.otherSeconds)}`;
    const perRequest = (m: Measurement, seconds: number) => (m.totalRequests > 0 ? (seconds * 1000) / m.totalRequests : 0);
    rows.push(["CPU s: server/pg/loadgen/other", cpuCell(a.cpu), cpuCell(b.cpu), ""]);
    rows.push([
      "server CPU per request (ms)",
      fmt(perRequest(a, a.cpu.serverSeconds), 2),
      fmt(perRequest(b, b.cpu.serverSeconds), 2),
      fmt(perRequest(a, a.cpu.serverSeconds) / perRequest(b, b.cpu.serverSeconds), 2),
    ]);
    rows.push([
      "postgres CPU per request (ms)",
      fmt(perRequest(a, a.cpu.postgresSeconds), 2),
      fmt(perRequest(b, b.cpu.postgresSeconds), 2),
      fmt(perRequest(a, a.cpu.postgresSeconds) / perRequest(b, b.cpu.postgresSeconds), 2),
    ]);
  }
  if (roundTrips) {
    rows.push([
      "SQL round trips / request",
      `${fmt(roundTrips.app.perRequest, 1)} (${fmt(roundTrips.app.statementsPerRequest, 1)} stmts)`,
      `${fmt(roundTrips.bare.perRequest, 1)} (${fmt(roundTrips.bare.statementsPerRequest, 1)} stmts)`,
      "",
    ]);
  }
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  │  ");
  const rule = widths.map((w) => "─".repeat(w)).join("──┼──");

  console.log("");
  console.log("=== bench:api — GET audit.list (50 of 100,000 rows, one tenant, RLS) ===");
  for (const m of machine) console.log(m);
  console.log(`load: autocannon in a child process, ${CONNECTIONS} connections, ${DURATION} s after a ${WARMUP_SECONDS} s warm-up, each target alone`);
  console.log("");
  console.log(line(rows[0]!));
  console.log(rule);
  for (const row of rows.slice(1)) console.log(line(row));
  console.log("");
  const statusNote = (s: LoadSummary) => Object.entries(s.statusCodes).map(([code, n]) => `${code}×${n}`).join(", ") || "none";
  console.log(`status codes: (a) ${statusNote(a)}; (b) ${statusNote(b)}`);
  if (a.cpu && b.cpu) {
    console.log(
      `CPU seconds in the ${DURATION} s window (${os.availableParallelism()} cores): server = the next process (a) or this process (b); ` +
        `pg = all postgres processes; other = everything else on the machine`,
    );
  }
  const noisy = [a, b].filter((m) => m.cpu && m.cpu.otherSeconds > 0.1 * m.cpu.availableSeconds);
  if (noisy.length > 0) {
    console.log(
      `WARNING: other processes used ${[a, b].map((m) => (m.cpu ? `${fmt((100 * m.cpu.otherSeconds) / m.cpu.availableSeconds, 0)}%` : "?")).join(" / ")} ` +
        `of the CPU during (a) / (b); the comparison is skewed. Re-run on a quiet machine.`,
    );
  }
  if (roundTrips) {
    const show = (label: string, r: RoundTrips) => {
      console.log(`statements of one ${label} request:`);
      for (const statement of r.statements) console.log(`  - ${statement.replace(/\s+/g, " ").trim().slice(0, 140)}`);
    };
    show("tRPC audit.list", roundTrips.app);
    show("bare", roundTrips.bare);
  }
  console.log("");
  const ratioOk = ratio >= 0.5;
  const p99Ok = a.latencyP99Ms < 50;
  console.log("goals:");
  console.log(`  req/s ratio a/b ≥ 0.5 : ${fmt(ratio, 2)} → ${ratioOk ? "MET" : "MISSED"}`);
  console.log(`  p99 of (a) < 50 ms    : ${fmt(a.latencyP99Ms)} ms → ${p99Ok ? "MET" : "MISSED"}`);
  console.log(`  overall               : ${ratioOk && p99Ok ? "all goals met" : "goals missed"}`);
  console.log("");
  if (serverLog.length === 0) console.log("next server log (LOG_LEVEL=warn): empty");
  else {
    console.log(`next server log (LOG_LEVEL=warn): ${serverLog.length} lines${serverLog.length > 40 ? ", last 40:" : ":"}`);
    for (const entry of serverLog.slice(-40)) console.log(`  | ${entry.slice(0, 400)}`);
  }
}

// ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  log(`admin ${redact(ADMIN_URL)}, bench database ${DB_NAME}, duration ${DURATION} s`);
  await ensureBuild();

  const pgVersion = await recreateDatabase();
  if (!KEEP_DB) onCleanup("drop database", dropDatabase);
  else onCleanup("keep database", () => log(`BENCH_KEEP_DB=1: kept ${redact(BENCH_URL)}`));
  const { migrateDatabase } = await import("../src/server/db/migrate");
  await migrateDatabase(BENCH_URL);
  log(`created ${DB_NAME} and applied migrations`);
  const seeded = await seed();

  const machine = [
    `machine: ${machineSummary()}`,
    `node ${process.version}, ${pgVersion.split(" on ")[0] ?? pgVersion}`,
  ];

  const next = await startNext(APP_PORT, BENCH_URL, CPU_PROFILE_DIR);
  onCleanup("stop next", () => next.stop());
  log(`next start ready on :${APP_PORT} (pid ${next.child.pid})`);

  const cookie = await signIn();
  const appHeaders = { cookie, "x-tenant-id": seeded.tenantId };
  await checkOneResponse("(a) tRPC audit.list", APP_URL, appHeaders, ["result", "data", "json", "items"]);

  const bareSql = createBareSql(BENCH_URL);
  onCleanup("close bare pool", () => bareSql.end({ timeout: 5 }));
  const bare = await startBareServer(bareSql, seeded);
  onCleanup("close bare server", () => {
    bare.closeAllConnections();
    return new Promise<void>((resolve) => bare.close(() => resolve()));
  });
  await checkOneResponse("(b) bare node:http", BARE_URL, {}, ["items"]);

  // Other processes on the machine (a dev server, a build) skew a 2-core measurement: show the load.
  machine.push(`load average before measuring: ${os.loadavg().map((n) => n.toFixed(2)).join(" ")} (1/5/15 min)`);
  const nextPid = next.child.pid;
  const a = await measure("(a) tRPC audit.list", APP_URL, appHeaders, (_pid, pgrp) => pgrp === nextPid);
  const b = await measure("(b) bare node:http", BARE_URL, {}, (pid) => pid === process.pid);
  const serverLog = [...next.logLines];
  if (CPU_PROFILE_DIR) {
    await next.stop(); // node writes the profile as the process exits
    log(`CPU profile of (a) in ${CPU_PROFILE_DIR}: npx tsx bench/lib/cpuprofile-summary.ts ${CPU_PROFILE_DIR}/<file>.cpuprofile`);
  }

  let roundTrips: { app: RoundTrips; bare: RoundTrips } | null = null;
  if (COUNT_ROUNDTRIPS) {
    log("counting SQL round trips per request through a wire-protocol proxy (second next start on :3202)");
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
