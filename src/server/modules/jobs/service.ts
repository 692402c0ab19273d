import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { runtimeSql } from "../../db/client";
import type { TenantTx } from "../../db/tenant";
import { Conflict, NotFound } from "../../platform/errors";
import { recordAudit } from "../audit/service";
import { publishEvent } from "../../jobs/publish";
import { jobRuns, outboxEvents, outboxStatus, type OutboxStatus } from "../../jobs/schema";
import { TEST_PING_EVENT } from "./jobs";

export const jobsListInput = z.object({
  status: z.enum(outboxStatus.enumValues).optional(),
  /** The id of the last event of the previous page. */
  cursor: z.uuid().optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

/** This tenant's recent events with their function runs, newest first. */
export async function listRecentEvents(tx: TenantTx, rawInput: z.input<typeof jobsListInput>) {
  const input = jobsListInput.parse(rawInput);
  const events = await tx
    .select({
      id: outboxEvents.id,
      name: outboxEvents.name,
      status: outboxEvents.status,
      attempts: outboxEvents.attempts,
      lastError: outboxEvents.lastError,
      runAfter: outboxEvents.runAfter,
      createdAt: outboxEvents.createdAt,
      finishedAt: outboxEvents.finishedAt,
    })
    .from(outboxEvents)
    .where(
      and(
        input.status ? eq(outboxEvents.status, input.status) : undefined,
        // Keyset on (created_at, id) at full precision: events of one transaction share created_at.
        input.cursor
          ? sql`(${outboxEvents.createdAt}, ${outboxEvents.id}) < (select e.created_at, e.id from outbox_events e where e.id = ${input.cursor})`
          : undefined,
      ),
    )
    .orderBy(desc(outboxEvents.createdAt), desc(outboxEvents.id))
    .limit(input.limit + 1);
  const hasMore = events.length > input.limit;
  const page = hasMore ? events.slice(0, input.limit) : events;
  const runs = page.length
    ? await tx
        .select({
          eventId: jobRuns.eventId,
          functionId: jobRuns.functionId,
          status: jobRuns.status,
          attempts: jobRuns.attempts,
          lastError: jobRuns.lastError,
          finishedAt: jobRuns.finishedAt,
        })
        .from(jobRuns)
        .where(
          inArray(
            jobRuns.eventId,
            page.map((event) => event.id),
          ),
        )
    : [];
  return {
    items: page.map((event) => ({ ...event, runs: runs.filter((run) => run.eventId === event.id) })),
    nextCursor: hasMore ? page[page.length - 1]!.id : null,
  };
}

/** Counts of this tenant's events by status. */
export async function countEventsByStatus(tx: TenantTx): Promise<Record<OutboxStatus, number>> {
  const rows = await tx
    .select({ status: outboxEvents.status, n: sql<number>`count(*)::int` })
    .from(outboxEvents)
    .groupBy(outboxEvents.status);
  const counts = Object.fromEntries(outboxStatus.enumValues.map((status) => [status, 0])) as Record<OutboxStatus, number>;
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/** Queue depth of all tenants (counts only), for metrics and readiness. */
export async function queueCounts(): Promise<Record<OutboxStatus, number>> {
  const rows = await runtimeSql()<{ status: OutboxStatus; events: string }[]>`select status, events::text from neuroops_outbox_counts()`;
  const counts = Object.fromEntries(outboxStatus.enumValues.map((status) => [status, 0])) as Record<OutboxStatus, number>;
  for (const row of rows) counts[row.status] = Number(row.events);
  return counts;
}

/** Puts a dead event back in the queue with a fresh set of attempts. */
export async function retryDeadEvent(tx: TenantTx, eventId: string) {
  const [event] = await tx.select().from(outboxEvents).where(eq(outboxEvents.id, eventId)).for("update");
  if (!event) throw new NotFound("That event does not exist in this organization.");
  if (event.status !== "dead") throw new Conflict(`Only dead events can be retried; this one is ${event.status}.`);
  await tx
    .update(outboxEvents)
    .set({ status: "pending", attempts: 0, runAfter: sql`now()`, lockedBy: null, lockedUntil: null, finishedAt: null, updatedAt: sql`now()` })
    .where(eq(outboxEvents.id, eventId));
  await tx.update(jobRuns).set({ attempts: 0, updatedAt: sql`now()` }).where(and(eq(jobRuns.eventId, eventId), eq(jobRuns.status, "failed")));
  await recordAudit(tx, {
    action: "job.retried",
    entityType: "outbox_event",
    entityId: eventId,
    before: { status: "dead", attempts: event.attempts, lastError: event.lastError },
    after: { status: "pending", attempts: 0 },
  });
  return { id: eventId, status: "pending" as const };
}

export async function sendTestEvent(tx: TenantTx, requestedBy: string) {
  const { id } = await publishEvent(tx, { event: TEST_PING_EVENT, data: { requestedBy } });
  await recordAudit(tx, { action: "job.test_event_sent", entityType: "outbox_event", entityId: id, after: { name: TEST_PING_EVENT.name } });
  return { id };
}
