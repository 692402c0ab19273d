import { runtimeSql } from "../db/client";
import { setOutboxMetricsSource, type OutboxSnapshot } from "../platform/metrics";

/**
 * The outbox gauges' figures, across tenants, through the narrow SECURITY DEFINER
 * function neuroops_outbox_metrics (counts and one age, no tenant data), as the worker
 * claims through neuroops_claim_outbox_runs. One aggregate statement per scrape.
 */
export async function readOutboxMetrics(): Promise<OutboxSnapshot> {
  const [row] = await runtimeSql()<{ pending: string; dead: string; oldest_pending_age_seconds: number }[]>`
    select pending::text, dead::text, oldest_pending_age_seconds from neuroops_outbox_metrics()`;
  return { pending: Number(row?.pending ?? 0), dead: Number(row?.dead ?? 0), oldestPendingAgeSeconds: row?.oldest_pending_age_seconds ?? 0 };
}

/** Makes the metrics registry read the outbox at scrape time (called by /api/metrics). */
export function installOutboxMetrics(): void {
  setOutboxMetricsSource(readOutboxMetrics);
}
