import { and, eq, inArray, sql } from "drizzle-orm";
import { withTenant } from "../db/tenant";
import { logger } from "../platform/logger";
import { outboxEvents } from "./schema";

type LeasedEvent = { tenantId: string; id: string };

/**
 * The leases of one claimed batch, kept alive by ONE timer for the whole batch (not one
 * per event): events waiting behind a slow job keep theirs too. Knows, by the local
 * clock, until when each lease surely holds, so the worker never starts a handler whose
 * event another worker may already have taken.
 */
export class BatchLease {
  private readonly until = new Map<string, { tenantId: string; ms: number }>();
  private readonly timer: NodeJS.Timeout;
  private readonly marginMs: number;

  /** `claimSentAt`: local time the claim was sent (the database's lease starts later). */
  constructor(
    events: LeasedEvent[],
    private readonly workerId: string,
    private readonly leaseSeconds: number,
    claimSentAt: number,
  ) {
    const leaseMs = leaseSeconds * 1000;
    this.marginMs = Math.min(5_000, leaseMs / 10);
    for (const event of events) this.until.set(event.id, { tenantId: event.tenantId, ms: claimSentAt + leaseMs });
    this.timer = setInterval(() => void this.renew(), Math.max(1_000, leaseMs / 3));
    this.timer.unref();
  }

  /** True while the event's lease surely holds for a while yet. */
  holds(eventId: string): boolean {
    const lease = this.until.get(eventId);
    return lease !== undefined && Date.now() < lease.ms - this.marginMs;
  }

  /** The event is settled (or given up): stop renewing it. */
  release(eventId: string): void {
    this.until.delete(eventId);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Extends the leases still held, one statement per tenant; forgets those lost. */
  private async renew(): Promise<void> {
    const byTenant = new Map<string, string[]>();
    for (const [id, lease] of this.until) byTenant.set(lease.tenantId, [...(byTenant.get(lease.tenantId) ?? []), id]);
    for (const [tenantId, ids] of byTenant) {
      const sentAt = Date.now();
      try {
        const held = await withTenant({ tenantId }, (tx) =>
          tx
            .update(outboxEvents)
            .set({ lockedUntil: sql`now() + make_interval(secs => ${this.leaseSeconds})` })
            .where(and(inArray(outboxEvents.id, ids), eq(outboxEvents.lockedBy, this.workerId), eq(outboxEvents.status, "running")))
            .returning({ id: outboxEvents.id }),
        );
        const renewed = new Set(held.map((row) => row.id));
        for (const id of ids) {
          const lease = this.until.get(id);
          if (!lease) continue; // released meanwhile
          if (renewed.has(id)) lease.ms = sentAt + this.leaseSeconds * 1000;
          else this.until.delete(id);
        }
      } catch (error) {
        logger.warn({ err: error, tenantId, events: ids.length }, "lease heartbeat failed");
      }
    }
  }
}
