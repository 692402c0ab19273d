import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./helpers";

/**
 * Issue 10, bug 7: a missing record answers HTTP 404 with the friendly not-found page,
 * /admin for non-admins is a real 404, record pages are titled by the record. The record
 * pages' layouts check that the record exists outside any loading boundary, so the status
 * is decided before the first byte is sent.
 */
test.describe("not found and titles", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, DEMO.email, DEMO.password);
  });

  for (const [path, noun, heading] of [
    ["contacts", "contact", "This contact is not available"],
    ["companies", "company", "This company is not available"],
    ["deals", "deal", "This deal is not available"],
  ] as const) {
    test(`a missing ${noun} shows the friendly not-found page`, async ({ page }) => {
      const response = await page.goto(`/t/${DEMO.orgSlug}/crm/${path}/00000000-0000-4000-8000-000000000000`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await expect(page).toHaveTitle(/not found/i);
    });
  }

  test("a malformed record id is a 404 too", async ({ page }) => {
    const response = await page.goto(`/t/${DEMO.orgSlug}/crm/contacts/not-an-id`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "This contact is not available" })).toBeVisible();
  });

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
