/** bench:jobs: the report (tables, goals, all runs, round trips). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { machineSummary } from "./common";
import { BATCH_SIZES, CHILD_POOL, LEASE_SECONDS, MAIN_POOL, PGLITE_EVENTS, POLL_MS, ROOT, TX_BATCH, WRITERS, EVENTS } from "./jobs-config";
import type { CpuSplit, SectionResult, RoundTripCount, WorkerRun } from "./jobs-measure";
import { describe } from "./jobs-measure";
import type { Target } from "./jobs-targets";
import { fmt, fmtInt, median, printTable } from "./jobs-stats";

// ---------------------------------------------------------------------------------------
// Report.

export const medianOf = <T>(runs: T[], pick: (run: T) => number) => median(runs.map(pick));

export function cpuCell(cpu: CpuSplit | null, kind: Target["kind"]): string {
  if (!cpu) return "—";
  return kind === "postgres"
    ? `${fmt(cpu.workers)} / ${fmt(cpu.main)} / ${fmt(cpu.database)} / ${fmt(cpu.other)}`
    : `${fmt(cpu.main)} / ${fmt(cpu.database)} / ${fmt(cpu.other)}`;
}

export function busyPercent(cpu: CpuSplit | null): string {
  if (!cpu) return "—";
  return `${fmt((100 * (cpu.workers + cpu.main + cpu.database + cpu.other)) / cpu.available, 0)}%`;
}


/** The issue's goals beside the figures: printed, never asserted (a measurement, not a test). */
export function printGoals(section: SectionResult, baseline: number): void {
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

export function printSection(section: SectionResult): void {
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


export type ReportInput = {
  pg: { version: string; settings: string };
  pgSection: SectionResult;
  pgliteSection: SectionResult | null;
  pgliteVersion: string;
  loadBefore: number[];
  defaultWorkerOptions: unknown;
};

/** The whole report, printed once every run is done. */
export function printReport({ pg, pgSection, pgliteSection, pgliteVersion, loadBefore, defaultWorkerOptions: DEFAULT_WORKER_OPTIONS }: ReportInput): void {
  const pglitePackage = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/@electric-sql/pglite/package.json"), "utf8")) as { version: string };
  const clock = [...pgSection.sweep, ...pgSection.best.flatMap((b) => b.runs), ...pgSection.light].flatMap((r) => r.clockChecks);
  const worstOffset = clock.reduce((m, c) => Math.max(m, Math.abs(c.offsetMs)), 0);
  const worstRtt = clock.reduce((m, c) => Math.max(m, c.roundTripMs), 0);

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
