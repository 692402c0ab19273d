import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { Inngest } from "inngest";
import { afterEach, describe, expect, it } from "vitest";
import { createTenant } from "../../test/fixtures";
import { withTenant } from "../db/tenant";
import { defineJob, PermanentJobError, type TenantJob } from "./define";
import type { EventPayload } from "./events";
import { publishEvent } from "./publish";
import { relayOnce } from "./relay";
import { processClaimedEvent } from "./runner";
import { jobRuns, outboxEvents } from "./schema";
import { drainUntilSettled, ev, eventRow, FAST, uniqueEvent, workerWith } from "./testing";
import { claimEvents, drainOutbox } from "./worker";

describe("publishing", () => {
  it("leaves no event when the writing transaction rolls back", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("rollback");
    await expect(
      withTenant({ tenantId: org.id }, async (tx) => {
        await publishEvent(tx, { event: ev<EventPayload>(name), data: { n: 1 } });
        throw new Error("the domain write failed");
      }),
    ).rejects.toThrow("the domain write failed");
    const rows = await withTenant({ tenantId: org.id }, (tx) => tx.select().from(outboxEvents).where(eq(outboxEvents.name, name)));
    expect(rows).toEqual([]);
  });

  it("stores an event once per idempotency key", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("idem");
    const first = await withTenant({ tenantId: org.id }, (tx) => publishEvent(tx, { event: ev(name), data: {}, idempotencyKey: "k1" }));
    const again = await withTenant({ tenantId: org.id }, (tx) => publishEvent(tx, { event: ev(name), data: {}, idempotencyKey: "k1" }));
    expect(again).toEqual({ id: first.id, duplicate: true });
  });

  it("refuses to publish without a tenant transaction", async () => {
    const { runtimeDb } = await import("../db/client");
    await expect(
      runtimeDb().transaction((tx) => publishEvent(tx as never, { event: ev("x/y"), data: {} })),
    ).rejects.toThrow(/inside a tenant transaction/);
  });
});

