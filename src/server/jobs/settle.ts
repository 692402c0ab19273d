import { runtimeSql } from "../db/client";
import { logger } from "../platform/logger";
import type { ClaimedEvent, EventOutcome } from "./runner";

export type JobResult = { jobId: string; error: unknown | null };

/** How one event ends this attempt, waiting to be written (see `settleEvents`). */
export type Settlement = {
  event: ClaimedEvent;
  outcome: Exclude<EventOutcome, "lost">;
  failure: unknown;
  results: JobResult[];
  maxAttempts: number;
  /** For a retry: the backoff before it is due again. */
  retryMs: number;
};

export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2_000);
}

/**
 * Settles a batch of events and their runs in ONE statement (the SECURITY DEFINER
 * neuroops_settle_outbox, drizzle/0015), each event only while this worker still holds
 * it at the attempt it claimed. Returns the ids it settled; the others were lost.
 */
export async function settleEvents(workerId: string, settlements: Settlement[]): Promise<Set<string>> {
  if (settlements.length === 0) return new Set();
  const events = settlements.map(({ event, outcome, failure, retryMs }) => ({
    tenant_id: event.tenantId,
    id: event.id,
    attempts: event.attempts,
    outcome,
    last_error: outcome === "done" ? null : errorText(failure),
    retry_ms: retryMs,
  }));
  const runs = settlements.flatMap(({ event, results }) =>
    results.map((result) => ({
      tenant_id: event.tenantId,
      event_id: event.id,
      function_id: result.jobId,
      last_error: result.error === null ? null : errorText(result.error),
    })),
  );
  const rows = await runtimeSql()<{ id: string }[]>`
    select id from neuroops_settle_outbox(${workerId}, ${JSON.stringify(events)}::jsonb, ${JSON.stringify(runs)}::jsonb)`;
  return new Set(rows.map((row) => row.id));
}

/** Logs what a settle meant for one event and answers its outcome ("lost" when not settled). */
export function logSettlement(settlement: Settlement, settled: boolean, workerId: string): EventOutcome {
  const { event, outcome, failure, maxAttempts } = settlement;
  if (!settled) {
    logger.warn({ eventId: event.id, workerId }, "event settled by another worker after this one's lease expired");
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
