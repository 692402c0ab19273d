import { and, eq, sql } from "drizzle-orm";
import { withTenant, type TenantTx } from "../db/tenant";
import { logger } from "../platform/logger";
import { PermanentJobError, type JobLogger, type JsonValue, type MemberGate, type TenantJob, type TenantJobContext } from "./define";
import { jobRuns, outboxEvents } from "./schema";

export type ClaimedEvent = {
  tenantId: string;
  id: string;
  name: string;
  payload: Record<string, unknown>;
  attempts: number;
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

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2_000);
}

/** True while this worker still holds the event's lease. */
function holdsLease(eventId: string, workerId: string) {
  return and(eq(outboxEvents.id, eventId), eq(outboxEvents.lockedBy, workerId), eq(outboxEvents.status, "running"));
}

function jobLogger(base: Record<string, unknown>): JobLogger {
  const child = logger.child(base);
  return {
    info: (message, fields) => child.info(fields ?? {}, message),
    warn: (message, fields) => child.warn(fields ?? {}, message),
    error: (message, fields) => child.error(fields ?? {}, message),
  };
}

type JobResult = { jobId: string; error: unknown | null };

/**
 * A job context's `asMember` for one tenant: enters it as `userId`, with the gate's
 * check (role null: the gate's membership query sets app.role to the member's own).
 */
export function memberRunner(tenantId: string, gate: MemberGate): TenantJobContext<never>["asMember"] {
  return (userId, minimumRole, fn) => withTenant({ tenantId, userId, role: null }, async (tx) => fn(tx, await gate(tx, tenantId, userId, minimumRole)));
}

/**
 * Runs one subscribed job (unless an earlier attempt finished it). Its final state is
 * written by the caller, in the same transaction that settles the event.
 */