describe("embedded worker", () => {
  it("runs the subscribed job once and marks the event done", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("once");
    const seen: unknown[] = [];
    const job = defineJob({ id: `${name}-fn`, event: ev<{ n: number }>(name), handler: async ({ event, tenantId }) => void seen.push([tenantId, event.data.n]) });
    const { id } = await withTenant({ tenantId: org.id }, (tx) => publishEvent(tx, { event: ev<EventPayload>(name), data: { n: 7 } }));
    await drainOutbox(workerWith([job as TenantJob<never>]));
    expect(seen).toEqual([[org.id, 7]]);
    expect(await eventRow(org.id, id)).toMatchObject({ status: "done", attempts: 1, lockedBy: null });
  });

  it("lets a job touch only its event's tenant", async () => {
    const { org: a } = await createTenant();
    const { org: b } = await createTenant();
    const name = uniqueEvent("scope");
    const visible: string[][] = [];
    const job = defineJob({
      id: `${name}-fn`,
      event: ev(name),
      handler: async ({ withTenant: inTenant }) => {
        const rows = await inTenant((tx) => tx.execute<{ tenant_id: string }>(sql`select distinct tenant_id from outbox_events`));
        visible.push(rows.map((r) => r.tenant_id));
      },
    });
    await withTenant({ tenantId: a.id }, (tx) => publishEvent(tx, { event: ev(name), data: {} }));
    await withTenant({ tenantId: b.id }, (tx) => publishEvent(tx, { event: ev(name), data: {} }));
    await drainOutbox(workerWith([job as TenantJob<never>]));
    expect(visible.sort()).toEqual([[a.id], [b.id]].sort());
  });

  it("recovers from a worker that crashed after claiming: exactly one successful run, finished steps not redone", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("crash");
    const effects = { charge: 0, completions: 0 };
    let crash = true;
    const job = defineJob({
      id: `${name}-fn`,
      event: ev(name),
      handler: async ({ step }) => {
        await step.run("charge", async () => void effects.charge++);
        if (crash) throw new Error("simulated crash after the first step");
        effects.completions++;
      },
    });
    const { id } = await withTenant({ tenantId: org.id }, (tx) => publishEvent(tx, { event: ev(name), data: {} }));

    // Worker A claims with a short lease, runs the first step, then "dies" (never settles).
    const crashed = { ...workerWith([job as TenantJob<never>], "worker-a"), leaseSeconds: 1 };
    const [claimed] = (await claimEvents("worker-a", 1, 100)).filter((event) => event.id === id);
    expect(claimed).toBeDefined();
    const runPromise = processClaimedEvent(claimed!, [job as TenantJob<never>], crashed).catch(() => "crashed");
    await runPromise; // it failed after the step; pretend the settle never happened:
    await withTenant({ tenantId: org.id }, (tx) =>
      tx.update(outboxEvents).set({ status: "running", lockedBy: "worker-a", lockedUntil: sql`now() - interval '1 second'` }).where(eq(outboxEvents.id, id)),
    );

    // Before the lease expires nobody else takes it; after, worker B does.
    crash = false;
    await drainUntilSettled(workerWith([job as TenantJob<never>], "worker-b"), org.id, [id]);
    expect(effects).toEqual({ charge: 1, completions: 1 });
    expect(await eventRow(org.id, id)).toMatchObject({ status: "done" });

    // Worker A comes back and tries to settle: nothing changes.
    const late = await processClaimedEvent({ ...claimed!, attempts: 1 }, [job as TenantJob<never>], crashed);
    expect(late).toBe("lost");
    expect(effects.completions).toBe(1);
    expect(await eventRow(org.id, id)).toMatchObject({ status: "done" });
  });

  it("does not hand a leased event to another worker before the lease expires", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("lease");
    const { id } = await withTenant({ tenantId: org.id }, (tx) => publishEvent(tx, { event: ev(name), data: {} }));
    const first = (await claimEvents("holder", 60, 1000)).map((event) => event.id);
    const second = (await claimEvents("other", 60, 1000)).map((event) => event.id);
    expect(first).toContain(id);
    expect(second).not.toContain(id);
  });

  it("marks an always-failing event dead after its last attempt, with the error visible", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("fail");
    let calls = 0;
    const job = defineJob({
      id: `${name}-fn`,
      event: ev(name),
      retries: 2,
      handler: async () => {
        calls++;
        throw new Error(`SMTP said no (${calls})`);
      },
    });
    const { id } = await withTenant({ tenantId: org.id }, (tx) => publishEvent(tx, { event: ev(name), data: {} }));
    await drainUntilSettled(workerWith([job as TenantJob<never>]), org.id, [id]);
    expect(calls).toBe(3);
    const row = await eventRow(org.id, id);
    expect(row).toMatchObject({ status: "dead", attempts: 3, lastError: "Error: SMTP said no (3)" });
    const runs = await withTenant({ tenantId: org.id }, (tx) => tx.select().from(jobRuns).where(eq(jobRuns.eventId, id)));
    expect(runs).toEqual([expect.objectContaining({ status: "failed", attempts: 3, lastError: "Error: SMTP said no (3)" })]);
  });

  it("sends a permanent failure straight to dead", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("permanent");
    let calls = 0;
    const job = defineJob({ id: `${name}-fn`, event: ev(name), retries: 5, handler: async () => { calls++; throw new PermanentJobError("bad payload"); } });
    const { id } = await withTenant({ tenantId: org.id }, (tx) => publishEvent(tx, { event: ev(name), data: {} }));
    await drainUntilSettled(workerWith([job as TenantJob<never>]), org.id, [id]);
    expect(calls).toBe(1);
    expect(await eventRow(org.id, id)).toMatchObject({ status: "dead", lastError: "PermanentJobError: bad payload" });
  });

  it("retries only the failed function of an event with two subscribers", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("two");
    const calls = { ok: 0, flaky: 0 };
    const ok = defineJob({ id: `${name}-ok`, event: ev(name), handler: async () => void calls.ok++ });
    const flaky = defineJob({
      id: `${name}-flaky`,
      event: ev(name),
      handler: async () => {
        calls.flaky++;
        if (calls.flaky < 3) throw new Error("flaky");
      },
    });
    const { id } = await withTenant({ tenantId: org.id }, (tx) => publishEvent(tx, { event: ev(name), data: {} }));
    await drainUntilSettled(workerWith([ok, flaky] as TenantJob<never>[]), org.id, [id]);
    expect(calls).toEqual({ ok: 1, flaky: 3 });
    expect(await eventRow(org.id, id)).toMatchObject({ status: "done", attempts: 3 });
  });

  it("delivers 1,000 events published concurrently by 10 writers exactly once with two workers", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("bulk");
    const runs = new Map<number, number>();
    const job = defineJob<{ n: number }>({
      id: `${name}-fn`,
      event: ev(name),
      handler: async ({ event }) => void runs.set(event.data.n, (runs.get(event.data.n) ?? 0) + 1),
    });
    await Promise.all(
      Array.from({ length: 10 }, (_, writer) =>
        withTenant({ tenantId: org.id }, async (tx) => {
          for (let i = 0; i < 100; i++) await publishEvent(tx, { event: ev<EventPayload>(name), data: { n: writer * 100 + i } });
        }),
      ),
    );
    const jobs = [job as TenantJob<never>];
    await Promise.all([drainOutbox({ ...workerWith(jobs, "bulk-1"), batchSize: 25 }), drainOutbox({ ...workerWith(jobs, "bulk-2"), batchSize: 25 })]);
    expect(runs.size).toBe(1000);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    const statuses = await withTenant({ tenantId: org.id }, (tx) =>
      tx.select({ status: outboxEvents.status, n: sql<number>`count(*)::int` }).from(outboxEvents).where(eq(outboxEvents.name, name)).groupBy(outboxEvents.status),
    );
    expect(statuses).toEqual([{ status: "done", n: 1000 }]);
  }, 120_000);
});

