/**
 * `npm run bench:jobs`: the embedded job worker (no Inngest) against the raw insert
 * rate of the outbox.
 *
 * On the machine's Postgres (fresh database neuroops_bench_jobs, one tenant):
 *   (0) baseline: 10 concurrent writers run `publishEvent` in `withTenant` with no worker
 *       running, (0a) one event per transaction, (0b) TX_BATCH events per transaction;
 *   (1) one and (2) two embedded workers (`startWorker`, each in its own child process,
 *       like app processes) with a no-op handler while the same 10 writers publish
 *       BENCH_EVENTS events, one per transaction: events/s from the first commit to the
 *       last handler completion, and latency from commit (noted by the writer right after
 *       its transaction commits) to handler start. Batch sizes are swept, the best is
 *       repeated; the same with the loops inside this process; and latency under light
 *       load (100 events/s), where the poll interval dominates.
 * Then, smaller, on the embedded PGlite (`npm run dev`'s database: a host process with
 * PGlite behind its socket, and this process as the app with a pool of ONE connection,
 * writers and one in-process worker sharing it).
 *
 * Clocks: performance.timeOrigin + performance.now() in every process (the system clock);
 * the offset to each worker child is measured by ping and printed.
 *
 * A measurement: exits 0 whatever the figures, non-zero only on errors.
 *
 * Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
 *      BENCH_EVENTS (default 10000), BENCH_REPEATS (default 3), BENCH_BATCH_SIZES (worker
 *      claim sizes to try, default "10,50"), BENCH_KEEP_DB=1 (keep neuroops_bench_jobs),
 *      BENCH_PGLITE=0 (skip PGlite), BENCH_PGLITE_EVENTS (default min(2000, BENCH_EVENTS)),
 *      BENCH_LIGHT_RATE (events/s of the light-load runs, default 100), BENCH_LIGHT_EVENTS
 *      (default 10 s worth, or BENCH_EVENTS / 3 when smaller).
 * Smoke size (CI, under a minute): BENCH_EVENTS=300 BENCH_REPEATS=1 BENCH_PGLITE=0; the
 * figures are printed, never asserted.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { cpuBreakdown, cpuSnapshot } from "./lib/cpu";
import type { PgliteHostMessage } from "./lib/jobs-pglite-host";
import { fmt, fmtInt, median, percentile, printTable } from "./lib/jobs-stats";
import { startCountingProxy, type CountingProxy, type ProxyCounts } from "./lib/pg-proxy";
import type { ClockCheck, GroupStampSink, WorkerGroup, WorkerSettings } from "./lib/jobs-workers";
import { cleanUp, log, machineSummary, onCleanup, positiveInt, redact, sleep, withDatabase } from "./lib/common";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
process.chdir(ROOT); // migrations resolve drizzle/ from the working directory

const ADMIN_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = "neuroops_bench_jobs";
const BENCH_URL = withDatabase(ADMIN_URL, DB_NAME);
const EVENTS = positiveInt(process.env.BENCH_EVENTS, 10_000, "BENCH_EVENTS");
const REPEATS = positiveInt(process.env.BENCH_REPEATS, 3, "BENCH_REPEATS");
const BATCH_SIZES = (process.env.BENCH_BATCH_SIZES || "10,50").split(",").map((raw) => positiveInt(raw.trim(), 10, "BENCH_BATCH_SIZES"));
const KEEP_DB = process.env.BENCH_KEEP_DB === "1";
const RUN_PGLITE = process.env.BENCH_PGLITE !== "0";
const PGLITE_EVENTS = positiveInt(process.env.BENCH_PGLITE_EVENTS, Math.min(2_000, EVENTS), "BENCH_PGLITE_EVENTS");
const WRITERS = 10;
const TX_BATCH = 50; // events per transaction in baseline (0b)
const POLL_MS = 50;
const LEASE_SECONDS = 60;
// The issue's goal: commit→start p99 < 1 s at a steady 100 events/s (one writer, paced):
// far below what one worker handles, so latency is the wake-up delay.
const LIGHT_RATE = positiveInt(process.env.BENCH_LIGHT_RATE, 100, "BENCH_LIGHT_RATE");
// 10 s worth, or a third of BENCH_EVENTS when that is smaller (a smoke run stays short).
const LIGHT_EVENTS = positiveInt(process.env.BENCH_LIGHT_EVENTS, Math.min(10 * LIGHT_RATE, Math.max(50, Math.floor(EVENTS / 3))), "BENCH_LIGHT_EVENTS");
const COUNT_SAMPLES = Math.min(200, EVENTS); // events published and worked through the round-trip counting proxy
const NOTIFY_TRIGGER = "outbox_events_notify"; // drizzle/0005_outbox_notify.sql
const MAIN_POOL = WRITERS + 2; // writers plus in-process worker loops
const CHILD_POOL = 2; // a worker's claim and its tenant transactions run one after another
const STALL_MS = 60_000;
const OWNER = { name: "Bench Jobs Owner", email: "bench-jobs-owner@example.com", password: "bench-password-0123" };
const PGLITE_HOST = fileURLToPath(new URL("./lib/jobs-pglite-host.ts", import.meta.url));


// ---------------------------------------------------------------------------------------
// App code: loaded once the env points at the benchmark database (the logger reads
// LOG_LEVEL when first imported; the pool reads DATABASE_URL when first used).

process.env.LOG_LEVEL = "warn";

async function loadApp() {
  const [envModule, client, accounts, orgs, load, workers] = await Promise.all([
    import("../src/server/platform/env"),
    import("../src/server/db/client"),
    import("../src/server/modules/accounts/service"),
    import("../src/server/modules/orgs/service"),
    import("./lib/jobs-load"),
    import("./lib/jobs-workers"),
  ]);
  return { reloadEnv: envModule.reloadEnv, ...client, ...accounts, ...orgs, ...load, ...workers };
}
type App = Awaited<ReturnType<typeof loadApp>>;
let app: App;

function pointAppAt(url: string, poolMax: number): void {
  process.env.DATABASE_URL = url;
  process.env.DATABASE_POOL_MAX = String(poolMax);
  app.reloadEnv();
}

async function seedTenant(): Promise<string> {
  const user = await app.registerUser(app.runtimeDb(), OWNER);
  const org = await app.createOrganization(user.id, { name: "Bench Jobs Org" });
  return org.id;
}

// ---------------------------------------------------------------------------------------
// Targets: where the events go.

type Target = {
  kind: "postgres" | "pglite";
  /** Empties the outbox (PGlite: a fresh database); returns the tenant to publish in. */
  prepare(): Promise<string>;
  /** Processes whose CPU is the database's, when they are not named "postgres". */
  databasePids(): number[];
  /** Env for worker children; null when the database takes one connection only. */
  childEnv: Record<string, string> | null;
  /** Turns the outbox NOTIFY trigger (migration 0005) off or on; false if there is none. */
  setNotifyTrigger?(enabled: boolean): Promise<boolean>;
  close(): Promise<void>;
};

