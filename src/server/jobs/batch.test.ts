import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTenant } from "../../test/fixtures";
import { withTenant } from "../db/tenant";
import { defineJob, PermanentJobError, type TenantJob } from "./define";
import { BatchLease } from "./lease";
import { publishEvent } from "./publish";
import { jobRuns, outboxEvents } from "./schema";
import { drainUntilSettled, ev, eventRow, uniqueEvent, workerWith } from "./testing";
import { startWorker, workOnce } from "./worker";

/* The batch path: one claim starts a batch's runs, one settle writes its outcomes. */

async function publishMany(tenantId: string, name: string, values: number[]): Promise<string[]> {
  return withTenant({ tenantId }, async (tx) => {
    const ids: string[] = [];
    for (const n of values) ids.push((await publishEvent(tx, { event: ev<{ n: number }>(name), data: { n } })).id);
    return ids;
  });
}

async function runsOf(tenantId: string, ids: string[]) {
  return withTenant({ tenantId }, (tx) => tx.select().from(jobRuns).where(inArray(jobRuns.eventId, ids)));
}

describe("a batch", () => {
  it("settles the events that succeeded as done and the one that failed for a retry, in one round", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("mixed");
    const calls: number[] = [];
    const job = defineJob({
      id: `${name}-fn`,
      event: ev<{ n: number }>(name),
      handler: async ({ event }) => {
        calls.push(event.data.n);
        if (event.data.n === 2) throw new Error("number two failed");
      },
    });
    const ids = await publishMany(org.id, name, [1, 2, 3]);
    const round = await workOnce({ ...workerWith([job as TenantJob<never>]), backoffBaseMs: 60_000, backoffMaxMs: 60_000 });

    expect(round.claimed).toBe(3);
    expect([...round.outcomes].sort()).toEqual(["done", "done", "retry"]);
    expect(calls.sort()).toEqual([1, 2, 3]);
    expect(await eventRow(org.id, ids[0]!)).toMatchObject({ status: "done", attempts: 1, lockedBy: null, lastError: null });
    expect(await eventRow(org.id, ids[1]!)).toMatchObject({ status: "pending", attempts: 1, lockedBy: null, lastError: "Error: number two failed" });
    expect(await eventRow(org.id, ids[2]!)).toMatchObject({ status: "done", attempts: 1 });
    const runs = await runsOf(org.id, ids);
    expect(runs.map((run) => [ids.indexOf(run.eventId), run.status, run.attempts]).sort()).toEqual([
      [0, "done", 1],
      [1, "failed", 1],
      [2, "done", 1],
    ]);
    expect(round.retriesDueAt).toHaveLength(1);
  });

  it("does not start an event whose lease was lost while an earlier event of its batch ran", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("lost-mid-batch");
    const ran: number[] = [];
    let secondId = "";
    const job = defineJob({
      id: `${name}-fn`,
      event: ev<{ n: number }>(name),
      handler: async ({ event, withTenant: inTenant }) => {
        ran.push(event.data.n);
        if (event.data.n !== 1) return;
        // Meanwhile the second event's lease expires and another worker claims it...
        await inTenant((tx) => tx.update(outboxEvents).set({ lockedBy: "thief" }).where(eq(outboxEvents.id, secondId)));
        // ...and this worker's heartbeat (every second at this lease) finds that out.
        await new Promise((resolve) => setTimeout(resolve, 1_300));
      },
    });
    // Two transactions, so that the first is claimed (and run) first.
    const [firstId] = await publishMany(org.id, name, [1]);
    secondId = (await publishMany(org.id, name, [2]))[0]!;
    const round = await workOnce({ ...workerWith([job as TenantJob<never>], "holder"), leaseSeconds: 3, batchSize: 2 });

    expect(ran).toEqual([1]);
    expect([...round.outcomes].sort()).toEqual(["done", "lost"]);
    expect(await eventRow(org.id, firstId!)).toMatchObject({ status: "done" });
    expect(await eventRow(org.id, secondId)).toMatchObject({ status: "running", lockedBy: "thief" });
  });

  it("knows by its own clock when a lease may have run out", () => {
    const event = { tenantId: "t", id: "e" };
    const fresh = new BatchLease([event], "w", 60, Date.now());
    const stale = new BatchLease([event], "w", 1, Date.now() - 1_000);
    try {
      expect(fresh.holds("e")).toBe(true);
      expect(stale.holds("e")).toBe(false);
      fresh.release("e");
      expect(fresh.holds("e")).toBe(false);
    } finally {
      fresh.stop();
      stale.stop();
    }
  });

  it("records on its run why a job after a permanent failure did not run", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("permanent-first");
    const calls = { refuses: 0, after: 0 };
    const refuses = defineJob({ id: `${name}-a`, event: ev(name), handler: async () => { calls.refuses++; throw new PermanentJobError("cannot ever work"); } });
    const after = defineJob({ id: `${name}-b`, event: ev(name), handler: async () => void calls.after++ });
    const [id] = await publishMany(org.id, name, [1]);
    await drainUntilSettled(workerWith([refuses, after] as TenantJob<never>[]), org.id, [id!]);

    expect(calls).toEqual({ refuses: 1, after: 0 });
    expect(await eventRow(org.id, id!)).toMatchObject({ status: "dead", lastError: "PermanentJobError: cannot ever work" });
    const runs = await runsOf(org.id, [id!]);
    expect(runs.map((run) => [run.functionId, run.status, run.lastError]).sort()).toEqual([
      [`${name}-a`, "failed", "PermanentJobError: cannot ever work"],
      [`${name}-b`, "failed", `PermanentJobError: not run: ${name}-a failed permanently first`],
    ]);
  });

  it("resumes a retried run from its finished steps, read back in the tenant", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("resume");
    const effects = { charged: 0, attempts: 0 };
    const job = defineJob({
      id: `${name}-fn`,
      event: ev(name),
      handler: async ({ step }) => {
        effects.attempts++;
        const receipt = await step.run("charge", async () => {
          effects.charged++;
          return { receipt: "r-1" };
        });
        expect(receipt).toEqual({ receipt: "r-1" });
        if (effects.attempts === 1) throw new Error("after the charge");
      },
    });
    const [id] = await publishMany(org.id, name, [1]);
    await drainUntilSettled(workerWith([job as TenantJob<never>]), org.id, [id!]);
    expect(effects).toEqual({ charged: 1, attempts: 2 });
    const [run] = await runsOf(org.id, [id!]);
    expect(run).toMatchObject({ status: "done", attempts: 2, steps: { charge: { receipt: "r-1" } } });
  });
});

describe("a listening worker", () => {
  it.runIf(process.env.TEST_DATABASE_MODE === "postgres")("wakes for its own retry when it falls due, not at the next poll", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("listen-retry");
    const startedAt: number[] = [];
    const job = defineJob({
      id: `${name}-fn`,
      event: ev(name),
      handler: async () => {
        startedAt.push(Date.now());
        if (startedAt.length === 1) throw new Error("first attempt fails");
      },
    });
    const worker = startWorker({ ...workerWith([job as TenantJob<never>]), backoffBaseMs: 300, backoffMaxMs: 300, pollMs: 30_000, listen: true });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // LISTEN established, first poll done
      const [id] = await publishMany(org.id, name, [1]);
      const deadline = Date.now() + 5_000;
      while ((await eventRow(org.id, id!)).status !== "done" && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(startedAt).toHaveLength(2);
      expect(startedAt[1]! - startedAt[0]!).toBeLessThan(2_000);
      expect(await eventRow(org.id, id!)).toMatchObject({ status: "done", attempts: 2 });
    } finally {
      await worker.stop();
    }
  });
});
