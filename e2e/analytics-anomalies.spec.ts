import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./helpers";

/*
 * Anomalies on the demo organization (issue 16, item 4): the page renders on two years of seeded
 * activity, with either a series' chart and its flagged days or the page's own explanation of why
 * there is nothing yet; never a load error.
 */

test("the anomalies page renders on the demo organization: a chart with flagged days, or why not", async ({ page }) => {
  await signIn(page, DEMO.email, DEMO.password);
  await page.goto(`/t/${DEMO.orgSlug}/analytics`);
  await page.getByRole("navigation", { name: "Analytics sections" }).getByRole("link", { name: "Anomalies" }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.orgSlug}/analytics/anomalies$`));
  await expect(page.getByRole("heading", { level: 1, name: "Anomalies" })).toBeVisible();

  // The chart of a series with its expected band, or the explanation that nothing has enough postings yet.
  const chart = page.getByTestId("anomaly-chart");
  const nothingToScan = page.getByText("Nothing to scan yet.");
  await expect(chart.or(nothingToScan)).toBeVisible();
  if (await chart.isVisible()) await expect(chart).toHaveAttribute("aria-label", /: \d+ days with the expected band, \d+ flagged$/);

  // The flagged days with the transactions behind each, or the explanation that the scan found none.
  const flagged = page.getByRole("region", { name: "Flagged days" });
  const firstRow = flagged.getByRole("row").filter({ has: page.getByRole("link", { name: "Transactions" }) }).first();
  await expect(firstRow.or(flagged.getByText("No anomalies found."))).toBeVisible();
  if (await firstRow.isVisible()) await expect(firstRow.getByRole("link", { name: "Transactions" })).toHaveAttribute("href", new RegExp(`^/t/${DEMO.orgSlug}/accounting/`));
  await expect(page.getByText(/^Could not load/)).toHaveCount(0);
});
