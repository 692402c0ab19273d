/**
 * The writers of bench/jobs.ts: `publishEvent` inside `withTenant`, as app code
 * publishes, on the runtime pool (app role, RLS). Each writer notes the commit time of
 * its events right after its transaction commits.
 *
 * Imports app code, hence its configuration: import it only after the env is set.
 */
import { sql } from "drizzle-orm";
import { runtimeSql } from "../../src/server/db/client";
import { withTenant } from "../../src/server/db/tenant";
import { publishEvent } from "../../src/server/jobs/publish";
import { BENCH_EVENT, nowMs } from "./jobs-noop";

export type PublishResult = {
  firstStartMs: number;
  firstCommitMs: number;
  lastCommitMs: number;
  transactions: number;
};

/**
 * `writers` concurrent loops publish events 0…events-1 (`seq` in the payload), `perTx`
 * per transaction, as fast as they can. `commits` (if given) receives seq → commit time.
 */
export async function publishConcurrently(options: {
  tenantId: string;
  events: number;
  writers: number;
  perTx: number;
  commits?: Map<number, number>;
}): Promise<PublishResult> {
  const { tenantId, events, writers, perTx, commits } = options;
  let next = 0;
  let transactions = 0;
  let firstCommitMs = Infinity;
  let lastCommitMs = 0;
  const firstStartMs = nowMs();
  const writer = async () => {
    for (;;) {
      const from = next;
      if (from >= events) return;
      const to = Math.min(events, from + perTx);
      next = to;
      await withTenant({ tenantId }, async (tx) => {
        for (let seq = from; seq < to; seq++) await publishEvent(tx, { event: BENCH_EVENT, data: { seq } });
      });
      const committed = nowMs();
      transactions++;
      if (committed < firstCommitMs) firstCommitMs = committed;
      if (committed > lastCommitMs) lastCommitMs = committed;
      if (commits) for (let seq = from; seq < to; seq++) commits.set(seq, committed);
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  return { firstStartMs, firstCommitMs, lastCommitMs, transactions };
}

/** One writer, one event per transaction, started on a fixed schedule of `perSecond` (light load). */
export async function publishPaced(options: {
  tenantId: string;
  events: number;
  perSecond: number;
  commits: Map<number, number>;
}): Promise<PublishResult> {
  const { tenantId, events, perSecond, commits } = options;
  const firstStartMs = nowMs();
  let firstCommitMs = Infinity;
  let lastCommitMs = 0;
  for (let seq = 0; seq < events; seq++) {
    const due = firstStartMs + (seq * 1000) / perSecond;
    const wait = due - nowMs();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await withTenant({ tenantId }, (tx) => publishEvent(tx, { event: BENCH_EVENT, data: { seq } }));
    const committed = nowMs();
    firstCommitMs = Math.min(firstCommitMs, committed);
    lastCommitMs = committed;
    commits.set(seq, committed);
  }
  return { firstStartMs, firstCommitMs, lastCommitMs, transactions: events };
}

/** Outbox rows per status, across tenants (the app's metrics function). */
export async function outboxCounts(): Promise<Record<string, number>> {
  const rows = await runtimeSql()<{ status: string; events: number }[]>`
    select status::text as status, events::int as events from neuroops_outbox_counts()`;
  return Object.fromEntries(rows.map((row) => [row.status, row.events]));
}

/** job_runs rows of the tenant by status. */
export async function jobRunCounts(tenantId: string): Promise<Record<string, number>> {
  const rows = await withTenant({ tenantId }, (tx) =>
    tx.execute<{ status: string; n: number }>(sql`select status::text as status, count(*)::int as n from job_runs group by status`),
  );
  return Object.fromEntries([...rows].map((row) => [row.status, row.n]));
}
