/**
 * The benchmark's event and its no-op job. Imported by the main process and by the
 * worker child processes; it loads no app configuration (define.ts only has types).
 */
import { defineJob, type TenantJob } from "../../src/server/jobs/define";
import { defineEvent } from "../../src/server/jobs/events";

export const BENCH_EVENT = defineEvent<{ seq: number }>("bench/noop");

/**
 * Wall-clock milliseconds with sub-millisecond resolution. Every process computes it
 * the same way from the system clock, so the writer's commit time and a worker child's
 * handler start are comparable (jobs.ts checks the offset between processes).
 */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export type StampSink = (seq: number, startMs: number, endMs: number) => void;

/** A handler that does nothing but note when it started and finished, keyed by the event's `seq`. */
export function noopJob(sink: StampSink): TenantJob<never> {
  return defineJob({
    id: "bench-noop",
    event: BENCH_EVENT,
    retries: 0,
    handler: async ({ event }) => {
      const start = nowMs();
      sink(event.data.seq, start, nowMs());
    },
  });
}
