import { and, eq, inArray, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { withTenant, type TenantTx } from "../db/tenant";
import { logger } from "../platform/logger";
import { PermanentJobError, type JobLogger, type JsonValue, type MemberGate, type TenantJob, type TenantJobContext } from "./define";
import { BatchLease } from "./lease";
import { jobRuns, outboxEvents } from "./schema";
import { logSettlement, settleEvents, type JobResult, type Settlement } from "./settle";

export type ClaimedEvent = {
  tenantId: string;
  id: string;
  name: string;
  payload: Record<string, unknown>;
  attempts: number;
  /**
   * The runs its claim started (function id → whether an earlier attempt finished steps):
   * functions left out are done already. Absent when the claim started none.
   */
  startedRuns?: Record<string, boolean>;
  /** Seconds since the event was created, by the database's clock at the claim (for the delivery-lag metric). */
  ageSeconds?: number;
};

export type RunnerOptions = {
  workerId: string;
  leaseSeconds: number;
  /** Delay before retry n is backoffBaseMs · 2^(n-1), capped at backoffMaxMs, with ±20 % jitter. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Checks the member a job acts for (`ctx.asMember`). */
  memberGate: MemberGate;
};

export type EventOutcome = "done" | "retry" | "dead" | "lost";

/** The worker lost its claim (lease expired and another worker took the event). */
class LeaseLost extends Error {}

export class JobTimedOut extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JobTimedOut";
  }
}

export function retryDelayMs(attempt: number, options: Pick<RunnerOptions, "backoffBaseMs" | "backoffMaxMs">): number {
  const base = Math.min(options.backoffMaxMs, options.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** The lease of this attempt: the worker holds the event, at the attempt it claimed. */
function holdsAttempt(event: ClaimedEvent, workerId: string) {
  return and(
    eq(outboxEvents.id, event.id),
    eq(outboxEvents.lockedBy, workerId),
    eq(outboxEvents.status, "running"),
    eq(outboxEvents.attempts, event.attempts),
  );
}

/** The child logger is made on first use: most jobs never log, and a child per run costs. */
function jobLogger(base: Record<string, unknown>): JobLogger {
  let child: Logger | undefined;
  const get = () => (child ??= logger.child(base));
  return {
    info: (message, fields) => get().info(fields ?? {}, message),
    warn: (message, fields) => get().warn(fields ?? {}, message),
    error: (message, fields) => get().error(fields ?? {}, message),
  };
}

/**
 * A job context's `asMember` for one tenant: enters it as `userId`, with the gate's
 * check (role null: the gate's membership query sets app.role to the member's own).
 */
export function memberRunner(tenantId: string, gate: MemberGate): TenantJobContext<never>["asMember"] {
  return (userId, minimumRole, fn) => withTenant({ tenantId, userId, role: null }, async (tx) => fn(tx, await gate(tx, tenantId, userId, minimumRole)));
}

type RunSteps = Map<string, Record<string, unknown>>;

/**
 * For an event claimed without its runs (`claimEvents`): starts the subscribed runs that
 * are not done, in one statement and only while this attempt's lease holds. Null: lost.
 */
async function startRuns(event: ClaimedEvent, subscribed: TenantJob<never>[], workerId: string): Promise<RunSteps | null> {
  return withTenant({ tenantId: event.tenantId }, async (tx) => {
    const lease = await tx.select({ id: outboxEvents.id }).from(outboxEvents).where(holdsAttempt(event, workerId)).for("update");
    if (lease.length === 0) return null;
    if (subscribed.length === 0) return new Map();
    const rows = await tx
      .insert(jobRuns)
      .values(subscribed.map((job) => ({ eventId: event.id, functionId: job.id, status: "running" as const, attempts: 1 })))
      .onConflictDoUpdate({
        target: [jobRuns.tenantId, jobRuns.eventId, jobRuns.functionId],
        set: { attempts: sql`${jobRuns.attempts} + 1`, status: "running", updatedAt: sql`now()` },
        // Already done in an earlier attempt (another function of this event failed then).
        setWhere: sql`${jobRuns.status} <> 'done'`,
      })
      .returning({ functionId: jobRuns.functionId, steps: jobRuns.steps });
    return new Map(rows.map((row) => [row.functionId, row.steps]));
  });
}

/** The runs the claim started, with the finished steps of those that have some (read in the tenant). */
async function startedRunSteps(event: ClaimedEvent, started: Record<string, boolean>): Promise<RunSteps> {
  const runs: RunSteps = new Map(Object.keys(started).map((functionId) => [functionId, {}]));
  const resuming = Object.keys(started).filter((functionId) => started[functionId]);
  if (resuming.length === 0) return runs;
  const rows = await withTenant({ tenantId: event.tenantId }, (tx) =>
    tx
      .select({ functionId: jobRuns.functionId, steps: jobRuns.steps })
      .from(jobRuns)
      .where(and(eq(jobRuns.eventId, event.id), inArray(jobRuns.functionId, resuming))),
  );
  for (const row of rows) runs.set(row.functionId, row.steps);
  return runs;
}

/** Runs one subscribed job from its finished steps. Its final state is written by the settle. */
async function runOneJob(event: ClaimedEvent, job: TenantJob<never>, steps: Record<string, unknown>, options: RunnerOptions): Promise<JobResult> {
  const scope = { tenantId: event.tenantId };
  const completedSteps: Record<string, unknown> = { ...steps };
  const step = {
    async run<T extends JsonValue | void>(stepId: string, fn: () => Promise<T>): Promise<T> {
      if (Object.hasOwn(completedSteps, stepId)) return completedSteps[stepId] as T;
      const result = await fn();
      const stored = result === undefined ? null : result;
      // One statement: the result is recorded only while this attempt's lease holds (locked,
      // so no settle slips in between). After a timeout the same worker may hold the event
      // again for a later attempt, and the abandoned handler must not write into it.
      const saved = await withTenant(scope, (tx) => {
        const lease = tx.$with("lease").as(tx.select({ id: outboxEvents.id }).from(outboxEvents).where(holdsAttempt(event, options.workerId)).for("update"));
        return tx
          .with(lease)
          .update(jobRuns)
          .set({ steps: sql`${jobRuns.steps} || jsonb_build_object(${stepId}::text, ${JSON.stringify(stored)}::jsonb)`, updatedAt: sql`now()` })
          .where(and(eq(jobRuns.eventId, event.id), eq(jobRuns.functionId, job.id), sql`exists (select 1 from ${lease})`))
          .returning({ functionId: jobRuns.functionId });
      });
      if (saved.length === 0) throw new LeaseLost(`lease on event ${event.id} lost during step "${stepId}"`);
      completedSteps[stepId] = stored;
      return result;
    },
  };

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new JobTimedOut(`${job.id} ran longer than ${job.timeoutSeconds} s`)), job.timeoutSeconds * 1000);
  });
  try {
    // The handler cannot be cancelled, but once the attempt has failed its late steps are
    // refused (the lease check in step.run) and the retry does the work.
    await Promise.race([timeout, job.handler({
      event: { id: event.id, name: event.name, data: event.payload as never },
      tenantId: event.tenantId,
      attempt: event.attempts,
      step,
      logger: jobLogger({ tenantId: event.tenantId, eventId: event.id, functionId: job.id, attempt: event.attempts }),
      withTenant: <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant(scope, fn),
      asMember: memberRunner(event.tenantId, options.memberGate),
    })]);
  } catch (error) {
    if (error instanceof LeaseLost) throw error;
    return { jobId: job.id, error };
  } finally {
    clearTimeout(timer);
  }
  return { jobId: job.id, error: null };
}

