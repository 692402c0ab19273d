import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTenant, inTenant } from "../../../test/fixtures";
import { withTenant } from "../../db/tenant";
import { Conflict, NotFound } from "../../platform/errors";
import { listAuditEntries } from "../audit/service";
import { defineEvent } from "../../jobs/events";
import { publishEvent } from "../../jobs/publish";
import { outboxEvents } from "../../jobs/schema";
import { countEventsByStatus, listRecentEvents, queueCounts, retryDeadEvent, sendTestEvent } from "./service";

async function deadEvent(tenantId: string) {
  return withTenant({ tenantId }, async (tx) => {
    const { id } = await publishEvent(tx, { event: defineEvent("test/dead"), data: {} });
    await tx.update(outboxEvents).set({ status: "dead", attempts: 5, lastError: "boom" }).where(eq(outboxEvents.id, id));
    return id;
  });
}

describe("jobs page service", () => {
  it("retries a dead event with fresh attempts and audits it", async () => {
    const { org, owner } = await createTenant();
    const id = await deadEvent(org.id);
    await withTenant({ tenantId: org.id, userId: owner.id }, (tx) => retryDeadEvent(tx, id));
    const [row] = await inTenant(org.id, (tx) => tx.select().from(outboxEvents).where(eq(outboxEvents.id, id)));
    expect(row).toMatchObject({ status: "pending", attempts: 0 });
    const audit = await inTenant(org.id, (tx) => listAuditEntries(tx, { entityType: "outbox_event" }));
    expect(audit.items[0]).toMatchObject({ action: "job.retried", entityId: id, actorUserId: owner.id });
  });

  it("refuses to retry an event that is not dead, and an unknown one", async () => {
    const { org } = await createTenant();
    const pending = await inTenant(org.id, (tx) => publishEvent(tx, { event: defineEvent("test/pending"), data: {} }));
    await expect(inTenant(org.id, (tx) => retryDeadEvent(tx, pending.id))).rejects.toBeInstanceOf(Conflict);
    await expect(inTenant(org.id, (tx) => retryDeadEvent(tx, crypto.randomUUID()))).rejects.toBeInstanceOf(NotFound);
  });

  it("lists recent events newest first with cursor pagination and a status filter", async () => {
    const { org, owner } = await createTenant();
    for (let i = 0; i < 3; i++) await withTenant({ tenantId: org.id, userId: owner.id }, (tx) => sendTestEvent(tx, owner.id));
    await deadEvent(org.id);
    const first = await inTenant(org.id, (tx) => listRecentEvents(tx, { limit: 2 }));
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const rest = await inTenant(org.id, (tx) => listRecentEvents(tx, { limit: 10, cursor: first.nextCursor! }));
    expect(rest.items).toHaveLength(2);
    const dead = await inTenant(org.id, (tx) => listRecentEvents(tx, { status: "dead" }));
    expect(dead.items.map((e) => e.name)).toEqual(["test/dead"]);
    expect(await inTenant(org.id, (tx) => countEventsByStatus(tx))).toMatchObject({ pending: 3, dead: 1, done: 0 });
    const global = await queueCounts();
    expect(global.pending).toBeGreaterThanOrEqual(3);
    expect(global.dead).toBeGreaterThanOrEqual(1);
  });
});

describe("jobs list pagination", () => {
  it("pages through events published in one transaction without skipping any", async () => {
    const { org } = await createTenant();
    await withTenant({ tenantId: org.id }, async (tx) => {
      for (let i = 0; i < 7; i++) await publishEvent(tx, { event: defineEvent(`test/same-tx-${i}`), data: {} });
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await inTenant(org.id, (tx) => listRecentEvents(tx, { limit: 3, cursor }));
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });
});
