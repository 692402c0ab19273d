import { eq, sql } from "drizzle-orm";
import { withTenant } from "../db/tenant";
import { PermanentJobError, type MemberGate, type TenantJob } from "./define";
import { defineEvent, type EventDefinition, type EventPayload } from "./events";
import { memberRunner } from "./runner";
import { outboxEvents } from "./schema";
import { drainOutbox, type WorkerOptions } from "./worker";

/* Test support for the jobs layer's tests: fast worker options, ad-hoc events, waiting for outcomes. */

export const FAST = { leaseSeconds: 30, backoffBaseMs: 5, backoffMaxMs: 20, batchSize: 20, pollMs: 10 } as const;

/** These tests' jobs never act for a member. */
export const noMembers: MemberGate = async () => {
  throw new PermanentJobError("no member gate in this test");
};

export function workerWith(jobs: TenantJob<never>[], workerId = `w-${Math.random().toString(36).slice(2, 8)}`): WorkerOptions {
  return { ...FAST, workerId, jobs, memberGate: noMembers };
}

/** An event declared on the fly, as a module's catalog would declare it. */
export const ev = <TData extends EventPayload = Record<string, never>>(name: string) => defineEvent<TData>(name);

export function uniqueEvent(prefix: string) {
  return `${prefix}/${Math.random().toString(36).slice(2, 10)}`;
}

export async function eventRow(tenantId: string, id: string) {
  const [row] = await withTenant({ tenantId }, (tx) => tx.select().from(outboxEvents).where(eq(outboxEvents.id, id)));
  return row!;
}

/** Waits out backoffs: drains until the named events are all settled (done or dead). */
export async function drainUntilSettled(options: WorkerOptions, tenantId: string, ids: string[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await drainOutbox(options);
    const rows = await withTenant({ tenantId }, (tx) =>
      tx.select({ status: outboxEvents.status }).from(outboxEvents).where(sql`${outboxEvents.id} in ${ids}`),
    );
    if (rows.every((row) => row.status === "done" || row.status === "dead")) return;
    if (Date.now() > deadline) throw new Error("events did not settle in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}


/**
 * A tenant's outbox events named like `event` (oldest first), as a job would receive them:
 * tests of a module's jobs run their handlers on these with `runJobOn`, without a worker
 * claiming other tests' events from the shared queue.
 */
export async function tenantEvents<TData extends EventPayload>(tenantId: string, event: EventDefinition<TData>) {
  const rows = await withTenant({ tenantId }, (tx) =>
    tx
      .select({ id: outboxEvents.id, name: outboxEvents.name, payload: outboxEvents.payload })
      .from(outboxEvents)
      .where(sql`${outboxEvents.name} = ${event.name}`)
      .orderBy(outboxEvents.createdAt, outboxEvents.id),
  );
  return rows.map((row) => ({ id: row.id, name: row.name, data: row.payload as TData }));
}

/** Runs one job's handler on one event, as the worker would (steps run inline; `asMember` through `gate`). */
export async function runJobOn<TData extends EventPayload>(
  job: TenantJob<TData>,
  tenantId: string,
  event: { id: string; name: string; data: TData },
  gate: MemberGate,
  attempt = 1,
): Promise<unknown> {
  const log = () => undefined;
  return job.handler({
    event,
    tenantId,
    attempt,
    step: { run: (_id, fn) => fn() },
    logger: { info: log, warn: log, error: log },
    withTenant: (fn) => withTenant({ tenantId }, fn),
    asMember: memberRunner(tenantId, gate),
  });
}
