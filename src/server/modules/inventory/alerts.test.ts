import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant, type Actor } from "../../db/tenant";
import { tenantEvents } from "../../jobs/testing";
import { createTenant } from "../../../test/fixtures";
import { stockedProduct } from "../../../test/inventory/stocked";
import { tenants } from "../orgs/schema";
import { announceLowStock, LOW_STOCK_ALERT_LINES, publishLowStock } from "./alerts";
import { LOW_STOCK } from "./events";

async function ownerTenant() {
  const { org, owner } = await createTenant();
  const actor: Actor = { userId: owner.id, role: "owner" };
  return { tenantId: org.id, actor };
}

describe("low-stock alerts", () => {
  it("publishes exactly the products at or below their reorder point, lowest first", async () => {
    const { tenantId, actor } = await ownerTenant();
    await stockedProduct(tenantId, actor, { name: "Below", sku: "BELOW", onHand: "3", reorderPoint: "5" });
    await stockedProduct(tenantId, actor, { name: "Reserved away", sku: "RESERVED", onHand: "10", reserved: "6", reorderPoint: "5" }); // 4 available
    await stockedProduct(tenantId, actor, { name: "At the point", sku: "AT", onHand: "2", reorderPoint: "2" });
    await stockedProduct(tenantId, actor, { name: "Never received", sku: "NEVER", reorderPoint: "1" }); // no level row: 0 available
    await stockedProduct(tenantId, actor, { name: "Plenty", sku: "PLENTY", onHand: "10", reorderPoint: "5" });
    await stockedProduct(tenantId, actor, { name: "No rule", sku: "NORULE" });
    await stockedProduct(tenantId, actor, { name: "Inactive", sku: "INACTIVE", reorderPoint: "5", active: false });

    const result = await announceLowStock(new Date("2026-03-10T12:00:00Z"));
    expect(result.published).toBeGreaterThanOrEqual(1);
    const events = await tenantEvents(tenantId, LOW_STOCK);
    expect(events).toHaveLength(1);
    const { day, products, total } = events[0]!.data;
    expect(day).toBe("2026-03-10");
    expect(total).toBe(4);
    // Ordered by available − point: BELOW −2, NEVER −1, RESERVED −1, AT 0 (ties by SKU).
    expect(products.map((p) => [p.sku, p.available, p.reorderPoint])).toEqual([
      ["BELOW", "3", "5"],
      ["NEVER", "0", "1"],
      ["RESERVED", "4", "5"],
      ["AT", "2", "2"],
    ]);
  });

  it("publishes once per tenant per day, in the organization's time zone, however often it runs", async () => {
    const { tenantId, actor } = await ownerTenant();
    await withTenant({ tenantId }, (tx) => tx.update(tenants).set({ timeZone: "Pacific/Auckland" }).where(eq(tenants.id, tenantId)));
    await stockedProduct(tenantId, actor, { name: "Low", onHand: "1", reorderPoint: "5" });
    // 12:00 UTC on 10 March is the evening of 11 March in Auckland (UTC+13).
    const now = new Date("2026-03-10T12:00:00Z");
    await announceLowStock(now);
    await announceLowStock(now);
    expect(await withTenant({ tenantId }, (tx) => publishLowStock(tx, new Date("2026-03-10T20:00:00Z")))).toBe(false); // still the 11th there
    expect((await tenantEvents(tenantId, LOW_STOCK)).map((e) => e.data.day)).toEqual(["2026-03-11"]);

    expect(await withTenant({ tenantId }, (tx) => publishLowStock(tx, new Date("2026-03-11T12:00:00Z")))).toBe(true);
    expect((await tenantEvents(tenantId, LOW_STOCK)).map((e) => e.data.day)).toEqual(["2026-03-11", "2026-03-12"]);
  });

  it("publishes nothing for a tenant without low stock", async () => {
    const { tenantId, actor } = await ownerTenant();
    await stockedProduct(tenantId, actor, { name: "Plenty", onHand: "10", reorderPoint: "5" });
    await announceLowStock(new Date("2026-03-10T12:00:00Z"));
    expect(await tenantEvents(tenantId, LOW_STOCK)).toEqual([]);
  });

  it("carries at most LOW_STOCK_ALERT_LINES products and says how many there are in all", async () => {
    const { tenantId, actor } = await ownerTenant();
    for (let i = 0; i < LOW_STOCK_ALERT_LINES + 2; i++) await stockedProduct(tenantId, actor, { name: `P${i}`, reorderPoint: "1" });
    expect(await withTenant({ tenantId }, (tx) => publishLowStock(tx, new Date("2026-03-10T12:00:00Z")))).toBe(true);
    const [event] = await tenantEvents(tenantId, LOW_STOCK);
    expect(event!.data.products).toHaveLength(LOW_STOCK_ALERT_LINES);
    expect(event!.data.total).toBe(LOW_STOCK_ALERT_LINES + 2);
  });
});
