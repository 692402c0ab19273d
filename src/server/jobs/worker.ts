import { CronExpressionParser } from "cron-parser";
import { and, eq, isNull, lt, lte, or, sql } from "drizzle-orm";
import { runtimeDb, runtimeSql } from "../db/client";
import { logger } from "../platform/logger";
import { recordJobRun, recordOutboxDeliveryLag } from "../platform/metrics";
import type { JsonValue, ScheduledJob, TenantJob } from "./define";
import { BatchLease } from "./lease";
import { runClaimedEvent, type ClaimedEvent, type EventOutcome, type RunnerOptions } from "./runner";
import { logSettlement, settleEvents, type Settlement } from "./settle";
import { jobSchedules } from "./schema";

export type WorkerOptions = RunnerOptions & {
  batchSize: number;
  /** Idle polling interval (while LISTENing, see LISTENING_POLL_MS); a busy worker claims again at once. */
  pollMs: number;
  jobs: TenantJob<never>[];
  schedules?: ScheduledJob[];
  /**
   * LISTEN for commits of new events and claim at once instead of at the next poll.
   * Needs a connection of its own: off on the embedded database (one session).
   */
  listen?: boolean;
};

export const OUTBOX_CHANNEL = "neuroops_outbox";

export const DEFAULT_WORKER_OPTIONS = {
  leaseSeconds: 60,
  backoffBaseMs: 5_000,
  backoffMaxMs: 10 * 60_000,
  batchSize: 10,
  pollMs: 500,
} as const;

/** Claims due events of any tenant through the narrow SECURITY DEFINER function (no runs started: the relay's claim). */
export async function claimEvents(workerId: string, leaseSeconds: number, batchSize: number): Promise<ClaimedEvent[]> {
  const rows = await runtimeSql()<{ tenant_id: string; id: string; name: string; payload: Record<string, unknown>; attempts: number; age_seconds?: number }[]>`
    select * from neuroops_claim_outbox(${workerId}, ${leaseSeconds}, ${batchSize})`;
  return rows.map((row) => ({ tenantId: row.tenant_id, id: row.id, name: row.name, payload: row.payload, attempts: row.attempts, ageSeconds: row.age_seconds }));
}

/**
 * Claims a batch and starts the runs of the jobs subscribed to its events in ONE
 * statement (neuroops_claim_outbox_runs, drizzle/0015).
 */
export async function claimBatch(workerId: string, leaseSeconds: number, batchSize: number, jobs: TenantJob<never>[]): Promise<ClaimedEvent[]> {
  const subscriptions = JSON.stringify(jobs.map((job) => ({ event_name: job.event, function_id: job.id })));
  const rows = await runtimeSql()<
    { tenant_id: string; id: string; name: string; payload: Record<string, unknown>; attempts: number; runs: Record<string, boolean>; age_seconds?: number }[]
  >`select * from neuroops_claim_outbox_runs(${workerId}, ${leaseSeconds}, ${batchSize}, ${subscriptions}::jsonb)`;
  return rows.map((row) => ({
    tenantId: row.tenant_id,
    id: row.id,
    name: row.name,
    payload: row.payload,
    attempts: row.attempts,
    startedRuns: row.runs,
    ageSeconds: row.age_seconds,
  }));
}

/**
 * Settled outcomes wait at most this long to be written with the batch's next ones: a
 * batch of quick events settles in one statement, while one slow job does not hold back
 * the settle of the events before it (a crash would run those again).
 */
const SETTLE_WITHIN_MS = 200;

/**
 * One claim-and-process round; returns how many events it handled. The batch costs
 * two statements (claim with its runs started, settle) besides the handlers' own.
 */
