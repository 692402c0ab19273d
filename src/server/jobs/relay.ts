import { and, eq, inArray, sql } from "drizzle-orm";
import { withTenant } from "../db/tenant";
import { logger } from "../platform/logger";
import { recordOutboxDeliveryLag } from "../platform/metrics";
import { retryDelayMs } from "./runner";
import { outboxEvents } from "./schema";
import { claimEvents } from "./worker";

export type RelaySend = (events: { id: string; name: string; data: Record<string, unknown> }[]) => Promise<unknown>;

export type RelayOptions = {
  workerId: string;
  leaseSeconds: number;
  batchSize: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  send: RelaySend;
};

/**
 * Sends a batch of due outbox events to Inngest with the outbox id as event id (so a
 * resend after a crash is deduplicated by Inngest), then marks them sent. When Inngest
 * is unreachable the events go back to pending with a backoff: never dropped, never dead.
 */
export async function relayOnce(options: RelayOptions): Promise<{ claimed: number; sent: number }> {
  const claimed = await claimEvents(options.workerId, options.leaseSeconds, options.batchSize);
  if (claimed.length === 0) return { claimed: 0, sent: 0 };
  const claimedAt = performance.now();
  let delivered = false;
  let failure = "";
  try {
    await options.send(claimed.map((event) => ({ id: event.id, name: event.name, data: { ...event.payload, tenantId: event.tenantId } })));
    delivered = true;
    const sendSeconds = (performance.now() - claimedAt) / 1000;
    for (const event of claimed) if (event.ageSeconds !== undefined) recordOutboxDeliveryLag(event.ageSeconds + sendSeconds);
  } catch (error) {
    // Kept on each event (with its attempt count) so an operator sees why it is still pending.
    failure = `Inngest unreachable: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
    logger.warn({ err: error, events: claimed.length }, "Inngest unreachable; events stay in the outbox and are retried");
  }
  const byTenant = new Map<string, typeof claimed>();
  for (const event of claimed) byTenant.set(event.tenantId, [...(byTenant.get(event.tenantId) ?? []), event]);
  for (const [tenantId, events] of byTenant) {
    await withTenant({ tenantId }, async (tx) => {
      const mine = and(
        inArray(
          outboxEvents.id,
          events.map((event) => event.id),
        ),
        eq(outboxEvents.lockedBy, options.workerId),
        eq(outboxEvents.status, "running"),
      );
      if (delivered) {
        await tx
          .update(outboxEvents)
          .set({ status: "sent", lockedBy: null, lockedUntil: null, lastError: null, finishedAt: sql`now()`, updatedAt: sql`now()` })
          .where(mine);
      } else {
        for (const event of events) {
          await tx
            .update(outboxEvents)
            .set({
              status: "pending",
              lockedBy: null,
              lockedUntil: null,
              lastError: failure,
              runAfter: sql`now() + make_interval(secs => ${retryDelayMs(event.attempts, options) / 1000})`,
              updatedAt: sql`now()`,
            })
            .where(and(mine, eq(outboxEvents.id, event.id)));
        }
      }
    });
  }
  return { claimed: claimed.length, sent: delivered ? claimed.length : 0 };
}

/** The relay loop used when Inngest is configured. */
export function startRelay(options: RelayOptions & { pollMs: number }): { stop(): Promise<void> } {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      let claimed = 0;
      try {
        claimed = (await relayOnce(options)).claimed;
      } catch (error) {
        logger.warn({ err: error }, "outbox relay round failed; retrying");
      }
      if (claimed === 0) await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    }
  })();
  logger.info({ workerId: options.workerId }, "outbox relay to Inngest started");
  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
