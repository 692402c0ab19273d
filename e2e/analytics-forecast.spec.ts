import { expect, test } from "@playwright/test";
import { putDemoBackOnFree, registerOrSignInAdmin, setDemoPlan } from "./admin-account";
import { DEMO, signIn } from "./helpers";

/*
 * Forecasts end to end: on Free the page shows the plan gate; on Pro a recompute fits the demo's
 * series and the page draws each with its 80% and 95% bands and its accuracy next to seasonal
 * naive's. The demo seed has two years of sales: the revenue forecast uses all of them (a short
 * history's explanation is the forecast card's own, tested in the unit tests).
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

    // The demo's two years of sales: the revenue forecast is fitted on all 24 months, no short-history path.
    const revenue = page.getByTestId("forecast-card").filter({ has: page.getByRole("heading", { name: /^Revenue \([A-Z]{3}\)$/ }) });
    await expect(revenue).toHaveCount(1);
    // The method chosen by AICc (an ETS model) or a baseline when none fits.
    await expect(revenue.getByText(/^Method: (ETS\([AM],(N|A|Ad),[NAM]\)|snaive|drift|naive) · fitted /)).toBeVisible();
    await expect(revenue.getByTestId("short-history")).toHaveCount(0);

    // The chart: history and forecast lines and the two shaded interval bands.
    const chart = revenue.getByTestId("forecast-chart");
    await expect(chart).toHaveAttribute("aria-label", /^Revenue \([A-Z]{3}\): (2[4-9]|3\d) months of history and 12 months of forecast with 80% and 95% intervals$/);
    await expect(chart.locator(".forecast-band-95 path.recharts-area-area")).toHaveCount(1);
    await expect(chart.locator(".forecast-band-80 path.recharts-area-area")).toHaveCount(1);
    await expect(chart.locator("path.recharts-line-curve")).toHaveCount(2);

    // Accuracy: MASE and sMAPE of the chosen method next to seasonal naive's, from a rolling-origin backtest.
    const table = revenue.getByTestId("accuracy-table");
    await expect(table).toBeVisible();
    await expect(table.getByText(/^Backtest: \d+ months ahead from \d+ past origins/)).toBeVisible();
    await expect(table.getByRole("columnheader", { name: "MASE" })).toBeVisible();
    await expect(table.getByRole("columnheader", { name: "sMAPE" })).toBeVisible();
    const chosen = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /\(chosen\)$/ }) });
    const naive = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Seasonal naive", exact: true }) });
    for (const row of [chosen, naive]) {
      await expect(row.getByRole("cell").nth(0)).toHaveText(/^\d+\.\d\d$/);
      await expect(row.getByRole("cell").nth(1)).toHaveText(/^\d+\.\d%$/);
    }

    // A second recompute over unchanged data fits nothing.
    await page.getByRole("button", { name: "Recompute" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Nothing changed since the last fit" })).toBeVisible({ timeout: 60_000 });
  });
});