export async function workOnce(options: WorkerOptions): Promise<{ claimed: number; outcomes: EventOutcome[]; retriesDueAt: number[] }> {
  const claimSentAt = Date.now();
  const claimed = await claimBatch(options.workerId, options.leaseSeconds, options.batchSize, options.jobs);
  const outcomes: EventOutcome[] = [];
  if (claimed.length === 0) return { claimed: 0, outcomes, retriesDueAt: [] };
  for (const event of claimed) {
    // Its first start: a retry's age says how long it has been failing, not how late it started.
    if (event.attempts === 1 && event.ageSeconds !== undefined) recordOutboxDeliveryLag(event.ageSeconds);
  }
  const retriesDueAt: number[] = [];
  const lease = new BatchLease(claimed, options.workerId, options.leaseSeconds, claimSentAt);
  let waiting: Settlement[] = [];
  let waitingSince = 0;
  const settleWaiting = async () => {
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return;
    try {
      const settled = await settleEvents(options.workerId, batch);
      for (const settlement of batch) {
        const outcome = logSettlement(settlement, settled.has(settlement.event.id), options.workerId);
        outcomes.push(outcome);
        if (outcome !== "lost") countJobRuns(settlement);
        if (outcome === "retry") retriesDueAt.push(Date.now() + settlement.retryMs);
      }
    } catch (error) {
      // Infrastructure failure (database gone): the leases expire and the events are retried.
      logger.error({ err: error, events: batch.length }, "worker could not settle its events; their leases will expire and they will be retried");
    } finally {
      for (const settlement of batch) lease.release(settlement.event.id);
    }
  };
  try {
    for (const event of claimed) {
      if (!lease.holds(event.id)) {
        // Its lease ran out behind slower events (or a heartbeat found it taken): another
        // worker may run it, so this one must not start it.
        logger.warn({ eventId: event.id, workerId: options.workerId }, "lease ran out before the event's turn in its batch; left to be claimed again");
        lease.release(event.id);
        outcomes.push("lost");
        continue;
      }
      try {
        const settlement = await runClaimedEvent(event, options.jobs, options);
        if (settlement === "lost") {
          lease.release(event.id);
          outcomes.push("lost");
        } else {
          if (waiting.length === 0) waitingSince = Date.now();
          waiting.push(settlement);
        }
      } catch (error) {
        lease.release(event.id);
        logger.error({ err: error, eventId: event.id }, "worker could not run an event; its lease will expire and it will be retried");
      }
      if (waiting.length > 0 && Date.now() - waitingSince >= SETTLE_WITHIN_MS) await settleWaiting();
    }
    await settleWaiting();
  } finally {
    lease.stop();
  }
  return { claimed: claimed.length, outcomes, retriesDueAt };
}

/** The settled event's runs, for neuroops_job_runs_total: a failure is "dead" when the event is. */
function countJobRuns(settlement: Settlement): void {
  for (const result of settlement.results) {
    recordJobRun(result.jobId, result.error === null ? "succeeded" : settlement.outcome === "dead" ? "dead" : "failed");
  }
}

/** For tests and benchmarks: works until no event is due. */
export async function drainOutbox(options: WorkerOptions): Promise<EventOutcome[]> {
  const outcomes: EventOutcome[] = [];
  for (;;) {
    const round = await workOnce(options);
    outcomes.push(...round.outcomes);
    if (round.claimed === 0) return outcomes;
  }
}

function nextRun(cron: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: "UTC" }).next().toDate();
}

/**
 * Runs the scheduled jobs that are due. Each schedule row is claimed atomically, so
 * with several app processes on one database exactly one runs each occurrence.
 */
export async function runDueSchedules(schedules: ScheduledJob[], options: Pick<WorkerOptions, "workerId" | "leaseSeconds">): Promise<string[]> {
  const db = runtimeDb();
  const ran: string[] = [];
  for (const job of schedules) {
    await db
      .insert(jobSchedules)
      .values({ functionId: job.id, cron: job.cron, nextRunAt: nextRun(job.cron, new Date()) })
      .onConflictDoUpdate({ target: jobSchedules.functionId, set: { cron: job.cron }, setWhere: sql`${jobSchedules.cron} <> ${job.cron}` });
    const [claimed] = await db
      .update(jobSchedules)
      .set({ lockedBy: options.workerId, lockedUntil: sql`now() + make_interval(secs => ${options.leaseSeconds})` })
      .where(
        and(
          eq(jobSchedules.functionId, job.id),
          lte(jobSchedules.nextRunAt, sql`now()`),
          or(isNull(jobSchedules.lockedUntil), lt(jobSchedules.lockedUntil, sql`now()`)),
        ),
      )
      .returning({ nextRunAt: jobSchedules.nextRunAt });
    if (!claimed) continue;
    let lastError: string | null = null;
    const completed: Record<string, unknown> = {};
    try {
      await job.handler({
        scheduledAt: claimed.nextRunAt,
        logger: {
          info: (message, fields) => logger.info({ functionId: job.id, ...fields }, message),
          warn: (message, fields) => logger.warn({ functionId: job.id, ...fields }, message),
          error: (message, fields) => logger.error({ functionId: job.id, ...fields }, message),
        },
        step: {
          async run<T extends JsonValue | void>(id: string, fn: () => Promise<T>): Promise<T> {
            if (Object.hasOwn(completed, id)) return completed[id] as T;
            const result = await fn();
            completed[id] = result;
            return result;
          },
        },
      });
      ran.push(job.id);
      recordJobRun(job.id, "succeeded");
    } catch (error) {
      recordJobRun(job.id, "failed");
      lastError = error instanceof Error ? error.message : String(error);
      logger.error({ err: error, functionId: job.id }, "scheduled job failed; it runs again at its next time");
    }
    await db
      .update(jobSchedules)
      .set({ lockedBy: null, lockedUntil: null, lastRunAt: sql`now()`, lastError, nextRunAt: nextRun(job.cron, new Date()) })
      .where(and(eq(jobSchedules.functionId, job.id), eq(jobSchedules.lockedBy, options.workerId)));
  }
  return ran;
}

