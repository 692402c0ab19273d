import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "./helpers";

/* Issue 16, item 1: the analytics dashboard on the demo organization, its charts, range picker and links, and its cards on the home. */

/** Bars recharts drew inside a chart (`data-chart` marks each one). */
const bars = (page: Page, chart: string) => page.locator(`[data-chart="${chart}"] svg path.recharts-rectangle`);

test("the demo organization's dashboard shows figures and charts, and each figure opens its list", async ({ page }) => {
  await signIn(page, DEMO.email, DEMO.password);
  await page.goto(`/t/${DEMO.orgSlug}`);
  await page.getByRole("navigation").getByRole("link", { name: "Analytics" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.orgSlug}/analytics$`));
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  // Headline cards with amounts: receivables, cash, stock and the pipeline all exist in the demo.
  const cards = page.locator('dl[aria-label="Key figures"]');
  for (const id of ["receivables", "cash", "stock", "pipeline"]) await expect(cards.locator(`[data-metric="${id}"] dd a`).first()).toHaveText(/\d/);
  await expect(cards.locator('[data-metric="receivables"]')).toContainText("Overdue");

  // Charts drawn with bars.
  for (const chart of ["revenue-expenses", "ar-aging", "pipeline"]) await expect.poll(() => bars(page, chart).count()).toBeGreaterThan(0);

  // A preset puts the range in the URL; the revenue card then has the year's sales.
  await page.getByRole("button", { name: "Last 12 months" }).click();
  await expect(page).toHaveURL(/\/analytics\?from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}$/);
  await expect(page.getByRole("button", { name: "Last 12 months" })).toHaveAttribute("aria-pressed", "true");
  await expect(cards.locator('[data-metric="revenue"] dd a').first()).toHaveText(/\d/);
  await expect(page.getByRole("region", { name: "Top customers" }).getByRole("link").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Top products" }).getByRole("link").first()).toBeVisible();

  // Every figure links to the list behind it.
  await cards.locator('[data-metric="receivables"]').getByRole("link", { name: /^Overdue/ }).click();
  await expect(page).toHaveURL(/\/accounting\/invoices\?status=overdue$/);
});

test("the home shows the same headline cards, linking to the dashboard", async ({ page }) => {
  await signIn(page, DEMO.email, DEMO.password);
  await page.goto(`/t/${DEMO.orgSlug}`);
  const figures = page.getByRole("region", { name: "Key figures, this month" });
  await expect(figures.locator('[data-metric="receivables"] dd a').first()).toHaveText(/\d/);
  await figures.getByRole("link", { name: "Analytics" }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.orgSlug}/analytics$`));
});
