import { expect, test } from "@playwright/test";
import { putDemoBackOnFree, registerOrSignInAdmin, setDemoPlan } from "./admin-account";
import { DEMO, signIn } from "./helpers";

/*
 * Forecasts end to end: on Free the page shows the plan gate; on Pro a recompute fits the demo's
 * series and the page draws each with its 80% and 95% bands and its accuracy next to seasonal
 * naive's. The demo's history may be short (a few weeks of invoices, or two years once the
 * analytics demo seed is in): a short history must be explained on the page, never crash it.
 */

const forecasts = `/t/${DEMO.orgSlug}/analytics/forecasts`;
let demoOnPro = false;

test.describe("analytics forecasts", () => {
  test.afterAll(async ({ browser }) => {
    if (!demoOnPro) return;
    await putDemoBackOnFree(browser);
    demoOnPro = false;
  });

  test("on Free the forecasts page explains forecasting is a paid feature", async ({ page }) => {
    await signIn(page, DEMO.email, DEMO.password);
    await page.goto(forecasts);
    await expect(page.getByRole("heading", { level: 1, name: "Forecasts" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Forecasting is a paid feature" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Recompute" })).toHaveCount(0);
  });

  test("on Pro a recompute draws each forecast with its intervals and its accuracy next to seasonal naive's", async ({ page }) => {
    test.slow(); // two sign-ins and the model fits
    await registerOrSignInAdmin(page);
    demoOnPro = true; // before the change: afterAll must undo it even if the change's answer is lost
    await setDemoPlan(page, "Pro");
    await page.context().clearCookies();
    await signIn(page, DEMO.email, DEMO.password);

    await page.goto(forecasts);
    await expect(page.getByRole("heading", { level: 1, name: "Forecasts" })).toBeVisible();
    await page.getByRole("button", { name: "Recompute" }).click();
    await expect(page.getByRole("status").filter({ hasText: /Refitted \d+ series|Nothing changed since the last fit/ })).toBeVisible({ timeout: 60_000 });

    const cards = page.getByTestId("forecast-card");
    const count = await cards.count();
    if (count === 0) {
      // Not even two complete months of anything: said so, nothing broken.
      await expect(page.getByText("Forecasts need at least two complete months")).toBeVisible();
      return;
    }
    const first = cards.first();
    await expect(first.getByText(/Method:/)).toBeVisible();
    // The chart: history and forecast lines and the two shaded interval bands.
    const chart = first.getByTestId("forecast-chart");
    await expect(chart).toHaveAttribute("aria-label", /with 80% and 95% intervals/);
    await expect(chart.locator(".forecast-band-95 path.recharts-area-area")).toHaveCount(1);
    await expect(chart.locator(".forecast-band-80 path.recharts-area-area")).toHaveCount(1);
    await expect(chart.locator("path.recharts-line-curve")).toHaveCount(2);

    // Accuracy: MASE and sMAPE of the chosen method next to seasonal naive's, or why not yet.
    const table = first.getByTestId("accuracy-table");
    const shortHistory = first.getByTestId("short-history");
    if (await table.count()) {
      await expect(table.getByRole("columnheader", { name: "MASE" })).toBeVisible();
      await expect(table.getByRole("columnheader", { name: "sMAPE" })).toBeVisible();
      await expect(table.getByRole("rowheader", { name: "Seasonal naive" })).toBeVisible();
      await expect(table.getByRole("cell").first()).toHaveText(/^\d+\.\d\d$/);
    } else {
      await expect(first.getByText("Accuracy: not measured yet")).toBeVisible();
      await expect(shortHistory).toContainText("months of history");
    }

    // A second recompute over unchanged data fits nothing.
    await page.getByRole("button", { name: "Recompute" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Nothing changed since the last fit" })).toBeVisible({ timeout: 60_000 });
  });
});
