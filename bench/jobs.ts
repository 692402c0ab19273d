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
import os from "node:os";
import { cleanUp, log, redact } from "./lib/common";
import { ADMIN_URL, app, BATCH_SIZES, DB_NAME, EVENTS, loadApp, PGLITE_EVENTS, POLL_MS, REPEATS, ROOT, RUN_PGLITE } from "./lib/jobs-config";
import { runSection, type SectionResult } from "./lib/jobs-measure";
import { printReport } from "./lib/jobs-report";
import { fmtInt } from "./lib/jobs-stats";
import { pgliteTarget, postgresTarget } from "./lib/jobs-targets";

process.chdir(ROOT); // migrations resolve drizzle/ from the working directory

async function main(): Promise<void> {
  log(`admin ${redact(ADMIN_URL)}, bench database ${DB_NAME}, ${fmtInt(EVENTS)} events, ${REPEATS} repeats, batch sizes ${BATCH_SIZES.join(", ")}`);
  await loadApp();
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
  await app().closeRuntimeDb();

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

  const { DEFAULT_WORKER_OPTIONS } = await import("../src/server/jobs/worker");
  printReport({ pg, pgSection, pgliteSection, pgliteVersion, loadBefore, defaultWorkerOptions: DEFAULT_WORKER_OPTIONS });
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