async function postgresTarget(): Promise<{ target: Target; version: string; settings: string }> {
  const admin = postgres(ADMIN_URL, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  let version: string;
  try {
    const [row] = await admin<{ version: string }[]>`select version()`;
    version = row?.version ?? "unknown";
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.unsafe(`create database ${DB_NAME}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  if (KEEP_DB) onCleanup("keep database", () => log(`BENCH_KEEP_DB=1: kept ${redact(BENCH_URL)}`));
  else
    onCleanup("drop database", async () => {
      const sql = postgres(ADMIN_URL, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
      try {
        await sql.unsafe(`drop database if exists ${DB_NAME} with (force)`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    });
  const { migrateDatabase } = await import("../src/server/db/migrate");
  await migrateDatabase(BENCH_URL);
  log(`created ${DB_NAME} and applied migrations`);

  pointAppAt(BENCH_URL, MAIN_POOL);
  const tenantId = await seedTenant();
  onCleanup("close runtime pool", () => app.closeRuntimeDb());
  log(`tenant ${tenantId}`);

  const owner = postgres(BENCH_URL, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  const closeOwner = onCleanup("close owner connection", () => owner.end({ timeout: 5 }));
  const settingRows = await owner<{ name: string; setting: string; unit: string | null }[]>`
    select name, setting, unit from pg_settings
     where name in ('synchronous_commit', 'fsync', 'wal_sync_method', 'shared_buffers', 'max_connections')
     order by name`;
  const settings = settingRows.map((r) => `${r.name}=${r.setting}${r.unit && r.unit !== "" ? ` ${r.unit}` : ""}`).join(", ");
  let canCheckpoint = true;
  const target: Target = {
    kind: "postgres",
    async prepare() {
      await owner`truncate outbox_events, job_runs`;
      if (canCheckpoint) {
        try {
          await owner`checkpoint`; // so a checkpoint does not land in the middle of a run
        } catch {
          canCheckpoint = false;
        }
      }
      return tenantId;
    },
    databasePids: () => [],
    childEnv: { DATABASE_URL: BENCH_URL, DATABASE_POOL_MAX: String(CHILD_POOL), LOG_LEVEL: "warn" },
    async setNotifyTrigger(enabled) {
      const [row] = await owner<{ n: number }[]>`
        select count(*)::int as n from pg_trigger where tgrelid = 'outbox_events'::regclass and tgname = ${NOTIFY_TRIGGER}`;
      if (!row?.n) return false;
      await owner.unsafe(`alter table outbox_events ${enabled ? "enable" : "disable"} trigger ${NOTIFY_TRIGGER}`);
      return true;
    },
    close: closeOwner,
  };
  return { target, version, settings };
}

type PgliteHost = { child: ChildProcess; url: string; migrateMs: number; stop(): Promise<void> };

async function startPgliteHost(dataDir: string): Promise<PgliteHost> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", PGLITE_HOST, dataDir], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = await new Promise<Extract<PgliteHostMessage, { type: "ready" }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PGlite host not ready within 120 s:\n${output}`)), 120_000);
    child.on("message", (message: PgliteHostMessage) => {
      clearTimeout(timer);
      if (message.type === "ready") resolve(message);
      else reject(new Error(`PGlite host failed: ${message.message}\n${output}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`PGlite host exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    child,
    url: ready.url,
    migrateMs: ready.migrateMs,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        if (child.connected) child.send({ type: "stop" });
        const stopped = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
        if (!stopped) {
          child.kill("SIGKILL");
          await exited;
        }
      }
    },
  };
}

async function pgliteTarget(): Promise<{ target: Target; version: string }> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "neuroops-bench-jobs-pglite-"));
  onCleanup("remove PGlite data", () => fs.rmSync(base, { recursive: true, force: true }));
  let host: PgliteHost | null = null;
  let generation = 0;
  const stopHost = async () => {
    await app.closeRuntimeDb();
    await host?.stop();
    host = null;
  };
  onCleanup("stop PGlite host", stopHost);
  const target: Target = {
    kind: "pglite",
    async prepare() {
      // A fresh database per run: the app role cannot delete outbox rows, and the single
      // session leaves no room for an owner connection beside the app's.
      await stopHost();
      const dataDir = path.join(base, String(generation++));
      fs.rmSync(path.join(base, String(generation - 2)), { recursive: true, force: true });
      host = await startPgliteHost(dataDir);
      pointAppAt(host.url, 1);
      return seedTenant();
    },
    databasePids: () => (host?.child.pid ? [host.child.pid] : []),
    childEnv: null,
    close: stopHost,
  };
  await target.prepare();
  const [row] = await app.runtimeSql()<{ version: string }[]>`select version()`;
  log(`PGlite host ready (migrations ${fmtInt(host!.migrateMs)} ms)`);
  return { target, version: row?.version ?? "unknown" };
}

