import os from "node:os";
import { isEmbeddedDatabase } from "../platform/env";
import { logger } from "../platform/logger";
import { inngestClient, jobsMode } from "./client";
import { scheduledJobsOf, tenantJobsOf, type JobHost } from "./registry";
import { startRelay } from "./relay";
import { DEFAULT_WORKER_OPTIONS, startWorker } from "./worker";

const globalStore = globalThis as unknown as { __neuroopsJobs?: { stop(): Promise<void> } };

/**
 * Starts delivery in this process: the relay to Inngest when it is configured,
 * else the embedded worker (which also runs the scheduled jobs). Once per process.
 */
export function startJobDelivery(host: JobHost): void {
  if (globalStore.__neuroopsJobs) return;
  const workerId = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  if (jobsMode() === "inngest") {
    const inngest = inngestClient();
    globalStore.__neuroopsJobs = startRelay({
      ...DEFAULT_WORKER_OPTIONS,
      workerId,
      send: (events) => inngest.send(events),
    });
  } else {
    globalStore.__neuroopsJobs = startWorker({
      ...DEFAULT_WORKER_OPTIONS,
      workerId,
      memberGate: host.memberGate,
      jobs: tenantJobsOf(host.jobs),
      schedules: scheduledJobsOf(host.jobs),
      listen: !isEmbeddedDatabase(),
    });
  }
  const stop = () => void globalStore.__neuroopsJobs?.stop().catch((error: unknown) => logger.warn({ err: error }, "stopping jobs"));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
