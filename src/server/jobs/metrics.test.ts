import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createTenant } from "../../test/fixtures";
import { metricValue } from "../../test/metrics";
import { withTenant } from "../db/tenant";
import { metricsRegistry, setOutboxMetricsSource } from "../platform/metrics";
import { defineJob, PermanentJobError } from "./define";
import { installOutboxMetrics } from "./metrics";
import { publishEvent } from "./publish";
import { relayOnce } from "./relay";
import { outboxEvents } from "./schema";
import { drainUntilSettled, ev, FAST, uniqueEvent, workerWith } from "./testing";

installOutboxMetrics();
afterAll(() => setOutboxMetricsSource(null));

const pendingGauge = () => metricValue("neuroops_outbox_events", { status: "pending" });
const deadGauge = () => metricValue("neuroops_outbox_events", { status: "dead" });

describe("outbox gauges, read at scrape time", () => {
  it("count a pending and a dead event, and show the age of the oldest pending one", async () => {
    const { org } = await createTenant();
    const [pendingBefore, deadBefore] = [await pendingGauge(), await deadGauge()];
    await withTenant({ tenantId: org.id }, async (tx) => {
      await publishEvent(tx, { event: ev(uniqueEvent("metrics-pending")), data: {} });
      const { id } = await publishEvent(tx, { event: ev(uniqueEvent("metrics-dead")), data: {} });
      // Created two hours ago: older than anything else this file's database holds.
      await tx.update(outboxEvents).set({ createdAt: sql`now() - interval '2 hours'` }).where(sql`${outboxEvents.status} = 'pending' and ${outboxEvents.id} <> ${id}`);
      await tx.update(outboxEvents).set({ status: "dead", finishedAt: sql`now()` }).where(eq(outboxEvents.id, id));
    });
    expect(await pendingGauge()).toBe(pendingBefore + 1);
    expect(await deadGauge()).toBe(deadBefore + 1);
    const age = await metricValue("neuroops_outbox_oldest_pending_age_seconds");
    expect(age).toBeGreaterThanOrEqual(7200);
    expect(age).toBeLessThan(7200 + 600);
  });

  it("keeps the last values and still answers when the figures cannot be read", async () => {
    const pending = await pendingGauge();
    setOutboxMetricsSource(() => Promise.reject(new Error("connection refused")));
    try {
      const text = await metricsRegistry.metrics();
      expect(text).toContain(`neuroops_outbox_events{status="pending"} ${pending}`);
    } finally {
      installOutboxMetrics();
    }
  });
});

describe("the worker's metrics", () => {
  it("counts job runs by result and observes each event's delivery lag", async () => {
    const { org } = await createTenant();
    const name = uniqueEvent("metrics-jobs");
    const okJob = defineJob({ id: `metrics-ok-${name}`, event: ev(name), retries: 0, async handler() {} });
    const badJob = defineJob({
      id: `metrics-bad-${name}`,
      event: ev(name),
      retries: 0,
      async handler() {
        throw new PermanentJobError("never works");
      },
    });
    const lagBefore = await metricValue("neuroops_outbox_delivery_lag_seconds_count");
    const { id } = await withTenant({ tenantId: org.id }, (tx) => publishEvent(tx, { event: ev(name), data: {} }));
    await drainUntilSettled(workerWith([okJob, badJob]), org.id, [id]);
    expect(await metricValue("neuroops_job_runs_total", { job: okJob.id, result: "succeeded" })).toBe(1);
    expect(await metricValue("neuroops_job_runs_total", { job: badJob.id, result: "dead" })).toBe(1);
    expect(await metricValue("neuroops_job_runs_total", { job: badJob.id, result: "failed" })).toBe(0);
    // At least this event (the drain may also have started others of this database).
    expect(await metricValue("neuroops_outbox_delivery_lag_seconds_count")).toBeGreaterThanOrEqual(lagBefore + 1);
  });
});

describe("the relay's metrics", () => {
  it("observes the delivery lag of events Inngest took, not of events it could not reach", async () => {
    const { org } = await createTenant();
    await withTenant({ tenantId: org.id }, (tx) => publishEvent(tx, { event: ev(uniqueEvent("metrics-relay")), data: {} }));
    const lagCount = () => metricValue("neuroops_outbox_delivery_lag_seconds_count");
    const options = { ...FAST, backoffBaseMs: 0, backoffMaxMs: 0, workerId: "relay-metrics" };
    const before = await lagCount();
    const failed = await relayOnce({ ...options, send: () => Promise.reject(new Error("Inngest unreachable")) });
    expect(failed.claimed).toBeGreaterThanOrEqual(1);
    expect(await lagCount()).toBe(before);
    const sent = await relayOnce({ ...options, send: async () => {} });
    expect(sent.sent).toBeGreaterThanOrEqual(1);
    expect(await lagCount()).toBe(before + sent.sent);
  });
});
