import { expect, test } from "@playwright/test";
import { DEMO, signIn, unique } from "./helpers";

/** Issue 10, bug 3: recent activity and the audit log say who did what to which record, linked to it. */
test("a new company reads as “Dana created company …” on the home page and in the audit log, linked", async ({ page }) => {
  await signIn(page, DEMO.email, DEMO.password);
  const name = `Sentence ${unique()}`;
  await page.goto(`/t/${DEMO.orgSlug}/crm/companies/new`);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: /Create company/ }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  await page.goto(`/t/${DEMO.orgSlug}`);
  const activity = page.getByRole("region", { name: "Recent activity" }).or(page.locator("section", { hasText: "Recent activity" }));
  await expect(activity.getByText(`${DEMO.name} created company “${name}”`)).toBeVisible();
  await activity.getByRole("link", { name: `company “${name}”` }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  await page.goto(`/t/${DEMO.orgSlug}/settings/audit`);
  await expect(page.getByRole("link", { name: `company “${name}”` }).first()).toBeVisible();
});