// ---------------------------------------------------------------------------------------
// CPU: where it went during one run.

type CpuSplit = { wallSeconds: number; workers: number; main: number; database: number; other: number; available: number };

function cpuWindow(target: Target, workerPids: number[]): () => CpuSplit | null {
  const before = cpuSnapshot();
  const mainBefore = process.cpuUsage();
  const started = performance.now();
  return () => {
    const wall = (performance.now() - started) / 1000;
    const usage = process.cpuUsage(mainBefore);
    const main = (usage.user + usage.system) / 1e6;
    const isDb = new Set(target.databasePids());
    const workers = new Set(workerPids);
    // Two passes of the same snapshots: once for the workers, once for the PGlite host.
    const after = cpuSnapshot();
    const cores = os.availableParallelism();
    const forWorkers = cpuBreakdown(before, after, wall, cores, (pid) => workers.has(pid), main);
    const forDb = cpuBreakdown(before, after, wall, cores, (pid) => isDb.has(pid), main);
    if (!forWorkers || !forDb) return null;
    const database = forWorkers.postgresSeconds + forDb.serverSeconds;
    const busy = forWorkers.serverSeconds + forWorkers.postgresSeconds + forWorkers.otherSeconds + main;
    return {
      wallSeconds: wall,
      workers: forWorkers.serverSeconds,
      main,
      database,
      other: Math.max(0, busy - forWorkers.serverSeconds - database - main),
      available: forWorkers.availableSeconds,
    };
  };
}

// ---------------------------------------------------------------------------------------
// Measurements.

type InsertRun = {
  perTx: number;
  writers: number;
  events: number;
  eventsPerSecond: number;
  wallMs: number;
  transactions: number;
  cpu: CpuSplit | null;
};

async function measureInsert(target: Target, perTx: number, events: number, writers = WRITERS): Promise<InsertRun> {
  const tenantId = await target.prepare();
  const end = cpuWindow(target, []);
  const result = await app.publishConcurrently({ tenantId, events, writers, perTx });
  const cpu = end();
  const counts = await app.outboxCounts();
  if ((counts.pending ?? 0) !== events) throw new Error(`baseline: expected ${events} pending events, found ${JSON.stringify(counts)}`);
  const wallMs = result.lastCommitMs - result.firstStartMs;
  const run = { perTx, writers, events, eventsPerSecond: events / (wallMs / 1000), wallMs, transactions: result.transactions, cpu };
  log(`insert ${perTx}/tx, ${writers} writer${writers > 1 ? "s" : ""} (${target.kind}): ${fmtInt(run.eventsPerSecond)} events/s, ${result.transactions} transactions in ${fmtInt(wallMs)} ms`);
  return run;
}

type WorkerSpec = { workers: number; placement: "child processes" | "in-process"; settings: WorkerSettings; events: number; pacedPerSecond?: number };

type WorkerRun = WorkerSpec & {
  eventsPerSecond: number; // first commit → last handler completion
  publishPerSecond: number; // the writers' rate while the workers ran
  wallMs: number;
  latency: { p50: number; p99: number; max: number; min: number; mean: number; over100ms: number };
  backlogAtLastCommit: number; // events committed but not started when the last commit happened
  drainMs: number; // last commit → last handler completion
  perWorker: number[];
  duplicates: number;
  cpu: CpuSplit | null;
  clockChecks: ClockCheck[];
};

function describe(spec: WorkerSpec): string {
  const paced = spec.pacedPerSecond ? `, paced ${spec.pacedPerSecond}/s` : "";
  const listen = spec.settings.listen ? ", listen" : "";
  return `${spec.workers} worker${spec.workers > 1 ? "s" : ""} (${spec.placement}), batch ${spec.settings.batchSize}, poll ${spec.settings.pollMs} ms${listen}${paced}`;
}

// Worker children are spawned once per size and serve every run of a section (a spawn
// costs seconds: most of a smoke run's time otherwise).
const workerGroups = new Map<string, WorkerGroup>();

async function workerGroup(target: Target, workers: number, placement: WorkerSpec["placement"]): Promise<WorkerGroup> {
  const key = `${target.kind}/${placement}/${workers}`;
  const cached = workerGroups.get(key);
  if (cached && !cached.failed()) return cached;
  await cached?.close();
  let group: WorkerGroup;
  if (placement === "child processes") {
    if (!target.childEnv) throw new Error(`${target.kind}: workers cannot run in child processes`);
    group = await app.spawnWorkerProcesses(workers, target.childEnv);
  } else {
    group = app.startInProcessWorkers(workers);
  }
  workerGroups.set(key, group);
  return group;
}

async function closeWorkerGroups(): Promise<void> {
  const groups = [...workerGroups.values()];
  workerGroups.clear();
  await Promise.all(groups.map((group) => group.close()));
}
onCleanup("close worker groups", closeWorkerGroups);

