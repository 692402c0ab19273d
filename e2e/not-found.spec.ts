import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./helpers";

/** Issue 10, bug 7: missing records and /admin for non-admins are real 404s; record pages are titled by the record. */
test.describe("not found and titles", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, DEMO.email, DEMO.password);
  });

  for (const [path, heading] of [
    ["contacts", "This contact is not available"],
    ["companies", "This company is not available"],
    ["deals", "This deal is not available"],
  ] as const) {
    test(`a missing ${path.slice(0, -1)} answers 404 with the friendly page`, async ({ page }) => {
      const response = await page.goto(`/t/${DEMO.orgSlug}/crm/${path}/00000000-0000-4000-8000-000000000000`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    });
  }

  test("a record page is titled by the record's name", async ({ page }) => {
    await page.goto(`/t/${DEMO.orgSlug}/crm/companies`);
    const first = page.getByRole("table").getByRole("link").first();
    const name = (await first.textContent())!.trim();
    await first.click();
    await expect(page).toHaveTitle(`${name} · CRM · NeuroOps`);
  });

  test("/admin for someone who is not the super admin is a 404 titled as one", async ({ page }) => {
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(404);
    await expect(page).toHaveTitle(/^Page not found/);
  });
});