/**
 * Runs every job subscribed to a claimed event whose run is not done yet, and says how
 * the event should be settled: done, pending again with a backoff, or dead after its
 * last attempt. "lost": the lease is gone, and nothing may be written for the event.
 */
export async function runClaimedEvent(event: ClaimedEvent, jobs: TenantJob<never>[], options: RunnerOptions): Promise<Settlement | "lost"> {
  const subscribed = jobs.filter((job) => job.event === event.name);
  const maxAttempts = subscribed.length ? Math.max(...subscribed.map((job) => job.retries + 1)) : 1;
  const runs = event.startedRuns ? await startedRunSteps(event, event.startedRuns) : await startRuns(event, subscribed, options.workerId);
  if (!runs) {
    logger.warn({ eventId: event.id, workerId: options.workerId }, `lease on event ${event.id} lost before its jobs started`);
    return "lost";
  }
  // An event nobody handles is a wiring mistake (a job left out of its manifest): dead,
  // visible on Settings → Jobs and retryable once fixed, never silently "done".
  let failure: unknown = subscribed.length
    ? null
    : new PermanentJobError(`No job handles the event "${event.name}": is the subscribing job listed in its module's manifest?`);
  const results: JobResult[] = [];
  let stoppedBy: string | null = null;
  try {
    for (const job of subscribed) {
      const steps = runs.get(job.id);
      if (!steps) continue; // done in an earlier attempt
      if (stoppedBy) {
        // Started with the others; the run says why it did not run this attempt.
        results.push({ jobId: job.id, error: new PermanentJobError(`not run: ${stoppedBy} failed permanently first`) });
        continue;
      }
      const result = await runOneJob(event, job, steps, options);
      results.push(result);
      if (result.error !== null) failure ??= result.error;
      if (result.error instanceof PermanentJobError) stoppedBy = job.id;
    }
  } catch (error) {
    if (error instanceof LeaseLost) {
      logger.warn({ eventId: event.id, workerId: options.workerId }, error.message);
      return "lost";
    }
    throw error;
  }
  const outcome = failure === null ? "done" : failure instanceof PermanentJobError || event.attempts >= maxAttempts ? "dead" : "retry";
  return { event, outcome, failure, results, maxAttempts, retryMs: outcome === "retry" ? retryDelayMs(event.attempts, options) : 0 };
}

/**
 * Runs and settles one claimed event on its own (the batch path is `workOnce`), with its
 * lease kept alive meanwhile. A worker that lost its lease changes nothing: "lost".
 */
export async function processClaimedEvent(event: ClaimedEvent, jobs: TenantJob<never>[], options: RunnerOptions): Promise<EventOutcome> {
  const lease = new BatchLease([event], options.workerId, options.leaseSeconds, Date.now());
  let settlement: Settlement | "lost";
  try {
    settlement = await runClaimedEvent(event, jobs, options);
  } finally {
    lease.stop();
  }
  if (settlement === "lost") return "lost";
  const settled = await settleEvents(options.workerId, [settlement]);
  return logSettlement(settlement, settled.has(event.id), options.workerId);
}