async function measureWorkers(target: Target, spec: WorkerSpec): Promise<WorkerRun> {
  const tenantId = await target.prepare();
  const { events } = spec;
  const starts = new Float64Array(events).fill(NaN);
  const ends = new Float64Array(events).fill(NaN);
  const owners = new Int8Array(events);
  let seen = 0;
  let duplicates = 0;
  let unexpected = 0;
  let lastStampAt = Date.now();
  let allDone!: () => void;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const sink: GroupStampSink = (seq, start, end, worker) => {
    lastStampAt = Date.now();
    if (!Number.isInteger(seq) || seq < 0 || seq >= events) {
      unexpected++;
      return;
    }
    if (!Number.isNaN(starts[seq]!)) {
      duplicates++;
      return;
    }
    starts[seq] = start;
    ends[seq] = end;
    owners[seq] = worker;
    if (++seen === events) allDone();
  };

  const group = await workerGroup(target, spec.workers, spec.placement);
  const commits = new Map<number, number>();
  let cpu: CpuSplit | null;
  let published: Awaited<ReturnType<App["publishConcurrently"]>>;
  try {
    group.start(spec.settings, sink);
    await sleep(Math.max(200, 2 * spec.settings.pollMs)); // the loops have found the outbox empty and sleep
    const end = cpuWindow(target, group.pids);
    lastStampAt = Date.now();
    published = spec.pacedPerSecond
      ? await app.publishPaced({ tenantId, events, perSecond: spec.pacedPerSecond, commits })
      : await app.publishConcurrently({ tenantId, events, writers: WRITERS, perTx: 1, commits });
    lastStampAt = Math.max(lastStampAt, Date.now());
    while (seen < events) {
      await Promise.race([done, sleep(1_000)]);
      const failure = group.failed();
      if (failure) throw new Error(failure);
      if (seen < events && Date.now() - lastStampAt > STALL_MS) {
        const counts = await app.outboxCounts().catch(() => ({}));
        throw new Error(`${describe(spec)}: no handler ran for ${STALL_MS / 1000} s; ${seen}/${events} done; outbox ${JSON.stringify(counts)}`);
      }
    }
    cpu = end();
  } finally {
    await group.stop();
  }

  const counts = await app.outboxCounts();
  const runs = await app.jobRunCounts(tenantId);
  if ((counts.done ?? 0) !== events || (runs.done ?? 0) !== events) {
    throw new Error(`${describe(spec)}: expected ${events} events and job runs done, found outbox ${JSON.stringify(counts)}, job_runs ${JSON.stringify(runs)}`);
  }
  if (unexpected > 0) throw new Error(`${describe(spec)}: ${unexpected} handler calls with an unknown seq`);

  const latencies = new Float64Array(events);
  let firstCommit = Infinity;
  let lastCommit = 0;
  let lastEnd = 0;
  let backlog = 0;
  const perWorker = new Array<number>(spec.workers).fill(0);
  for (let seq = 0; seq < events; seq++) {
    const committed = commits.get(seq)!;
    firstCommit = Math.min(firstCommit, committed);
    lastCommit = Math.max(lastCommit, committed);
    lastEnd = Math.max(lastEnd, ends[seq]!);
    latencies[seq] = starts[seq]! - committed;
    perWorker[owners[seq]!]!++;
  }
  for (let seq = 0; seq < events; seq++) if (starts[seq]! > lastCommit) backlog++;
  latencies.sort();
  const wallMs = lastEnd - firstCommit;
  const run: WorkerRun = {
    ...spec,
    eventsPerSecond: events / (wallMs / 1000),
    publishPerSecond: events / ((published.lastCommitMs - published.firstStartMs) / 1000),
    wallMs,
    latency: {
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      max: latencies[events - 1]!,
      min: latencies[0]!,
      mean: latencies.reduce((a, b) => a + b, 0) / events,
      over100ms: latencies.filter((ms) => ms > 100).length,
    },
    backlogAtLastCommit: backlog,
    drainMs: lastEnd - lastCommit,
    perWorker,
    duplicates,
    cpu,
    clockChecks: group.clockChecks,
  };
  log(
    `${target.kind}: ${describe(spec)}: ${fmtInt(run.eventsPerSecond)} events/s, commit→start p50 ${fmt(run.latency.p50)} ms, ` +
      `p99 ${fmt(run.latency.p99)} ms, max ${fmt(run.latency.max)} ms (publish ${fmtInt(run.publishPerSecond)}/s, split ${perWorker.join("/")})`,
  );
  return run;
}

// ---------------------------------------------------------------------------------------
// Round trips per event, counted by a wire-protocol proxy (bench/lib/pg-proxy.ts) in front
// of Postgres: the writers' pool and one worker child connect through it. Not on any
// measured path.

type RoundTripCount = { perEvent: number; statementsPerEvent: number; shapes: [string, number][] };
type RoundTrips = { writer: RoundTripCount; worker: RoundTripCount; live: RoundTripCount; batchSize: number; samples: number };

function summarizeCounts(counts: ProxyCounts, events: number): RoundTripCount {
  const shapes = new Map<string, number>();
  for (const statement of counts.statements) {
    const shape = statement.replace(/\s+/g, " ").trim().slice(0, 110);
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
  }
  return {
    perEvent: counts.roundTrips / events,
    statementsPerEvent: counts.statements.length / events,
    shapes: [...shapes].map(([shape, n]) => [shape, n / events] as [string, number]).sort((a, b) => b[1] - a[1]),
  };
}

/** Runs the worker `group` until it has run `events` handlers, counting on `proxy`; `publish` runs meanwhile. */
async function countWorker(group: WorkerGroup, proxy: CountingProxy, batchSize: number, events: number, publish: () => Promise<unknown>) {
  let seen = 0;
  let allDone!: () => void;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  try {
    proxy.reset();
    group.start({ batchSize, pollMs: POLL_MS, leaseSeconds: LEASE_SECONDS, listen: true }, () => {
      if (++seen === events) allDone();
    });
    await publish();
    const timedOut = await Promise.race([done.then(() => false), sleep(STALL_MS).then(() => true)]);
    if (timedOut) throw new Error(`round-trip count: the worker ran ${seen}/${events} events in ${STALL_MS / 1000} s`);
  } finally {
    await group.stop(); // the last event is settled; a claim or two that find nothing follow
  }
  return summarizeCounts(proxy.counts(), events);
}

