import { expect, type Page } from "@playwright/test";
import { signIn } from "./helpers";
import { VERIFY_SUBJECT, waitForLink } from "./mail";

/** The platform's super admin: the e2e web server runs with SUPER_ADMIN_EMAIL=admin@neuroops.local (playwright.config.ts). */
export const ADMIN = { name: "Platform Admin", email: "admin@neuroops.local", password: "platform-admin-e2e-2026" } as const;

/**
 * Registers the super admin and confirms the email (super-admin powers need a verified
 * address). On a retry against the same server the account exists: registration answers
 * as for a new one and lands on sign-in, so it signs in instead.
 */
export async function registerOrSignInAdmin(page: Page): Promise<void> {
  await page.goto("/register");
  await page.getByLabel("Your name").fill(ADMIN.name);
  await page.getByLabel("Work email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Organization name").or(page.getByRole("heading", { name: "Sign in to NeuroOps" }))).toBeVisible();
  if (/\/sign-in/.test(page.url())) await signIn(page, ADMIN.email, ADMIN.password);
  else await expect(page).toHaveURL(/\/orgs\/new$/);
  await page.goto(await waitForLink(ADMIN.email, VERIFY_SUBJECT, "/verify-email/"));
  await expect(page.getByRole("heading", { name: /^Email (already )?confirmed$/ })).toBeVisible();
}
