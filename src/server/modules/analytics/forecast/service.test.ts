import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cashBooks } from "../../../../test/accounting/books";
import { LimitReached } from "../../../platform/errors";
import { createProduct } from "../../inventory/catalog/products";
import { defaultWarehouseId } from "../../inventory/catalog/warehouses";
import { receiveStock, shipStock } from "../../inventory/stock/stock";
import { setCurrentPlan } from "../../orgs/limits";
import type { ForecastPoint } from "../schema";
import { addMonths, monthsBetween } from "../series/calendar";
import { reorderSuggestions, suggestReorder } from "./reorder";
import { FORECAST_HORIZON, listForecasts, refreshForecasts, type TenantRunner } from "./service";

/* Stored forecasts: fitted, stored, re-read, not refitted when nothing changed, behind the plan's forecasting feature. */

const TODAY = "2026-03-15";

/** A tenant with 26 months of seasonal cash sales (Jan 2024 … Feb 2026) and a product shipped every month. */
async function seasonalBooks() {
  const { org, actor, run, sale } = await cashBooks();
  const months = monthsBetween("2024-01-01", "2026-02-01");
  for (const [i, month] of months.entries()) await sale(`${month.slice(0, 8)}15`, String(Math.round(10_000 * (1 + 0.5 * Math.sin((2 * Math.PI * i) / 12)) + 37 * i)));
  const productId = await run(async (tx) => {
    const warehouseId = await defaultWarehouseId(tx);
    const product = await createProduct(tx, actor, { sku: "GADGET", name: "Gadget" });
    await receiveStock(tx, actor, { productId: product.id, warehouseId, quantity: "5000", unitCost: "100", effectiveAt: "2023-12-01T00:00:00Z" });
    for (const [i, month] of months.entries()) {
      await shipStock(tx, actor, { productId: product.id, warehouseId, quantity: String(100 + 40 * ((i % 12) >= 9 ? 1 : 0) + 3 * ((i * 7) % 5)), effectiveAt: `${month.slice(0, 8)}10T12:00:00Z` });
    }
    return product.id;
  });
  return { org, run, sale, productId };
}

const plan = (run: TenantRunner, name: "free" | "pro") => run((tx) => setCurrentPlan(tx, name));

