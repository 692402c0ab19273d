import { expect, type Browser, type Page } from "@playwright/test";
import { DEMO, signIn } from "./helpers";
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

/**
 * The super admin puts the demo organization Acme Demo on another plan from /admin (as before
 * Stripe is configured): specs of paid features switch it to Pro (or Business) and, in afterAll, back to Free
 * for the specs after them (they run one at a time, playwright.config.ts).
 */
export async function setDemoPlan(page: Page, plan: "Free" | "Pro" | "Business"): Promise<void> {
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Platform admin" })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search organizations" }).fill(DEMO.orgName);
  const row = page.getByRole("row").filter({ has: page.getByText(DEMO.orgSlug, { exact: true }) });
  const select = row.getByLabel(`Plan of ${DEMO.orgName}`);
  await expect(select).toBeVisible();
  if ((await select.inputValue()) === plan.toLowerCase()) return;
  await select.selectOption({ label: plan });
  await expect(page.getByRole("status").filter({ hasText: `${DEMO.orgName} is now on the ${plan} plan.` })).toBeVisible();
}

/** For a spec's afterAll: the super admin puts Acme Demo back on Free, in a page of its own. */
export async function putDemoBackOnFree(browser: Browser): Promise<void> {
  const page = await browser.newPage();
  try {
    await signIn(page, ADMIN.email, ADMIN.password);
    await expect(page).not.toHaveURL(/\/sign-in/);
    await setDemoPlan(page, "Free");
  } finally {
    await page.close();
  }
}