export type RunningWorker = { stop(): Promise<void>; wake(): void };

/**
 * While LISTENing, commits wake the worker and it knows when its own retries fall due;
 * this slow poll only catches what no notification announces: another process's
 * retries and the expired leases of a crashed worker, and notifications missed while
 * the listening connection was re-established.
 */
export const LISTENING_POLL_MS = 10_000;
const RETRY_SLACK_MS = 50;
const SCHEDULE_CHECK_MS = 10_000;

/** The embedded worker: claims on each commit (LISTEN) or polls, until stopped; runs the schedules too. */
export function startWorker(options: WorkerOptions): RunningWorker {
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  // A wake-up that arrives while a round is running must not be lost: the round may
  // already have claimed before that commit became visible.
  let wokenWhileBusy = false;
  const wake = () => {
    if (wakeUp) wakeUp();
    else wokenWhileBusy = true;
  };
  let listening = false;
  let lastScheduleCheck = 0;
  let retriesDueAt: number[] = []; // this worker's own retries: it wakes for them
  let unlisten: (() => Promise<void>) | null = null;
  if (options.listen) {
    runtimeSql()
      // The third callback runs whenever LISTEN is (re)established: claim what came meanwhile.
      .listen(OUTBOX_CHANNEL, wake, () => {
        listening = true;
        wake();
      })
      .then((subscription) => {
        unlisten = subscription.unlisten;
        if (stopped) void unlisten();
      })
      .catch((error: unknown) => logger.warn({ err: error }, "LISTEN for new outbox events failed; polling only"));
  }
  const idleMs = () => {
    if (!listening) return options.pollMs;
    const now = Date.now();
    retriesDueAt = retriesDueAt.filter((at) => at > now);
    // A little after the retry is due by the database's clock (run_after is set there).
    const untilRetry = Math.min(Infinity, ...retriesDueAt) + RETRY_SLACK_MS - now;
    const untilSchedules = options.schedules?.length ? lastScheduleCheck + SCHEDULE_CHECK_MS - now : Infinity;
    return Math.max(0, Math.min(Math.max(options.pollMs, LISTENING_POLL_MS), untilRetry, untilSchedules));
  };
  const loop = (async () => {
    while (!stopped) {
      let claimed = 0;
      wokenWhileBusy = false;
      try {
        if (options.schedules?.length && Date.now() - lastScheduleCheck >= SCHEDULE_CHECK_MS) {
          lastScheduleCheck = Date.now();
          await runDueSchedules(options.schedules, options);
        }
        const round = await workOnce(options);
        claimed = round.claimed;
        retriesDueAt.push(...round.retriesDueAt);
      } catch (error) {
        logger.warn({ err: error }, "outbox worker round failed; retrying");
      }
      if (claimed === 0 && !stopped && !wokenWhileBusy) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, idleMs());
          wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wakeUp = null;
      }
    }
  })();
  logger.info({ workerId: options.workerId, listen: Boolean(options.listen) }, "embedded outbox worker started");
  return {
    wake,
    async stop() {
      stopped = true;
      wakeUp?.();
      await loop;
      await unlisten?.();
    },
  };
}
