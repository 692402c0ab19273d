/** bench:jobs: the measuring loop (insert baselines, worker runs, round trips per event). */
import os from "node:os";
import { cpuBreakdown, cpuSnapshot } from "./cpu";
import { log, onCleanup, sleep } from "./common";
import { app, BATCH_SIZES, BENCH_URL, COUNT_SAMPLES, LEASE_SECONDS, LIGHT_EVENTS, LIGHT_RATE, MAIN_POOL, POLL_MS, pointAppAt, STALL_MS, TX_BATCH, WRITERS, type App } from "./jobs-config";
import { fmt, fmtInt, percentile } from "./jobs-stats";
import type { Target } from "./jobs-targets";
import type { ClockCheck, GroupStampSink, WorkerGroup, WorkerSettings } from "./jobs-workers";
import { startCountingProxy, type CountingProxy, type ProxyCounts } from "./pg-proxy";

// ---------------------------------------------------------------------------------------
// CPU: where it went during one run.

export type CpuSplit = { wallSeconds: number; workers: number; main: number; database: number; other: number; available: number };

export function cpuWindow(target: Target, workerPids: number[]): () => CpuSplit | null {
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

export type InsertRun = {
  perTx: number;
  writers: number;
  events: number;
  eventsPerSecond: number;
  wallMs: number;
  transactions: number;
  cpu: CpuSplit | null;
};

export async function measureInsert(target: Target, perTx: number, events: number, writers = WRITERS): Promise<InsertRun> {
  const tenantId = await target.prepare();
  const end = cpuWindow(target, []);
  const result = await app().publishConcurrently({ tenantId, events, writers, perTx });
  const cpu = end();
  const counts = await app().outboxCounts();
  if ((counts.pending ?? 0) !== events) throw new Error(`baseline: expected ${events} pending events, found ${JSON.stringify(counts)}`);
  const wallMs = result.lastCommitMs - result.firstStartMs;
  const run = { perTx, writers, events, eventsPerSecond: events / (wallMs / 1000), wallMs, transactions: result.transactions, cpu };
  log(`insert ${perTx}/tx, ${writers} writer${writers > 1 ? "s" : ""} (${target.kind}): ${fmtInt(run.eventsPerSecond)} events/s, ${result.transactions} transactions in ${fmtInt(wallMs)} ms`);
  return run;
}

export type WorkerSpec = { workers: number; placement: "child processes" | "in-process"; settings: WorkerSettings; events: number; pacedPerSecond?: number };

export type WorkerRun = WorkerSpec & {
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

export function describe(spec: WorkerSpec): string {
  const paced = spec.pacedPerSecond ? `, paced ${spec.pacedPerSecond}/s` : "";
  const listen = spec.settings.listen ? ", listen" : "";
  return `${spec.workers} worker${spec.workers > 1 ? "s" : ""} (${spec.placement}), batch ${spec.settings.batchSize}, poll ${spec.settings.pollMs} ms${listen}${paced}`;
}

// Worker children are spawned once per size and serve every run of a section (a spawn
// costs seconds: most of a smoke run's time otherwise).
const workerGroups = new Map<string, WorkerGroup>();

export async function workerGroup(target: Target, workers: number, placement: WorkerSpec["placement"]): Promise<WorkerGroup> {
  const key = `${target.kind}/${placement}/${workers}`;
  const cached = workerGroups.get(key);
  if (cached && !cached.failed()) return cached;
  await cached?.close();
  let group: WorkerGroup;
  if (placement === "child processes") {
    if (!target.childEnv) throw new Error(`${target.kind}: workers cannot run in child processes`);
    group = await app().spawnWorkerProcesses(workers, target.childEnv);
  } else {
    group = app().startInProcessWorkers(workers);
  }
  workerGroups.set(key, group);
  return group;
}

export async function closeWorkerGroups(): Promise<void> {
  const groups = [...workerGroups.values()];
  workerGroups.clear();
  await Promise.all(groups.map((group) => group.close()));
}
onCleanup("close worker groups", closeWorkerGroups);

export async function measureWorkers(target: Target, spec: WorkerSpec): Promise<WorkerRun> {
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
      ? await app().publishPaced({ tenantId, events, perSecond: spec.pacedPerSecond, commits })
      : await app().publishConcurrently({ tenantId, events, writers: WRITERS, perTx: 1, commits });
    lastStampAt = Math.max(lastStampAt, Date.now());
    while (seen < events) {
      await Promise.race([done, sleep(1_000)]);
      const failure = group.failed();
      if (failure) throw new Error(failure);
      if (seen < events && Date.now() - lastStampAt > STALL_MS) {
        const counts = await app().outboxCounts().catch(() => ({}));
        throw new Error(`${describe(spec)}: no handler ran for ${STALL_MS / 1000} s; ${seen}/${events} done; outbox ${JSON.stringify(counts)}`);
      }
    }
    cpu = end();
  } finally {
    await group.stop();
  }

  const counts = await app().outboxCounts();
  const runs = await app().jobRunCounts(tenantId);
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

export type RoundTripCount = { perEvent: number; statementsPerEvent: number; shapes: [string, number][] };
export type RoundTrips = { writer: RoundTripCount; worker: RoundTripCount; live: RoundTripCount; batchSize: number; samples: number };

export function summarizeCounts(counts: ProxyCounts, events: number): RoundTripCount {
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
export async function countWorker(group: WorkerGroup, proxy: CountingProxy, batchSize: number, events: number, publish: () => Promise<unknown>) {
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

export async function countRoundTrips(target: Target, batchSize: number): Promise<RoundTrips> {
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
  const group = await app().spawnWorkerProcesses(1, { ...target.childEnv, DATABASE_URL: proxied(workerProxy.port) });
  try {
    let tenantId = await target.prepare();
    await app().closeRuntimeDb();
    pointAppAt(proxied(writerProxy.port), 1);
    await app().runtimeSql()`select 1`; // connect before counting
    writerProxy.reset();
    await app().publishConcurrently({ tenantId, events: COUNT_SAMPLES, writers: 1, perTx: 1 });
    const writer = summarizeCounts(writerProxy.counts(), COUNT_SAMPLES);
    // A backlog: the worker starts once every event is committed.
    const worker = await countWorker(group, workerProxy, batchSize, COUNT_SAMPLES, () => Promise.resolve());

    // Keeping pace: the writers publish while the worker runs (woken by each commit).
    tenantId = await target.prepare();
    await app().closeRuntimeDb();
    pointAppAt(BENCH_URL, MAIN_POOL);
    const live = await countWorker(group, workerProxy, batchSize, COUNT_SAMPLES, async () => {
      await sleep(300); // LISTEN established, the empty outbox found (counted: an idle worker's cost)
      await app().publishConcurrently({ tenantId, events: COUNT_SAMPLES, writers: WRITERS, perTx: 1 });
    });
    return { writer, worker, live, batchSize, samples: COUNT_SAMPLES };
  } finally {
    await group.close();
    await app().closeRuntimeDb();
    pointAppAt(BENCH_URL, MAIN_POOL);
    await writerProxy.close();
    await workerProxy.close();
  }
}


export type SectionResult = {
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


// ---------------------------------------------------------------------------------------

export type SectionOptions = {
  workerCounts: number[];
  placement: WorkerSpec["placement"];
  repeats: number;
  inProcessVariant: boolean;
  /** LISTEN in the throughput runs (as the app does on this database). */
  listen: boolean;
  /** Light-load variants: poll interval and LISTEN. */
  light: { pollMs: number; listen: boolean }[];
};

export async function runSection(target: Target, title: string, events: number, options: SectionOptions): Promise<SectionResult> {
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

