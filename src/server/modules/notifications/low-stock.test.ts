import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant } from "../../db/tenant";
import { runJobOn, tenantEvents } from "../../jobs/testing";
import { crmTeam } from "../../../test/crm/team";
import { stockedProduct } from "../../../test/inventory/stocked";
import { publishLowStock } from "../inventory/alerts";
import { LOW_STOCK } from "../inventory/events";
import { memberGateForJobs } from "../orgs/service";
import { notifyLowStockJob } from "./jobs";
import { notifications } from "./schema";
import { listNotifications } from "./service";
import { notificationPath } from "./validation";

const notificationsOf = (tenantId: string, userId: string) => withTenant({ tenantId }, (tx) => tx.select().from(notifications).where(eq(notifications.userId, userId)));

async function runAll(tenantId: string, times = 1) {
  const results: unknown[] = [];
  for (let i = 0; i < times; i++) for (const e of await tenantEvents(tenantId, LOW_STOCK)) results.push(await runJobOn(notifyLowStockJob, tenantId, e, memberGateForJobs, i + 1));
  return results;
}

describe("stock low", () => {
  it("tells the admins and owners once a day, not members or viewers, linking to the low-stock page", async () => {
    const { org, owner, people } = await crmTeam("admin", "member", "viewer");
    const [admin, member, viewer] = people as [(typeof people)[number], (typeof people)[number], (typeof people)[number]];
    await stockedProduct(org.id, owner.actor, { name: "Widget", sku: "W-1", onHand: "2", reorderPoint: "5" });
    await stockedProduct(org.id, owner.actor, { name: "Gadget", sku: "G-1", reorderPoint: "1" });

    const now = new Date("2026-03-10T12:00:00Z");
    await withTenant({ tenantId: org.id }, (tx) => publishLowStock(tx, now));
    await runAll(org.id, 2); // the second run is a retry
    // The schedule running again the same day publishes nothing, and a repeated event writes nothing either.
    expect(await withTenant({ tenantId: org.id }, (tx) => publishLowStock(tx, now))).toBe(false);

    for (const who of [owner, admin]) {
      expect(await notificationsOf(org.id, who.id)).toEqual([
        expect.objectContaining({
          kind: "stock_low",
          title: "2 products are low on stock",
          body: "Widget (W-1) in Main warehouse: 2 pcs available, reorder point 5; Gadget (G-1) in Main warehouse: 0 pcs available, reorder point 1",
          entityType: "inventory.low_stock",
          entityId: null,
          actorId: null,
        }),
      ]);
    }
    expect(await notificationsOf(org.id, member.id)).toEqual([]);
    expect(await notificationsOf(org.id, viewer.id)).toEqual([]);

    // The bell links it to the page, available to the recipient.
    const listed = await admin.run((tx) => listNotifications(tx, admin.actor, {}));
    expect(listed.items).toEqual([expect.objectContaining({ kind: "stock_low", available: true })]);
    expect(notificationPath(org.slug, "inventory.low_stock", null)).toBe(`/t/${org.slug}/inventory/low-stock`);

    // The next day: told again.
    await withTenant({ tenantId: org.id }, (tx) => publishLowStock(tx, new Date("2026-03-11T12:00:00Z")));
    await runAll(org.id);
    expect(await notificationsOf(org.id, admin.id)).toHaveLength(2);
    expect(await notificationsOf(org.id, member.id)).toEqual([]);
  });
});
