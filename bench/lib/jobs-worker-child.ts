/**
 * Child-process entry for one embedded worker (`startWorker`), as it runs inside an app
 * process. DATABASE_URL / DATABASE_POOL_MAX / LOG_LEVEL come from the parent's env.
 * Protocol over the IPC channel (see jobs-workers.ts): "ready" once connected; on
 * "start" it starts the worker loop; handler stamps are sent in batches every 25 ms;
 * on "stop" it stops the loop, sends the last stamps and says "stopped" (and can be
 * started again: one child serves several runs); on "exit" it closes its pool and exits.
 *
 *   node --import tsx bench/lib/jobs-worker-child.ts <index>
 */
import { noopJob, nowMs } from "./jobs-noop";
import type { ChildToParent, ParentToChild } from "./jobs-workers";

function send(message: ChildToParent): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

const { reloadEnv } = await import("../../src/server/platform/env");
reloadEnv();
const { runtimeSql, closeRuntimeDb } = await import("../../src/server/db/client");
const { startWorker } = await import("../../src/server/jobs/worker");
const { workerOptions } = await import("./jobs-workers");

let stamps: number[] = [];
const job = noopJob((seq, start, end) => {
  stamps.push(seq, start, end);
});
const flush = async () => {
  if (stamps.length === 0) return;
  const batch = stamps;
  stamps = [];
  await send({ type: "stamps", stamps: batch });
};
const flusher = setInterval(() => void flush(), 25);

let worker: { stop(): Promise<void> } | null = null;
let exiting = false;

async function stop(): Promise<void> {
  const running = worker;
  worker = null;
  await running?.stop();
  await flush();
  await send({ type: "stopped" });
}

async function exit(): Promise<void> {
  if (exiting) return;
  exiting = true;
  await worker?.stop();
  clearInterval(flusher);
  await closeRuntimeDb();
  process.disconnect?.();
  process.exit(0);
}

process.on("message", (raw: ParentToChild) => {
  try {
    if (raw.type === "start") worker = startWorker(workerOptions(raw.settings, raw.workerId, job));
    else if (raw.type === "stop") void stop();
    else if (raw.type === "exit") void exit();
    else if (raw.type === "ping") void send({ type: "pong", t: raw.t, child: nowMs() });
  } catch (error) {
    void send({ type: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
process.on("disconnect", () => {
  if (!exiting) process.exit(1); // the parent is gone
});

try {
  await runtimeSql()`select 1`; // open the connection before the measurement
  await send({ type: "ready" });
} catch (error) {
  await send({ type: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}