async function countRoundTrips(target: Target, batchSize: number): Promise<RoundTrips> {
  if (!target.childEnv) throw new Error("round trips are counted on Postgres only");
  const upstream = new URL(BENCH_URL);
  const writerProxy = await startCountingProxy(upstream.hostname || "127.0.0.1", Number(upstream.port || 5432));
  const workerProxy = await startCountingProxy(upstream.hostname || "127.0.0.1", Number(upstream.port || 5432));
  const proxied = (port: number) => {
    const url = new URL(BENCH_URL);
    url.hostname = "127.0.0.1";
    url.port = String(port);
    return url.toString();
  };
  const group = await app.spawnWorkerProcesses(1, { ...target.childEnv, DATABASE_URL: proxied(workerProxy.port) });
  try {
    let tenantId = await target.prepare();
    await app.closeRuntimeDb();
    pointAppAt(proxied(writerProxy.port), 1);
    await app.runtimeSql()`select 1`; // connect before counting
    writerProxy.reset();
    await app.publishConcurrently({ tenantId, events: COUNT_SAMPLES, writers: 1, perTx: 1 });
    const writer = summarizeCounts(writerProxy.counts(), COUNT_SAMPLES);
    // A backlog: the worker starts once every event is committed.
    const worker = await countWorker(group, workerProxy, batchSize, COUNT_SAMPLES, () => Promise.resolve());

    // Keeping pace: the writers publish while the worker runs (woken by each commit).
    tenantId = await target.prepare();
    await app.closeRuntimeDb();
    pointAppAt(BENCH_URL, MAIN_POOL);
    const live = await countWorker(group, workerProxy, batchSize, COUNT_SAMPLES, async () => {
      await sleep(300); // LISTEN established, the empty outbox found (counted: an idle worker's cost)
      await app.publishConcurrently({ tenantId, events: COUNT_SAMPLES, writers: WRITERS, perTx: 1 });
    });
    return { writer, worker, live, batchSize, samples: COUNT_SAMPLES };
  } finally {
    await group.close();
    await app.closeRuntimeDb();
    pointAppAt(BENCH_URL, MAIN_POOL);
    await writerProxy.close();
    await workerProxy.close();
  }
}

// ---------------------------------------------------------------------------------------
// Report.

const medianOf = <T>(runs: T[], pick: (run: T) => number) => median(runs.map(pick));

function cpuCell(cpu: CpuSplit | null, kind: Target["kind"]): string {
  if (!cpu) return "—";
  return kind === "postgres"
    ? `${fmt(cpu.workers)} / ${fmt(cpu.main)} / ${fmt(cpu.database)} / ${fmt(cpu.other)}`
    : `${fmt(cpu.main)} / ${fmt(cpu.database)} / ${fmt(cpu.other)}`;
}

function busyPercent(cpu: CpuSplit | null): string {
  if (!cpu) return "—";
  return `${fmt((100 * (cpu.workers + cpu.main + cpu.database + cpu.other)) / cpu.available, 0)}%`;
}

type SectionResult = {
  kind: Target["kind"];
  title: string;
  events: number;
  insertSingle: InsertRun[];
  insertBatch: InsertRun[];
  insertSequential: InsertRun;
  insertNoNotify: InsertRun[] | null; // 1 event/tx with the NOTIFY trigger disabled
  sweep: WorkerRun[];
  best: { workers: number; runs: WorkerRun[] }[];
  inProcess: WorkerRun[];
  light: WorkerRun[];
  roundTrips: RoundTrips | null;
};

/** The issue's goals beside the figures: printed, never asserted (a measurement, not a test). */
function printGoals(section: SectionResult, baseline: number): void {
  if (section.kind !== "postgres") return;
  const two = section.best.find((b) => b.workers === 2);
  const listening = section.light.find((r) => r.settings.listen);
  const parts: string[] = [];
  if (two) parts.push(`2 workers ÷ (0a) = ${fmt(medianOf(two.runs, (r) => r.eventsPerSecond) / baseline, 2)} (goal ≥ 0.5)`);
  if (listening) {
    parts.push(
      `commit→start p99 at a steady ${fmtInt(listening.pacedPerSecond ?? 0)} events/s, listening = ${fmt(listening.latency.p99)} ms (goal < 1,000 ms)`,
    );
  }
  if (parts.length > 0) console.log(`goals: ${parts.join("; ")}`);
}

