import { expect, test } from "@playwright/test";
import { DEMO, submitSignIn } from "./helpers";

/** Issue 10, bug 2: a link into the app, opened signed out, comes back to its exact address after sign-in. */
test.describe("deep links through sign-in", () => {
  for (const target of [
    `/t/${DEMO.orgSlug}/crm/contacts?q=acme&sort=name`,
    `/t/${DEMO.orgSlug}/settings/members`,
    "/account",
  ]) {
    test(`signed out, ${target} comes back to itself`, async ({ page }) => {
      await page.context().clearCookies();
      await page.goto(target);
      await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
      expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe(target);
      await submitSignIn(page, DEMO.email, DEMO.password);
      await expect(page).toHaveURL((url) => `${url.pathname}${url.search}` === target);
    });
  }
});
