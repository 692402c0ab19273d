import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn, submitSignIn } from "./helpers";

/** Off-site callbacks a browser would otherwise follow after sign-in (issue 18, finding 1). */
const OFF_SITE_CALLBACKS = [
  "//evil.example/",
  "/\\evil.example/",
  "/\t/evil.example/",
  "https://evil.example/",
  "javascript:alert(document.domain)",
  "/%5Cevil.example/",
];

function signInPath(callbackUrl: string): string {
  return `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`;
}

async function expectOnApp(page: Page, appOrigin: string): Promise<void> {
  await expect(page).not.toHaveURL(/\/sign-in/);
  expect(new URL(page.url()).origin).toBe(appOrigin);
}

test.describe("sign-in callback URLs", () => {
  test("signing in with an off-site callbackUrl stays on the app", async ({ page, baseURL }) => {
    const appOrigin = new URL(baseURL!).origin;
    for (const callbackUrl of OFF_SITE_CALLBACKS) {
      await page.context().clearCookies();
      await page.goto(signInPath(callbackUrl));
      await submitSignIn(page, DEMO.email, DEMO.password);
      await expectOnApp(page, appOrigin);
    }
  });

  test("a signed-in user opening /sign-in goes to the callback on the app, or home", async ({ page, baseURL }) => {
    const appOrigin = new URL(baseURL!).origin;
    await signIn(page, DEMO.email, DEMO.password);

    const response = await page.goto(signInPath("/account"));
    expect(response?.status()).toBeLessThan(400);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();

    for (const callbackUrl of OFF_SITE_CALLBACKS) {
      const offSite = await page.goto(signInPath(callbackUrl));
      expect(offSite?.status()).toBeLessThan(400);
      await expectOnApp(page, appOrigin);
    }
  });
});