function printSection(section: SectionResult): void {
  const { kind } = section;
  const baseline = medianOf(section.insertSingle, (r) => r.eventsPerSecond);
  const header = ["", `(0a) insert, 1 event/tx`, `(0b) insert, ${TX_BATCH} events/tx`];
  for (const best of section.best) {
    const first = best.runs[0]!;
    header.push(`(${best.workers}) ${best.workers} worker${best.workers > 1 ? "s" : ""}, batch ${first.settings.batchSize}`);
  }
  const insertCols = [section.insertSingle, section.insertBatch];
  const bestCols = section.best.map((b) => b.runs);
  const runsNote = (values: number[]) => (values.length > 1 ? values.map(fmtInt).join(" / ") : "(1 run)");
  const dash = "—";
  const rows: string[][] = [header];
  rows.push([
    `events/s (median of runs)`,
    ...insertCols.map((runs) => fmtInt(medianOf(runs, (r) => r.eventsPerSecond))),
    ...bestCols.map((runs) => fmtInt(medianOf(runs, (r) => r.eventsPerSecond))),
  ]);
  rows.push(["  each run", ...insertCols.map((runs) => runsNote(runs.map((r) => r.eventsPerSecond))), ...bestCols.map((runs) => runsNote(runs.map((r) => r.eventsPerSecond)))]);
  rows.push([
    "÷ (0a) raw insert rate",
    ...insertCols.map((runs) => fmt(medianOf(runs, (r) => r.eventsPerSecond) / baseline, 2)),
    ...bestCols.map((runs) => fmt(medianOf(runs, (r) => r.eventsPerSecond) / baseline, 2)),
  ]);
  const latencyRow = (label: string, pick: (r: WorkerRun) => number, digits = 1) =>
    rows.push([label, dash, dash, ...bestCols.map((runs) => fmt(medianOf(runs, pick), digits))]);
  latencyRow("commit→start p50 (ms)", (r) => r.latency.p50);
  latencyRow("commit→start p99 (ms)", (r) => r.latency.p99);
  latencyRow("commit→start max (ms)", (r) => r.latency.max);
  latencyRow("commit→start mean (ms)", (r) => r.latency.mean);
  rows.push(["writers' rate during the run (ev/s)", ...insertCols.map(() => dash), ...bestCols.map((runs) => fmtInt(medianOf(runs, (r) => r.publishPerSecond)))]);
  latencyRow("backlog at the last commit (events)", (r) => r.backlogAtLastCommit, 0);
  latencyRow("last commit → last handler end (ms)", (r) => r.drainMs, 0);
  rows.push(["events per worker (last run)", ...insertCols.map(() => dash), ...bestCols.map((runs) => runs[runs.length - 1]!.perWorker.join(" / "))]);
  rows.push([
    "wall (s, median)",
    ...insertCols.map((runs) => fmt(medianOf(runs, (r) => r.wallMs) / 1000, 2)),
    ...bestCols.map((runs) => fmt(medianOf(runs, (r) => r.wallMs) / 1000, 2)),
  ]);
  const lastCpu = (runs: { cpu: CpuSplit | null }[]) => runs[runs.length - 1]!.cpu;
  rows.push([
    kind === "postgres" ? "CPU s: workers/writers/pg/other (last run)" : "CPU s: app/PGlite host/other (last run)",
    ...insertCols.map((runs) => cpuCell(lastCpu(runs), kind)),
    ...bestCols.map((runs) => cpuCell(lastCpu(runs), kind)),
  ]);
  rows.push(["machine busy (last run)", ...insertCols.map((runs) => busyPercent(lastCpu(runs))), ...bestCols.map((runs) => busyPercent(lastCpu(runs)))]);
  const perEvent = (runs: { cpu: CpuSplit | null; events: number }[], pick: (cpu: CpuSplit) => number) => {
    const cpu = lastCpu(runs);
    return cpu ? fmt((pick(cpu) * 1000) / runs[runs.length - 1]!.events, 3) : dash;
  };
  rows.push([
    kind === "postgres" ? "postgres CPU per event (ms)" : "PGlite CPU per event (ms)",
    ...insertCols.map((runs) => perEvent(runs, (c) => c.database)),
    ...bestCols.map((runs) => perEvent(runs, (c) => c.database)),
  ]);
  rows.push([
    kind === "postgres" ? "writer CPU per event (ms)" : "app CPU per event (ms)",
    ...insertCols.map((runs) => perEvent(runs, (c) => c.main)),
    ...bestCols.map((runs) => perEvent(runs, (c) => c.main)),
  ]);
  if (kind === "postgres") {
    rows.push(["worker CPU per event (ms)", dash, dash, ...bestCols.map((runs) => perEvent(runs, (c) => c.workers))]);
  }
  printTable(rows);
  printGoals(section, baseline);

  console.log("");
  console.log("all worker runs (batch-size sweep, then the repeats of the best; in-process loops; light load):");
  const all = [
    ...section.sweep.map((r) => ["sweep", r] as const),
    ...section.best.flatMap((b) => b.runs.slice(1).map((r) => ["repeat", r] as const)),
    ...section.inProcess.map((r) => ["in-process", r] as const),
    ...section.light.map((r) => ["light load", r] as const),
  ];
  const sweepRows: string[][] = [
    ["run", "workers", "placement", "batch", "poll ms", "listen", "events", "load", "events/s", "÷ (0a)", "p50 ms", "p99 ms", "max ms", "> 100 ms", "split", kind === "postgres" ? "CPU w/wr/pg/oth" : "CPU app/db/oth"],
  ];
  for (const [what, r] of all) {
    sweepRows.push([
      what,
      String(r.workers),
      r.placement,
      String(r.settings.batchSize),
      String(r.settings.pollMs),
      r.settings.listen ? "yes" : "no",
      fmtInt(r.events),
      r.pacedPerSecond ? `${r.pacedPerSecond}/s, 1 writer` : `${WRITERS} writers`,
      r.pacedPerSecond ? `(${fmtInt(r.eventsPerSecond)})` : fmtInt(r.eventsPerSecond),
      r.pacedPerSecond ? dash : fmt(r.eventsPerSecond / baseline, 2),
      fmt(r.latency.p50),
      fmt(r.latency.p99),
      fmt(r.latency.max),
      fmtInt(r.latency.over100ms),
      r.perWorker.join("/"),
      cpuCell(r.cpu, kind),
    ]);
  }
  printTable(sweepRows);

  const seq = section.insertSequential;
  console.log("");
  console.log(
    `one writer alone, 1 event/tx, no worker: ${fmtInt(seq.eventsPerSecond)} events/s = ${fmt(seq.wallMs / seq.transactions, 2)} ms per ` +
      `publishing transaction (${fmtInt(seq.events)} events) — the sequential cost a single worker pays for each of its transactions`,
  );
  if (section.insertNoNotify) {
    const withRates = section.insertSingle.map((r) => r.eventsPerSecond);
    const withoutRates = section.insertNoNotify.map((r) => r.eventsPerSecond);
    const without = median(withoutRates);
    const overlap = Math.min(...withoutRates) <= Math.max(...withRates) && Math.min(...withRates) <= Math.max(...withoutRates);
    console.log(
      `(0a) again with the outbox NOTIFY trigger disabled (runs interleaved): ${fmtInt(without)} events/s (median; runs ${withoutRates.map(fmtInt).join(" / ")}); ` +
        `with it: ${fmtInt(baseline)} → with/without ${fmt(baseline / without, 2)}` +
        (overlap ? "; the two ranges overlap: no cost of the trigger measurable above the run-to-run spread" : ""),
    );
  }
  const workerRuns = [...section.sweep, ...section.best.flatMap((b) => b.runs.slice(1)), ...section.inProcess, ...section.light];
  const duplicated = workerRuns.filter((r) => r.duplicates > 0);
  console.log(
    duplicated.length === 0
      ? `exactly once: every event's handler ran once in all ${workerRuns.length} worker runs, and every event and job run ended "done"`
      : `DUPLICATES: ${duplicated.map((r) => `${describe(r)}: ${r.duplicates}`).join("; ")}`,
  );
  if (kind === "postgres") {
    console.log("CPU columns: w = worker child processes, wr = this process (writers; with in-process loops, writers and workers), pg = postgres processes, oth = everything else on the machine");
  } else {
    console.log("CPU columns: app = this process (writers and the worker), db = the PGlite host process, oth = everything else on the machine");
  }
  const rt = section.roundTrips;
  if (rt) {
    console.log("");
    console.log(
      `round trips per event (wire-protocol proxy, ${rt.samples} events, one writer, then one worker with batch ${rt.batchSize}): ` +
        `writer ${fmt(rt.writer.perEvent, 2)} (${fmt(rt.writer.statementsPerEvent, 2)} statements), ` +
        `worker ${fmt(rt.worker.perEvent, 2)} (${fmt(rt.worker.statementsPerEvent, 2)} statements); ` +
        `the worker keeping pace with ${WRITERS} writers (woken by each commit): ${fmt(rt.live.perEvent, 2)} (${fmt(rt.live.statementsPerEvent, 2)} statements)`,
    );
    const show = (label: string, count: RoundTripCount) => {
      console.log(`  ${label} statements per event:`);
      for (const [shape, n] of count.shapes.slice(0, 12)) console.log(`    ${fmt(n, 2).padStart(5)} × ${shape}`);
    };
    show("writer", rt.writer);
    show("worker (backlog)", rt.worker);
    show("worker (keeping pace)", rt.live);
  }
}

