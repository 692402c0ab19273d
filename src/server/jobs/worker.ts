import { CronExpressionParser } from "cron-parser";
import { and, eq, isNull, lt, lte, or, sql } from "drizzle-orm";
import { runtimeDb, runtimeSql } from "../db/client";
import { logger } from "../platform/logger";
import type { JsonValue, ScheduledJob, TenantJob } from "./define";
import { processClaimedEvent, type ClaimedEvent, type EventOutcome, type RunnerOptions } from "./runner";
import { jobSchedules } from "./schema";

export type WorkerOptions = RunnerOptions & {
  batchSize: number;
  /** Idle polling interval; a busy worker claims again at once. */
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

/** Claims due events of any tenant through the narrow SECURITY DEFINER function. */
export async function claimEvents(workerId: string, leaseSeconds: number, batchSize: number): Promise<ClaimedEvent[]> {
  const rows = await runtimeSql()<{ tenant_id: string; id: string; name: string; payload: Record<string, unknown>; attempts: number }[]>`
    select * from neuroops_claim_outbox(${workerId}, ${leaseSeconds}, ${batchSize})`;
  return rows.map((row) => ({ tenantId: row.tenant_id, id: row.id, name: row.name, payload: row.payload, attempts: row.attempts }));
}

/** One claim-and-process round; returns how many events it handled. */
export async function workOnce(options: WorkerOptions): Promise<{ claimed: number; outcomes: EventOutcome[] }> {
  const claimed = await claimEvents(options.workerId, options.leaseSeconds, options.batchSize);
  const outcomes: EventOutcome[] = [];
  for (const event of claimed) {
    try {
      outcomes.push(await processClaimedEvent(event, options.jobs, options));
    } catch (error) {
      // Infrastructure failure (database gone): the lease expires and the event is retried.
      logger.error({ err: error, eventId: event.id }, "worker could not settle an event; its lease will expire and it will be retried");
    }
  }
  return { claimed: claimed.length, outcomes };
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
    } catch (error) {
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

/** The embedded worker: polls the outbox (and the schedules) until stopped. */
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
  let lastScheduleCheck = 0;
  let unlisten: (() => Promise<void>) | null = null;
  if (options.listen) {
    runtimeSql()
      .listen(OUTBOX_CHANNEL, wake)
      .then((subscription) => {
        unlisten = subscription.unlisten;
        if (stopped) void unlisten();
      })
      .catch((error: unknown) => logger.warn({ err: error }, "LISTEN for new outbox events failed; polling only"));
  }
  const loop = (async () => {
    while (!stopped) {
      let claimed = 0;
      wokenWhileBusy = false;
      try {
        if (options.schedules?.length && Date.now() - lastScheduleCheck > 10_000) {
          lastScheduleCheck = Date.now();
          await runDueSchedules(options.schedules, options);
        }
        claimed = (await workOnce(options)).claimed;
      } catch (error) {
        logger.warn({ err: error }, "outbox worker round failed; retrying");
      }
      if (claimed === 0 && !stopped && !wokenWhileBusy) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.pollMs);
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
