/**
 * Groups of embedded workers for bench/jobs.ts: either N child processes (each one
 * `startWorker` loop with its own pool, like N app processes) or N `startWorker` loops
 * in this process (sharing its pool and event loop, like one app process). Both report
 * each handler's start and end to the sink of the current run. A group serves several
 * runs (start … stop, start … stop), so children are spawned once, then closed.
 *
 * Imports the worker, hence the app's configuration: import it only after the env is set.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { TenantJob } from "../../src/server/jobs/define";
import { DEFAULT_WORKER_OPTIONS, startWorker, type RunningWorker, type WorkerOptions } from "../../src/server/jobs/worker";
import { noopJob, nowMs } from "./jobs-noop";

/** `listen`: wake on the outbox NOTIFY (Postgres only; the app turns it off on the embedded database). */
export type WorkerSettings = { batchSize: number; pollMs: number; leaseSeconds: number; listen: boolean };

export type ParentToChild = { type: "start"; workerId: string; settings: WorkerSettings } | { type: "stop" } | { type: "exit" } | { type: "ping"; t: number };
export type ChildToParent =
  | { type: "ready" }
  | { type: "stamps"; stamps: number[] } // flat [seq, startMs, endMs, …]
  | { type: "stopped" }
  | { type: "pong"; t: number; child: number }
  | { type: "failed"; message: string };

/** `worker` is the index of the loop in its group (0-based). */
export type GroupStampSink = (seq: number, startMs: number, endMs: number, worker: number) => void;

export type ClockCheck = { offsetMs: number; roundTripMs: number };

export type WorkerGroup = {
  placement: "child processes" | "in-process";
  count: number;
  /** Processes whose CPU is the workers' (empty for in-process loops). */
  pids: number[];
  /** Starts the loops of one run; their handler stamps go to `sink`. */
  start(settings: WorkerSettings, sink: GroupStampSink): void;
  /** Stops the loops once every stamp of the run has reached its sink; the group can start again. */
  stop(): Promise<void>;
  /** Ends the group (children exit). */
  close(): Promise<void>;
  /** Per child: its clock minus ours, from the ping with the shortest round trip. */
  clockChecks: ClockCheck[];
  /** Why the group can no longer work (a child died), or null. */
  failed(): string | null;
};

/** The one place that turns the benchmark's settings into `startWorker` options. */
export function workerOptions(settings: WorkerSettings, workerId: string, job: TenantJob<never>): WorkerOptions {
  return {
    ...DEFAULT_WORKER_OPTIONS,
    batchSize: settings.batchSize,
    pollMs: settings.pollMs,
    leaseSeconds: settings.leaseSeconds,
    listen: settings.listen,
    workerId,
    jobs: [job],
    // The no-op job never acts for a member.
    memberGate: async () => {
      throw new Error("bench jobs act for no member");
    },
  };
}

// ---------------------------------------------------------------------------------------

export function startInProcessWorkers(count: number): WorkerGroup {
  let running: RunningWorker[] = [];
  return {
    placement: "in-process",
    count,
    pids: [],
    clockChecks: [],
    failed: () => null,
    start(settings, sink) {
      running = Array.from({ length: count }, (_, index) =>
        startWorker(
          workerOptions(
            settings,
            `bench-inproc-${process.pid}-${index}`,
            noopJob((seq, start, end) => sink(seq, start, end, index)),
          ),
        ),
      );
    },
    async stop() {
      await Promise.all(running.map((worker) => worker.stop()));
      running = [];
    },
    close: () => Promise.resolve(),
  };
}

// ---------------------------------------------------------------------------------------

const CHILD = fileURLToPath(new URL("./jobs-worker-child.ts", import.meta.url));

type ChildHandle = {
  child: ChildProcess;
  output: string[];
  send(message: ParentToChild): void;
  next(type: ChildToParent["type"], timeoutMs: number): Promise<ChildToParent>;
  exited: Promise<void>;
  isExited(): boolean;
};