// ---------------------------------------------------------------------------------------

type SectionOptions = {
  workerCounts: number[];
  placement: WorkerSpec["placement"];
  repeats: number;
  inProcessVariant: boolean;
  /** LISTEN in the throughput runs (as the app does on this database). */
  listen: boolean;
  /** Light-load variants: poll interval and LISTEN. */
  light: { pollMs: number; listen: boolean }[];
};

async function runSection(target: Target, title: string, events: number, options: SectionOptions): Promise<SectionResult> {
  const settings = (batchSize: number, pollMs = POLL_MS, listen = options.listen): WorkerSettings => ({
    batchSize,
    pollMs,
    leaseSeconds: LEASE_SECONDS,
    listen,
  });
  log(`${title}: warm-up`);
  await measureInsert(target, 1, Math.min(1_000, events));

  // Interleaved, so that a busy neighbour skews every variant alike.
  const insertSingle: InsertRun[] = [];
  const insertBatch: InsertRun[] = [];
  const hasTrigger = target.setNotifyTrigger ? await target.setNotifyTrigger(true) : false;
  const insertNoNotify: InsertRun[] | null = hasTrigger ? [] : null;
  for (let i = 0; i < options.repeats; i++) {
    insertSingle.push(await measureInsert(target, 1, events));
    insertBatch.push(await measureInsert(target, TX_BATCH, events));
    if (insertNoNotify && target.setNotifyTrigger) {
      await target.setNotifyTrigger(false);
      try {
        log("(NOTIFY trigger disabled for the next run)");
        insertNoNotify.push(await measureInsert(target, 1, events));
      } finally {
        await target.setNotifyTrigger(true);
      }
    }
  }
  const insertSequential = await measureInsert(target, 1, Math.min(1_000, events), 1);

  const sweep: WorkerRun[] = [];
  const best: SectionResult["best"] = [];
  for (const workers of options.workerCounts) {
    const tried: WorkerRun[] = [];
    for (const batchSize of BATCH_SIZES) {
      tried.push(await measureWorkers(target, { workers, placement: options.placement, settings: settings(batchSize), events }));
    }
    sweep.push(...tried);
    const winner = tried.reduce((a, b) => (b.eventsPerSecond > a.eventsPerSecond ? b : a));
    const runs = [winner];
    for (let i = 1; i < options.repeats; i++) runs.push(await measureWorkers(target, { workers, placement: options.placement, settings: winner.settings, events }));
    best.push({ workers, runs });
  }

  const inProcess: WorkerRun[] = [];
  if (options.inProcessVariant) {
    for (const b of best) {
      inProcess.push(await measureWorkers(target, { workers: b.workers, placement: "in-process", settings: b.runs[0]!.settings, events }));
    }
  }

  const light: WorkerRun[] = [];
  const lightBatch = best[0]!.runs[0]!.settings.batchSize;
  for (const variant of options.light) {
    light.push(
      await measureWorkers(target, {
        workers: 1,
        placement: options.placement,
        settings: settings(lightBatch, variant.pollMs, variant.listen),
        events: Math.min(LIGHT_EVENTS, events),
        pacedPerSecond: LIGHT_RATE,
      }),
    );
  }
  await closeWorkerGroups();
  const roundTrips = target.childEnv ? await countRoundTrips(target, best[0]!.runs[0]!.settings.batchSize) : null;
  return { kind: target.kind, title, events, insertSingle, insertBatch, insertSequential, insertNoNotify, sweep, best, inProcess, light, roundTrips };
}

