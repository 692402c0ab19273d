import { expect, test, type Page } from "@playwright/test";
import {
  expectTenantHome,
  firstName,
  newUser,
  registerWithOrganization,
  signIn,
  signOut,
  submitSignIn,
  unique,
  type TestUser,
} from "./helpers";
import { mailsTo, RESET_SUBJECT, VERIFY_SUBJECT, waitForLink } from "./mail";

const NEUTRAL_RESET_MESSAGE = "If an account exists for that email, we have sent a link to reset its password. It expires in 1 hour.";

async function requestReset(page: Page, email: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status").filter({ hasText: NEUTRAL_RESET_MESSAGE })).toBeVisible();
}

async function expectWrongPassword(page: Page, user: TestUser, password: string): Promise<void> {
  await page.goto("/sign-in");
  await submitSignIn(page, user.email, password);
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
}

const banner = (page: Page) => page.getByRole("region", { name: "Email confirmation" });

test.describe("passwords and email confirmation", () => {
  test("forgot password: the emailed link sets a new password, signs in, and the old password stops working", async ({ page }) => {
    const user = newUser("Fay");
    const slug = await registerWithOrganization(page, user, `Fay Works ${unique()}`);
    await signOut(page, user.name);

    await page.getByRole("link", { name: "Forgot password?" }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
    await requestReset(page, user.email);

    const resetPath = await waitForLink(user.email, RESET_SUBJECT, "/reset-password/");
    await page.goto(resetPath);
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();

    // A mismatch is caught in the browser.
    const newPassword = `new-${unique()}-secret!`;
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("Confirm new password").fill(`${newPassword}-typo`);
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByText("The passwords do not match.")).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`${resetPath}$`));

    await page.getByLabel("Confirm new password").fill(newPassword);
    await page.getByRole("button", { name: "Set new password" }).click();
    // Signed in with the new password and back in the organization.
    await expectTenantHome(page, slug, { name: user.name, firstName: firstName(user) });

    await signOut(page, user.name);
    await expectWrongPassword(page, user, user.password);
    await signIn(page, user.email, newPassword);
    await expectTenantHome(page, slug, { name: user.name, firstName: firstName(user) });

    // The link worked once.
    const anotherPassword = `other-${unique()}-secret!`;
    await page.goto(resetPath);
    await page.getByLabel("New password", { exact: true }).fill(anotherPassword);
    await page.getByLabel("Confirm new password").fill(anotherPassword);
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "This reset link is invalid, used or expired. Ask for a new one." })).toBeVisible();
    await expect(page.getByRole("link", { name: "Get a new link" })).toHaveAttribute("href", "/forgot-password");
  });

  test("an unknown email gets the same answer and no email", async ({ page }) => {
    const email = `nobody-${unique()}@example.com`;
    await page.goto("/forgot-password");
    await requestReset(page, email);
    // Nothing is sent: give the worker the time it takes to deliver a real one.
    await page.waitForTimeout(2_000);
    expect(await mailsTo(email, RESET_SUBJECT)).toHaveLength(0);
  });

  test("the confirmation link from registration confirms the email and the banner goes away", async ({ page }) => {
    const user = newUser("Vic");
    const slug = await registerWithOrganization(page, user, `Vic Verified ${unique()}`);
    await expect(banner(page)).toContainText(`Confirm your email address: we sent a link to ${user.email}.`);

    // Resending sends a second link.
    await banner(page).getByRole("button", { name: "Resend link" }).click();
    await expect(banner(page).getByRole("status")).toHaveText(`We sent a new link to ${user.email}.`);
    const verifyPath = await waitForLink(user.email, VERIFY_SUBJECT, "/verify-email/", 2);

    await page.goto(verifyPath);
    await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();
    await page.getByRole("link", { name: "Continue to NeuroOps" }).click();
    await expectTenantHome(page, slug, { name: user.name, firstName: firstName(user) });
    await expect(banner(page)).toHaveCount(0);

    // Opening the used link again changes nothing.
    await page.goto(verifyPath);
    await expect(page.getByRole("heading", { name: "Email already confirmed" })).toBeVisible();

    // Signed out, a used or made-up link is refused.
    await page.context().clearCookies();
    for (const path of [verifyPath, `/verify-email/not-a-real-token-${unique()}`]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { name: "This link is invalid, used or expired" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    }
  });

  test("changing the password on the account page keeps this session, ends the others and needs the current password", async ({ page, browser, baseURL }) => {
    const user = newUser("Cai");
    const orgName = `Cai Co ${unique()}`;
    const slug = await registerWithOrganization(page, user, orgName);
    // A second browser signed in to the same account.
    const otherContext = await browser.newContext({ baseURL });
    const other = await otherContext.newPage();
    await signIn(other, user.email, user.password);
    await expectTenantHome(other, slug, { name: user.name, firstName: firstName(user) });

    await page.getByRole("button", { name: `Account menu for ${user.name}` }).click();
    await page.getByRole("link", { name: "Account", exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    const profile = page.getByRole("region", { name: "Profile" });
    await expect(profile.getByText(user.email, { exact: true })).toBeVisible();
    await expect(profile.getByText("Not confirmed")).toBeVisible();
    await expect(page.getByRole("region", { name: "Organizations" }).getByRole("link", { name: new RegExp(orgName) })).toHaveAttribute("href", `/t/${slug}`);

    const form = page.getByRole("region", { name: "Password" });
    const newPassword = `changed-${unique()}-secret!`;
    await form.getByLabel("Current password").fill("not-my-current-password");
    await form.getByLabel("New password", { exact: true }).fill(newPassword);
    await form.getByLabel("Confirm new password").fill(newPassword);
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(form.getByText("That is not your current password.")).toBeVisible();

    await form.getByLabel("Current password").fill(user.password);
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(form.getByRole("status").filter({ hasText: "Password changed. You were signed out everywhere else." })).toBeVisible();

    // Still signed in here (a fresh session); the other browser was signed out.
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    await other.goto(`/t/${slug}`);
    await expect(other).toHaveURL(/\/sign-in\?callbackUrl=/);
    await otherContext.close();

    // The new password only.
    await page.goto(`/t/${slug}`);
    await signOut(page, user.name);
    await expectWrongPassword(page, user, user.password);
    await signIn(page, user.email, newPassword);
    await expectTenantHome(page, slug, { name: user.name, firstName: firstName(user) });
  });
});