function spawnChild(index: number, env: Record<string, string>, sink: () => GroupStampSink): ChildHandle {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", CHILD, String(index)], {
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    env: { ...process.env, ...env, NODE_OPTIONS: "" },
  });
  const output: string[] = [];
  const collect = (stream: NodeJS.ReadableStream | null) => {
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      for (const line of chunk.split("\n")) if (line.trim()) output.push(line);
    });
  };
  collect(child.stdout);
  collect(child.stderr);

  let exitedFlag = false;
  const waiters: { type: ChildToParent["type"]; resolve: (m: ChildToParent) => void }[] = [];
  const failures: ((error: Error) => void)[] = [];
  const fail = (error: Error) => {
    for (const reject of failures.splice(0)) reject(error);
  };
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exitedFlag = true;
      fail(new Error(`worker child ${index} exited (${code ?? signal}):\n${output.slice(-40).join("\n")}`));
      resolve();
    }),
  );
  child.on("message", (message: ChildToParent) => {
    if (message.type === "stamps") {
      const s = message.stamps;
      const current = sink();
      for (let i = 0; i + 2 < s.length; i += 3) current(s[i]!, s[i + 1]!, s[i + 2]!, index);
      return;
    }
    if (message.type === "failed") {
      output.push(message.message);
      fail(new Error(`worker child ${index} failed: ${message.message}`));
      return;
    }
    const at = waiters.findIndex((w) => w.type === message.type);
    if (at >= 0) waiters.splice(at, 1)[0]!.resolve(message);
  });

  return {
    child,
    output,
    exited,
    isExited: () => exitedFlag,
    send(message) {
      if (child.connected) child.send(message);
    },
    next(type, timeoutMs) {
      return new Promise<ChildToParent>((resolve, reject) => {
        if (exitedFlag) return reject(new Error(`worker child ${index} has exited:\n${output.slice(-40).join("\n")}`));
        const timer = setTimeout(() => reject(new Error(`worker child ${index}: no "${type}" within ${timeoutMs} ms:\n${output.slice(-40).join("\n")}`)), timeoutMs);
        waiters.push({
          type,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
        failures.push((error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
    },
  };
}

async function clockCheck(handle: ChildHandle): Promise<ClockCheck> {
  let best: ClockCheck | null = null;
  for (let i = 0; i < 7; i++) {
    const t = nowMs();
    const pending = handle.next("pong", 10_000);
    handle.send({ type: "ping", t });
    const pong = (await pending) as Extract<ChildToParent, { type: "pong" }>;
    const back = nowMs();
    const sample = { offsetMs: pong.child - (t + back) / 2, roundTripMs: back - t };
    if (!best || sample.roundTripMs < best.roundTripMs) best = sample;
  }
  return best!;
}

/**
 * Spawns `count` worker children (tsx), waits until each has connected to the
 * database, and measures their clock offset. `env` sets DATABASE_URL etc. for them.
 */
export async function spawnWorkerProcesses(count: number, env: Record<string, string>): Promise<WorkerGroup> {
  let sink: GroupStampSink = () => {};
  const handles = Array.from({ length: count }, (_, index) => spawnChild(index, env, () => sink));
  const killAll = async () => {
    for (const handle of handles) if (!handle.isExited()) handle.child.kill("SIGKILL");
    await Promise.all(handles.map((h) => h.exited));
  };
  let clockChecks: ClockCheck[];
  let closing: Promise<void> | null = null;
  try {
    await Promise.all(handles.map((handle) => handle.next("ready", 60_000)));
    clockChecks = [];
    for (const handle of handles) clockChecks.push(await clockCheck(handle));
  } catch (error) {
    await killAll();
    throw error;
  }
  return {
    placement: "child processes",
    count,
    pids: handles.map((h) => h.child.pid ?? -1),
    clockChecks,
    failed() {
      const dead = handles.findIndex((h) => h.isExited());
      return dead < 0 ? null : `worker child ${dead} exited:\n${handles[dead]!.output.slice(-40).join("\n")}`;
    },
    start(settings, runSink) {
      sink = runSink;
      handles.forEach((handle, index) => handle.send({ type: "start", workerId: `bench-child-${handle.child.pid}-${index}`, settings }));
    },
    async stop() {
      await Promise.all(
        handles.map(async (handle) => {
          const stopped = handle.next("stopped", 20_000);
          handle.send({ type: "stop" });
          await stopped;
        }),
      );
    },
    close() {
      closing ??= closeAll();
      return closing;
    },
  };
  async function closeAll(): Promise<void> {
    try {
      for (const handle of handles) handle.send({ type: "exit" });
      await Promise.race([Promise.all(handles.map((h) => h.exited)), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    } finally {
      await killAll();
    }
  }
}