describe("stored forecasts", () => {
  it("refuses on Free (refresh and list), and the reorder suggestions say they are off", async () => {
    const { run } = await seasonalBooks();
    await expect(refreshForecasts(run, { today: TODAY })).rejects.toBeInstanceOf(LimitReached);
    await expect(run((tx) => listForecasts(tx))).rejects.toThrow(/Forecasting is not included in your Free plan/);
    expect(await run((tx) => reorderSuggestions(tx, { today: TODAY }))).toEqual({ enabled: false, leadTimeDays: 14 });
    expect(await run((tx) => tx.execute(sql`select 1 from analytics_forecasts`))).toHaveLength(0);
  });

  it("fits revenue and demand, stores them with intervals and backtest accuracy, and re-reads them; unchanged data is not refitted", async () => {
    const { run, sale, productId } = await seasonalBooks();
    await plan(run, "pro");

    const first = await refreshForecasts(run, { today: TODAY });
    expect(first.fitted.sort()).toEqual([`demand:${productId}`, "revenue:USD"].sort());
    expect(first.unchanged).toBe(0);

    const stored = await run((tx) => listForecasts(tx));
    expect(stored.map((f) => f.seriesKey)).toEqual(["revenue:USD", `demand:${productId}`]);
    const revenue = stored[0]!;
    expect(revenue.history.periods).toEqual(monthsBetween("2024-01-01", "2026-02-01"));
    expect(revenue.points).toHaveLength(FORECAST_HORIZON);
    expect(revenue.points[0]!.period).toBe("2026-03-01");
    expect(revenue.points.at(-1)!.period).toBe(addMonths("2026-03-01", FORECAST_HORIZON - 1));
    for (const p of revenue.points) {
      expect(p.lo95).toBeLessThanOrEqual(p.lo80);
      expect(p.lo80).toBeLessThanOrEqual(p.mean);
      expect(p.mean).toBeLessThanOrEqual(p.hi80);
      expect(p.hi80).toBeLessThanOrEqual(p.hi95);
    }
    expect(revenue.method).toMatch(/^ETS\(|^snaive$|^drift$/);
    expect(revenue.accuracy).toMatchObject({ origins: 6, horizon: 3 });
    expect(revenue.accuracy!.mase).toBeGreaterThan(0);
    expect(revenue.accuracy!.baseline.mase).toBeGreaterThan(0);
    expect(Number.isFinite(revenue.accuracy!.smape)).toBe(true);

    // Nothing changed: nothing refitted, the stored rows untouched.
    const second = await refreshForecasts(run, { today: TODAY });
    expect(second).toEqual({ fitted: [], unchanged: 2, removed: 0 });
    const again = await run((tx) => listForecasts(tx));
    expect(again.map((f) => f.fittedAt.getTime())).toEqual(stored.map((f) => f.fittedAt.getTime()));

    // A late sale in a past month changes revenue only.
    await sale("2025-11-20", "5000");
    expect(await refreshForecasts(run, { today: TODAY })).toMatchObject({ fitted: ["revenue:USD"], unchanged: 1 });

    // Back on Free: the stored forecasts are not served.
    await plan(run, "free");
    await expect(run((tx) => listForecasts(tx))).rejects.toBeInstanceOf(LimitReached);
  });

  it("suggests a reorder for the forecast product from its stored demand forecast", async () => {
    const { run, productId } = await seasonalBooks();
    await plan(run, "pro");
    await refreshForecasts(run, { today: TODAY });
    const result = await run((tx) => reorderSuggestions(tx, { today: TODAY }));
    if (!result.enabled) throw new Error("expected suggestions");
    expect(result.suggestions).toHaveLength(1);
    const s = result.suggestions[0]!;
    // 5,000 received, 26 months of ~100–142 shipped: ~2,100 left, far above a 14-day reorder point.
    expect(s).toMatchObject({ productId, leadTimeDays: 14 });
    expect(s.available).toBeGreaterThan(2000);
    expect(s.reorderPoint).toBeGreaterThan(s.demandOverLeadTime);
    expect(s.demandOverLeadTime).toBeGreaterThan(30);
    expect(s.demandOverLeadTime).toBeLessThan(90);
    expect(s.orderBy === null || s.orderBy > TODAY).toBe(true);
  });
});

describe("short histories", () => {
  it("makes no forecast from one complete month, and a naive one from two, saying the accuracy needs more", async () => {
    const { run, sale } = await cashBooks();
    await plan(run, "pro");
    await sale("2026-02-10", "900");
    expect(await refreshForecasts(run, { today: TODAY })).toEqual({ fitted: [], unchanged: 0, removed: 0 });
    await sale("2026-01-10", "900");
    expect((await refreshForecasts(run, { today: TODAY })).fitted).toHaveLength(1);
    const [revenue] = await run((tx) => listForecasts(tx));
    expect(revenue).toMatchObject({ method: "naive", accuracy: null });
    expect(revenue!.notes.join(" ")).toMatch(/accuracy is measured once there are 15 months of history \(there are 2\)/);
  });
});

describe("suggestReorder", () => {
  // 10 units a day whatever the month's length; the 95% upper end 2 a day above.
  const months = ["2026-04-01", "2026-05-01", "2026-06-01"];
  const days = [30, 31, 30];
  const points: ForecastPoint[] = months.map((period, i) => ({ period, mean: 10 * days[i]!, lo80: 0, hi80: 11 * days[i]!, lo95: 0, hi95: 12 * days[i]! }));

  it("orders when the stock less the daily demand reaches demand over the lead time plus safety stock", () => {
    const s = suggestReorder(points, 500, "2026-04-01", 14);
    expect(s.demandOverLeadTime).toBeCloseTo(140, 9);
    expect(s.safetyStock).toBeCloseTo(28, 9);
    expect(s.reorderPoint).toBeCloseTo(168, 9);
    // 500 − 10·34 = 160 ≤ 168 (day 33: 170 > 168): order on 5 May.
    expect(s.orderBy).toBe("2026-05-05");
    // Cover 14 + 30 days (440) plus the safety stock (28) less the 160 left then.
    expect(s.suggestedQuantity).toBe(308);
  });

  it("orders today when already at or below the reorder point, and not at all when the stock outlasts the forecast", () => {
    expect(suggestReorder(points, 100, "2026-04-01", 14)).toMatchObject({ orderBy: "2026-04-01", suggestedQuantity: 440 + 28 - 100 });
    expect(suggestReorder(points, 10_000, "2026-04-01", 14)).toMatchObject({ orderBy: null, suggestedQuantity: 0 });
  });
});
