import { describe, expect, it } from "vitest";
import { cashBooks } from "../../../../test/accounting/books";
import { setCurrentPlan } from "../../orgs/limits";
import { scanAllTenants } from "../anomalies/jobs";
import { addDays, addMonths } from "../series/calendar";
import { forecastAllTenants } from "./jobs";

/* The scheduled runs: forecasts only for tenants whose plan has forecasting, nothing refitted when nothing changed; the scan visits active tenants. */

async function tenantWithSales(plan: "free" | "pro") {
  const { org, run, sales } = await cashBooks();
  await run((tx) => setCurrentPlan(tx, plan));
  const today = new Date().toISOString().slice(0, 10);
  await sales([addDays(addMonths(today, -3), 4), addDays(addMonths(today, -2), 4), addDays(addMonths(today, -1), 4), addDays(today, -1)].map((date) => ({ date, minor: "1200" })));
  return org.id;
}

describe("scheduled analytics runs", () => {
  it("refits forecasts for tenants with forecasting only, and nothing the second time", async () => {
    await tenantWithSales("free");
    await tenantWithSales("pro");
    const first = await forecastAllTenants();
    expect(first).toMatchObject({ tenants: 2, refreshed: 1, fitted: 1 });
    expect(await forecastAllTenants()).toMatchObject({ tenants: 2, refreshed: 1, fitted: 0 });

    // The scan visits both (anomalies are on every plan); four sales days in three months are too sparse to scan: nothing flagged.
    expect(await scanAllTenants()).toEqual({ tenants: 2, stored: 0, announced: 0 });
  });
});
