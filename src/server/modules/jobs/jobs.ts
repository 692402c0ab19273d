import { runtimeSql } from "../../db/client";
import { defineCron, defineJob } from "../../jobs/define";
import { defineEvent } from "../../jobs/events";

export const TEST_PING_EVENT = defineEvent<{ requestedBy?: string }>("jobs/test.ping");

/** The Jobs page's "Send a test event": proves delivery end to end, in either mode. */
export const testPingJob = defineJob({
  id: "jobs-test-ping",
  event: TEST_PING_EVENT,
  retries: 2,
  async handler({ event, step, logger }) {
    const receivedAt = await step.run("receive", async () => new Date().toISOString());
    logger.info("test event received", { requestedBy: event.data.requestedBy, receivedAt });
    return { receivedAt };
  },
});

export const OUTBOX_RETENTION_DAYS = 30;

/** Daily: deletes delivered outbox events older than the retention period (dead ones stay until retried). */
export const pruneOutboxJob = defineCron({
  id: "jobs-prune-outbox",
  cron: "17 3 * * *",
  async handler({ step, logger }) {
    const deleted = await step.run("prune", async () => {
      const [row] = await runtimeSql()<{ n: string }[]>`select neuroops_prune_outbox(${OUTBOX_RETENTION_DAYS})::text as n`;
      return Number(row?.n ?? 0);
    });
    logger.info("pruned delivered outbox events", { deleted, keepDays: OUTBOX_RETENTION_DAYS });
    return { deleted };
  },
});