async function main(): Promise<void> {
  log(`admin ${redact(ADMIN_URL)}, bench database ${DB_NAME}, ${fmtInt(EVENTS)} events, ${REPEATS} repeats, batch sizes ${BATCH_SIZES.join(", ")}`);
  app = await loadApp();
  const loadBefore = os.loadavg();
  const defaultPollMs = (await import("../src/server/jobs/worker")).DEFAULT_WORKER_OPTIONS.pollMs;

  const pg = await postgresTarget();
  const pgSection = await runSection(pg.target, "postgres", EVENTS, {
    workerCounts: [1, 2],
    placement: "child processes",
    repeats: REPEATS,
    inProcessVariant: true,
    listen: true,
    light: [
      { pollMs: defaultPollMs, listen: true }, // what the app runs on Postgres
      { pollMs: POLL_MS, listen: false },
      { pollMs: defaultPollMs, listen: false },
    ],
  });
  await pg.target.close();
  await app.closeRuntimeDb();

  let pgliteSection: SectionResult | null = null;
  let pgliteVersion = "";
  if (RUN_PGLITE) {
    const lite = await pgliteTarget();
    pgliteVersion = lite.version;
    pgliteSection = await runSection(lite.target, "pglite", PGLITE_EVENTS, {
      workerCounts: [1],
      placement: "in-process",
      repeats: REPEATS,
      inProcessVariant: false,
      listen: false, // one session: the app never listens on the embedded database
      light: [
        { pollMs: POLL_MS, listen: false },
        { pollMs: defaultPollMs, listen: false }, // what the app runs on PGlite
      ],
    });
    await lite.target.close();
  }

  // ----- report
  const pglitePackage = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/@electric-sql/pglite/package.json"), "utf8")) as { version: string };
  const clock = [...pgSection.sweep, ...pgSection.best.flatMap((b) => b.runs), ...pgSection.light].flatMap((r) => r.clockChecks);
  const worstOffset = clock.reduce((m, c) => Math.max(m, Math.abs(c.offsetMs)), 0);
  const worstRtt = clock.reduce((m, c) => Math.max(m, c.roundTripMs), 0);
  const { DEFAULT_WORKER_OPTIONS } = await import("../src/server/jobs/worker");

  console.log("");
  console.log("=== bench:jobs — embedded worker (no Inngest): commit → no-op handler, beside the raw outbox insert rate ===");
  console.log(`machine: ${machineSummary()}`);
  console.log(`node ${process.version}, ${pg.version.split(" on ")[0] ?? pg.version} (${pg.settings})`);
  if (pgliteSection) console.log(`PGlite ${pglitePackage.version} (${pgliteVersion.split(" on ")[0] ?? pgliteVersion}), on disk in a temp dir, behind its socket in a host process`);
  console.log(`load average before: ${loadBefore.map((n) => n.toFixed(2)).join(" ")}, after: ${os.loadavg().map((n) => n.toFixed(2)).join(" ")} (1/5/15 min)`);
  console.log(
    `writers: ${WRITERS} concurrent publishEvent loops in withTenant (app role, RLS) in this process; worker options: ` +
      `{ ...DEFAULT_WORKER_OPTIONS (${JSON.stringify(DEFAULT_WORKER_OPTIONS)}), pollMs: ${POLL_MS}, leaseSeconds: ${LEASE_SECONDS}, ` +
      `batchSize: swept ${BATCH_SIZES.join("/")}, listen: true on Postgres (as the app), false on PGlite (as the app) }; light-load runs vary pollMs/listen`,
  );
  console.log(
    "events/s: (0) events ÷ (first BEGIN → last commit) with no worker running; (1)(2) events ÷ (first commit → last handler completion) " +
      "while the writers publish; latency: handler start − the writer's commit time (noted right after COMMIT returns).",
  );
  console.log("");
  console.log(`--- Postgres: ${fmtInt(EVENTS)} events per run; workers = startWorker loops each in its own child process (pool ${CHILD_POOL}); this process pool ${MAIN_POOL} ---`);
  printSection(pgSection);
  console.log(
    `clock check (worker children vs this process): worst offset ${fmt(worstOffset, 3)} ms, measured with IPC round trips ≤ ${fmt(worstRtt, 2)} ms`,
  );
  if (pgliteSection) {
    console.log("");
    console.log(
      `--- PGlite (embedded): ${fmtInt(PGLITE_EVENTS)} events per run; one connection shared by the ${WRITERS} writers and ONE in-process worker; a fresh database per run ---`,
    );
    printSection(pgliteSection);
  } else {
    console.log("");
    console.log("PGlite: skipped (BENCH_PGLITE=0)");
  }
  const noisy = [...pgSection.insertSingle, ...pgSection.best.flatMap((b) => b.runs)].filter((r) => r.cpu && r.cpu.other > 0.1 * r.cpu.available);
  if (noisy.length > 0) {
    console.log("");
    console.log(`WARNING: in ${noisy.length} Postgres run(s) other processes used over 10% of the machine's CPU; the figures are skewed. Re-run on a quiet machine.`);
  }
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
