import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cashBooks as books } from "../../../../test/accounting/books";
import { withTenant } from "../../../db/tenant";
import { incomeStatement } from "../../accounting/reports";
import { createProduct } from "../../inventory/catalog/products";
import { defaultWarehouseId } from "../../inventory/catalog/warehouses";
import { receiveStock, shipStock } from "../../inventory/stock/stock";
import { tenants } from "../../orgs/schema";
import { dailyAccountSeries, dailyFinanceSeries, monthlyFinanceSeries, productDemandSeries } from "./series";

/* The analytics series equal what accounting's income statement and inventory's ledger say. */

describe("analytics series", () => {
  it("monthly revenue and expenses per currency are the income statement's month columns, zero-filled, the current month left out", async () => {
    const { run, sale, expense } = await books();
    await sale("2026-01-15", "1000");
    await sale("2026-01-31", "250.5");
    await sale("2026-03-02", "4000");
    await sale("2026-03-20", "70", "EUR");
    await expense("2026-02-10", "300");
    await sale("2026-04-03", "999"); // the current month (today 2026-04-10): not in the history

    const series = await run((tx) => monthlyFinanceSeries(tx, { today: "2026-04-10", months: 6 }));
    const byKey = Object.fromEntries(series.map((s) => [s.key, s]));
    expect(Object.keys(byKey).sort()).toEqual(["expenses:USD", "revenue:EUR", "revenue:USD"]);
    expect(byKey["revenue:USD"]).toMatchObject({ periods: ["2026-01-01", "2026-02-01", "2026-03-01"], values: [1250.5, 0, 4000] });
    expect(byKey["expenses:USD"]).toMatchObject({ periods: ["2026-02-01", "2026-03-01"], values: [300, 0] });
    expect(byKey["revenue:EUR"]).toMatchObject({ periods: ["2026-03-01"], values: [70] });

    const pl = await run((tx) => incomeStatement(tx, { from: "2026-01-01", to: "2026-03-31", columns: "month" }));
    for (const total of pl.totalIncome) expect(byKey[`revenue:${total.currency}`]!.values.slice(-total.columns.length).reduce((a, b) => a + b, 0)).toBe(Number(total.amount));
    for (const total of pl.totalExpenses) {
      const months = total.columns.map(Number);
      expect(byKey[`expenses:${total.currency}`]!.values).toEqual(months.slice(months.length - byKey[`expenses:${total.currency}`]!.values.length));
    }
  });

  it("daily revenue and expenses add up to the income statement over the same days; per-account activity only for busy accounts", async () => {
    const { run, sale, expense, id } = await books();
    const days = ["2026-03-01", "2026-03-02", "2026-03-04", "2026-03-09"];
    for (const [i, day] of days.entries()) await sale(day, String(100 * (i + 1)));
    await expense("2026-03-04", "40");
    await sale("2026-03-10", "5000"); // today: left out

    const series = await run((tx) => dailyFinanceSeries(tx, { today: "2026-03-10", days: 30 }));
    const revenue = series.find((s) => s.key === "revenue:USD")!;
    expect(revenue.dates[0]).toBe("2026-03-01");
    expect(revenue.dates.at(-1)).toBe("2026-03-09");
    expect(revenue.values).toEqual([100, 200, 0, 300, 0, 0, 0, 0, 400]);
    const pl = await run((tx) => incomeStatement(tx, { from: "2026-03-01", to: "2026-03-09" }));
    expect(revenue.values.reduce((a, b) => a + b, 0)).toBe(Number(pl.totalIncome[0]!.amount));
    expect(series.find((s) => s.key === "expenses:USD")!.values.reduce((a, b) => a + b, 0)).toBe(Number(pl.totalExpenses[0]!.amount));

    const accounts = await run((tx) => dailyAccountSeries(tx, { today: "2026-03-10", days: 30, minDays: 4 }));
    // Cash and sales were used on 4 days, bank fees on one.
    expect(accounts.map((s) => s.account!.id).sort()).toEqual([id("cash"), id("sales")].sort());
    const cash = accounts.find((s) => s.account!.id === id("cash"))!;
    expect(cash.values.reduce((a, b) => a + b, 0)).toBe(100 + 200 + 300 + 400 + 40);
  });

  it("product demand per month is the units shipped for sales, in the organization's time zone", async () => {
    const { org, actor, run } = await books();
    await withTenant({ tenantId: org.id }, (tx) => tx.update(tenants).set({ timeZone: "Pacific/Auckland" }).where(eq(tenants.id, org.id)));
    const { productId, quiet } = await run(async (tx) => {
      const warehouseId = await defaultWarehouseId(tx);
      const product = await createProduct(tx, actor, { sku: "WID-1", name: "Widget" });
      const other = await createProduct(tx, actor, { sku: "QUIET-1", name: "Quiet" });
      await receiveStock(tx, actor, { productId: product.id, warehouseId, quantity: "1000", unitCost: "100", effectiveAt: "2025-12-01T00:00:00Z" });
      await receiveStock(tx, actor, { productId: other.id, warehouseId, quantity: "10", unitCost: "100", effectiveAt: "2025-12-01T00:00:00Z" });
      const ship = (quantity: string, at: string, referenceId?: string) =>
        shipStock(tx, actor, { productId: product.id, warehouseId, quantity, effectiveAt: at, ...(referenceId ? { referenceType: "accounting.document", referenceId } : {}) });
      await ship("5", "2026-01-10T10:00:00Z");
      // 2026-01-31 13:00 UTC is 1 February in Auckland.
      await ship("7", "2026-01-31T13:00:00Z");
      await ship("3", "2026-02-20T10:00:00Z", "inv-1");
      // The invoice voided: its units come back and are no demand.
      await receiveStock(tx, actor, { productId: product.id, warehouseId, quantity: "3", unitCost: "100", effectiveAt: "2026-02-21T10:00:00Z", referenceType: "accounting.document", referenceId: "inv-1:void" });
      await ship("11", "2026-03-05T10:00:00Z");
      await ship("2", "2026-03-01T10:00:00Z").then(() => undefined);
      await shipStock(tx, actor, { productId: other.id, warehouseId, quantity: "1", effectiveAt: "2026-02-02T10:00:00Z" });
      return { productId: product.id, quiet: other.id };
    });

    const series = await run((tx) => productDemandSeries(tx, { today: "2026-04-02", months: 6 }));
    expect(series.map((s) => s.key)).toEqual([`demand:${productId}`, `demand:${quiet}`]);
    const widget = series[0]!;
    expect(widget.product).toMatchObject({ sku: "WID-1", unit: "pcs" });
    expect(widget.periods).toEqual(["2026-01-01", "2026-02-01", "2026-03-01"]);
    expect(widget.values).toEqual([5, 7, 13]);
    // The same units as the ledger's shipments less the voided sale's return.
    expect(widget.values.reduce((a, b) => a + b, 0)).toBe(5 + 7 + 3 - 3 + 11 + 2);
  });
});
