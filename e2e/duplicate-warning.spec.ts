import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./helpers";

/** Issue 10, bug 5: creating a company that matches an existing one warns, with a link to it. */
test("a new company with the domain of an existing one links to that one", async ({ page }) => {
  await signIn(page, DEMO.email, DEMO.password);
  await page.goto(`/t/${DEMO.orgSlug}/crm/companies/new`);
  await page.getByLabel("Name", { exact: true }).fill("Globex Holdings");
  await page.getByLabel("Website domain").fill("globex.example");
  const warning = page.getByRole("status").filter({ hasText: "may already exist" });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText("Same domain (globex.example)");
  await warning.getByRole("link", { name: "Globex", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Globex", exact: true })).toBeVisible();
});
