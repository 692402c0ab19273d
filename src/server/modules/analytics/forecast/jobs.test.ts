import { describe, expect, it } from "vitest";
import { createTenant } from "../../../../test/fixtures";
import { withTenant, type Actor } from "../../../db/tenant";
import { listAccounts } from "../../accounting/accounts";
import { createDraft, postEntry } from "../../accounting/entries";
import { setCurrentPlan } from "../../orgs/limits";
import { scanAllTenants } from "../anomalies/jobs";
import { addDays, addMonths } from "../series/calendar";
import { forecastAllTenants } from "./jobs";

/* The scheduled runs: forecasts only for tenants whose plan has forecasting, nothing refitted when nothing changed; the scan visits active tenants. */

async function tenantWithSales(plan: "free" | "pro") {
  const { org, owner } = await createTenant();
  const actor: Actor = { userId: owner.id, role: "owner" };
  const run = <T,>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
  await run((tx) => setCurrentPlan(tx, plan));
  const accounts = await run((tx) => listAccounts(tx));
  const id = (key: string) => accounts.find((a) => a.systemKey === key)!.id;
  const today = new Date().toISOString().slice(0, 10);
  for (const day of [addDays(addMonths(today, -3), 4), addDays(addMonths(today, -2), 4), addDays(addMonths(today, -1), 4), addDays(today, -1)]) {
    await run(async (tx) => postEntry(tx, actor, (await createDraft(tx, actor, { date: day, lines: [{ accountId: id("cash"), debit: "1200" }, { accountId: id("sales"), credit: "1200" }] })).id));
  }
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