async function runOneJob(event: ClaimedEvent, job: TenantJob<never>, options: RunnerOptions): Promise<JobResult | null> {
  const scope = { tenantId: event.tenantId };
  const run = await withTenant(scope, async (tx) => {
    const [row] = await tx
      .insert(jobRuns)
      .values({ eventId: event.id, functionId: job.id, status: "running", attempts: 1 })
      .onConflictDoUpdate({
        target: [jobRuns.tenantId, jobRuns.eventId, jobRuns.functionId],
        set: { attempts: sql`${jobRuns.attempts} + 1`, status: "running", updatedAt: sql`now()` },
        setWhere: sql`${jobRuns.status} <> 'done'`,
      })
      .returning();
    if (row) return row;
    // Already done in an earlier attempt (another function of this event failed then).
    return null;
  });
  if (!run) return null;

  const completedSteps: Record<string, unknown> = { ...run.steps };
  const step = {
    async run<T extends JsonValue | void>(stepId: string, fn: () => Promise<T>): Promise<T> {
      if (Object.hasOwn(completedSteps, stepId)) return completedSteps[stepId] as T;
      const result = await fn();
      const stored = result === undefined ? null : result;
      const saved = await withTenant(scope, async (tx) => {
        // This attempt's lease: after a timeout the same worker may hold the event again
        // for a later attempt, and the abandoned handler must not write into it.
        const lease = await tx
          .select({ id: outboxEvents.id })
          .from(outboxEvents)
          .where(and(holdsLease(event.id, options.workerId), eq(outboxEvents.attempts, event.attempts)))
          .for("update");
        if (lease.length === 0) return false;
        await tx
          .update(jobRuns)
          .set({ steps: sql`${jobRuns.steps} || jsonb_build_object(${stepId}::text, ${JSON.stringify(stored)}::jsonb)`, updatedAt: sql`now()` })
          .where(and(eq(jobRuns.eventId, event.id), eq(jobRuns.functionId, job.id)));
        return true;
      });
      if (!saved) throw new LeaseLost(`lease on event ${event.id} lost during step "${stepId}"`);
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
 * Runs every job subscribed to a claimed event (those already done in an earlier
 * attempt are skipped), then settles the event: done, pending again with a backoff,
 * or dead after its last attempt. A worker that lost its lease changes nothing.
 */
export async function processClaimedEvent(event: ClaimedEvent, jobs: TenantJob<never>[], options: RunnerOptions): Promise<EventOutcome> {
  const subscribed = jobs.filter((job) => job.event === event.name);
  const maxAttempts = subscribed.length ? Math.max(...subscribed.map((job) => job.retries + 1)) : 1;
  const scope = { tenantId: event.tenantId };
  const heartbeat = setInterval(
    () => {
      void withTenant(scope, (tx) =>
        tx
          .update(outboxEvents)
          .set({ lockedUntil: sql`now() + make_interval(secs => ${options.leaseSeconds})` })
          .where(holdsLease(event.id, options.workerId)),
      ).catch((error: unknown) => logger.warn({ err: error, eventId: event.id }, "lease heartbeat failed"));
    },
    Math.max(1_000, (options.leaseSeconds * 1000) / 3),
  );
  heartbeat.unref();

  // An event nobody handles is a wiring mistake (a job left out of its manifest): dead,
  // visible on Settings → Jobs and retryable once fixed, never silently "done".
  let failure: unknown = subscribed.length
    ? null
    : new PermanentJobError(`No job handles the event "${event.name}": is the subscribing job listed in its module's manifest?`);
  const results: JobResult[] = [];
  try {
    for (const job of subscribed) {
      const result = await runOneJob(event, job, options);
      if (!result) continue;
      results.push(result);
      if (result.error !== null) {
        failure ??= result.error;
        if (result.error instanceof PermanentJobError) break;
      }
    }
  } catch (error) {
    if (error instanceof LeaseLost) {
      logger.warn({ eventId: event.id, workerId: options.workerId }, error.message);
      return "lost";
    }
    throw error;
  } finally {
    clearInterval(heartbeat);
  }

  const outcome: EventOutcome =
    failure === null ? "done" : failure instanceof PermanentJobError || event.attempts >= maxAttempts ? "dead" : "retry";
  // One transaction settles the event and its runs, and only while this worker holds the lease.
  const settled = await withTenant(scope, async (tx) => {
    const rows = await tx
      .update(outboxEvents)
      .set(
        outcome === "done"
          ? { status: "done", lockedBy: null, lockedUntil: null, lastError: null, finishedAt: sql`now()`, updatedAt: sql`now()` }
          : outcome === "dead"
            ? { status: "dead", lockedBy: null, lockedUntil: null, lastError: errorText(failure), finishedAt: sql`now()`, updatedAt: sql`now()` }
            : {
                status: "pending",
                lockedBy: null,
                lockedUntil: null,
                lastError: errorText(failure),
                runAfter: sql`now() + make_interval(secs => ${retryDelayMs(event.attempts, options) / 1000})`,
                updatedAt: sql`now()`,
              },
      )
      .where(holdsLease(event.id, options.workerId))
      .returning({ id: outboxEvents.id });
    if (rows.length === 0) return false;
    for (const result of results) {
      await tx
        .update(jobRuns)
        .set(
          result.error === null
            ? { status: "done", lastError: null, finishedAt: sql`now()`, updatedAt: sql`now()` }
            : { status: "failed", lastError: errorText(result.error), updatedAt: sql`now()` },
        )
        .where(and(eq(jobRuns.eventId, event.id), eq(jobRuns.functionId, result.jobId)));
    }
    return true;
  });
  if (!settled) {
    logger.warn({ eventId: event.id, workerId: options.workerId }, "event settled by another worker after this one's lease expired");
    return "lost";
  }
  if (outcome !== "done") {
    logger[outcome === "dead" ? "error" : "warn"](
      { tenantId: event.tenantId, eventId: event.id, event: event.name, attempt: event.attempts, maxAttempts, error: errorText(failure) },
      outcome === "dead" ? "event is dead after its last attempt" : "event failed; will retry",
    );
  }
  return outcome;
}