describe("relay to Inngest", () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it("delivers every event through a stand-in that fails half the requests, once it recovers", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("relay");
    const received = new Map<string, number>();
    let requests = 0;
    let healthy = false;
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        requests++;
        if (!healthy && Math.random() < 0.5) {
          res.writeHead(503).end("unavailable");
          return;
        }
        const events = JSON.parse(body) as { id: string }[];
        for (const event of events) received.set(event.id, (received.get(event.id) ?? 0) + 1);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ids: events.map((e) => e.id), status: 200 }));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const inngest = new Inngest({ id: "relay-test", eventKey: "test-key", baseUrl: `http://127.0.0.1:${port}`, isDev: false });

    const ids = await withTenant({ tenantId: org.id }, async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < 40; i++) out.push((await publishEvent(tx, { event: ev<EventPayload>(name), data: { i } })).id);
      return out;
    });
    const options = { ...FAST, batchSize: 5, workerId: "relay-1", send: (events: { id: string; name: string; data: Record<string, unknown> }[]) => inngest.send(events) };

    const deadline = Date.now() + 60_000;
    for (let round = 0; ; round++) {
      if (round === 6) healthy = true; // the outage ends
      await relayOnce(options);
      const rows = await withTenant({ tenantId: org.id }, (tx) =>
        tx.select({ status: outboxEvents.status }).from(outboxEvents).where(eq(outboxEvents.name, name)),
      );
      if (rows.every((row) => row.status === "sent")) break;
      if (Date.now() > deadline) throw new Error("relay did not deliver everything");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(requests).toBeGreaterThan(1);
    expect([...received.keys()].sort()).toEqual([...ids].sort());
    const sample = await eventRow(org.id, ids[0]!);
    expect(sample).toMatchObject({ status: "sent", lockedBy: null });
  }, 90_000);
});

describe("wake-up on commit", () => {
  it.runIf(process.env.TEST_DATABASE_MODE === "postgres")("delivers a new event well before the next poll when listening", async () => {
    const { startWorker } = await import("./worker");
    const { org } = await createTenant();
    const name = uniqueEvent("listen");
    let startedAt = 0;
    const job = defineJob({ id: `${name}-fn`, event: ev(name), handler: async () => void (startedAt = Date.now()) });
    const worker = startWorker({ ...workerWith([job as TenantJob<never>]), pollMs: 30_000, listen: true });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // LISTEN established, first poll done
      const committedAt = Date.now();
      await withTenant({ tenantId: org.id }, (tx) => publishEvent(tx, { event: ev(name), data: {} }));
      const deadline = Date.now() + 5_000;
      while (!startedAt && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(startedAt).toBeGreaterThan(0);
      expect(startedAt - committedAt).toBeLessThan(2_000);
    } finally {
      await worker.stop();
    }
  });
});

describe("timeouts", () => {
  it("fails an attempt that runs past its timeout and retries it", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("slow");
    let calls = 0;
    const job = defineJob({
      id: `${name}-fn`,
      event: ev(name),
      retries: 1,
      timeoutSeconds: 0.2,
      handler: async () => {
        calls++;
        if (calls === 1) await new Promise((resolve) => setTimeout(resolve, 2_000)); // hangs past the timeout
      },
    });
    const { id } = await withTenant({ tenantId: org.id }, (tx) => publishEvent(tx, { event: ev(name), data: {} }));
    await drainUntilSettled(workerWith([job as TenantJob<never>]), org.id, [id]);
    expect(calls).toBe(2);
    const runs = await withTenant({ tenantId: org.id }, (tx) => tx.select().from(jobRuns).where(eq(jobRuns.eventId, id)));
    expect(runs[0]).toMatchObject({ status: "done", attempts: 2 });
  });
});

describe("an abandoned attempt", () => {
  it("cannot record steps once a later attempt holds the event, even on the same worker", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("abandoned");
    let calls = 0;
    let pastLateStep = 0;
    const job = defineJob({
      id: `${name}-fn`,
      event: ev(name),
      retries: 1,
      timeoutSeconds: 1,
      handler: async ({ step }) => {
        const attempt = ++calls;
        await new Promise((resolve) => setTimeout(resolve, attempt === 1 ? 1_300 : 600));
        await step.run("late", async () => `attempt-${attempt}`);
        pastLateStep++;
      },
    });
    const { id } = await withTenant({ tenantId: org.id }, (tx) => publishEvent(tx, { event: ev(name), data: {} }));
    await drainUntilSettled(workerWith([job as TenantJob<never>], "same-worker"), org.id, [id]);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // let the abandoned first attempt run out
    expect(calls).toBe(2);
    expect(pastLateStep).toBe(1);
    const [run] = await withTenant({ tenantId: org.id }, (tx) => tx.select().from(jobRuns).where(eq(jobRuns.eventId, id)));
    expect(run!.steps).toEqual({ late: "attempt-2" });
  });
});
