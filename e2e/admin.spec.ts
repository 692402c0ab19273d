import { expect, test, type Page } from "@playwright/test";
import { DEMO, expectTenantHome, signIn, signOut, submitSignIn } from "./helpers";
import { ADMIN, registerOrSignInAdmin } from "./admin-account";

/**
 * The platform admin area. The e2e web server runs with
 * SUPER_ADMIN_EMAIL=admin@neuroops.local (playwright.config.ts).
 */
const REASON = "Unpaid invoices since March (e2e).";

/** /admin, filtered to Acme Demo; returns its row. */
async function openDemoInAdmin(page: Page) {
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Platform admin" })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search organizations" }).fill(DEMO.orgName);
  // Other organizations may contain the name; the slug is Acme Demo's own.
  const row = page.getByRole("row").filter({ has: page.getByText(DEMO.orgSlug, { exact: true }) });
  await expect(row.getByRole("rowheader")).toContainText(DEMO.orgName);
  return row;
}

/** Leaves the current session without the UI (the suspended page has no account menu). */
async function dropSession(page: Page): Promise<void> {
  await page.context().clearCookies();
}

let demoSuspended = false;

test.describe("platform admin", () => {
  // Whatever happens in the test, Acme Demo must not stay suspended for the specs after this one.
  test.afterAll(async ({ browser }) => {
    if (!demoSuspended) return;
    const page = await browser.newPage();
    try {
      await signIn(page, ADMIN.email, ADMIN.password);
      await expect(page).not.toHaveURL(/\/sign-in/);
      const row = await openDemoInAdmin(page);
      const unsuspend = row.getByRole("button", { name: `Unsuspend ${DEMO.orgName}` });
      if (await unsuspend.isVisible()) {
        await unsuspend.click();
        await expect(row.getByText("Active", { exact: true })).toBeVisible();
      }
      demoSuspended = false;
    } finally {
      await page.close();
    }
  });

  test("the super admin suspends Acme Demo, its members see the suspended page, and unsuspending restores it", async ({ page }) => {
    test.slow(); // four sign-ins

    // The super admin (no organization of their own) sees every organization.
    await registerOrSignInAdmin(page);
    let row = await openDemoInAdmin(page);
    await expect(row.getByRole("cell", { name: "2 members" })).toBeVisible();
    await expect(row.getByRole("cell", { name: "Free" })).toBeVisible();
    await expect(row.getByText("Active", { exact: true })).toBeVisible();
    // Listed, not linked: the super admin is not a member and gets no way into its data.
    await expect(row.getByRole("link")).toHaveCount(0);

    // Suspend, with a reason.
    await row.getByRole("button", { name: `Suspend ${DEMO.orgName}` }).click();
    const dialog = page.getByRole("dialog", { name: `Suspend ${DEMO.orgName}?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Suspend organization" }).click();
    await expect(dialog.getByRole("alert")).toContainText("at least 3 characters");
    await dialog.getByLabel("Reason").fill(REASON);
    await dialog.getByRole("button", { name: "Suspend organization" }).click();
    demoSuspended = true;
    await expect(dialog).toBeHidden();
    await expect(row.getByText("Suspended", { exact: true })).toBeVisible();
    await expect(row).toContainText(REASON);
    await expect(page.getByRole("status").filter({ hasText: `${DEMO.orgName} is suspended.` })).toBeVisible();

    // The super admin still cannot open the organization's pages.
    const notMember = await page.goto(`/t/${DEMO.orgSlug}`);
    expect(notMember?.status()).toBe(404);

    await page.goto("/admin");
    await signOut(page, ADMIN.name);

    // The demo owner lands on the suspended page; the API refuses with the reason.
    await submitSignIn(page, DEMO.email, DEMO.password);
    await expect(page.getByRole("heading", { level: 1, name: `${DEMO.orgName} is suspended` })).toBeVisible();
    await page.goto(`/t/${DEMO.orgSlug}`);
    await expect(page.getByRole("heading", { level: 1, name: `${DEMO.orgName} is suspended` })).toBeVisible();
    const mine = await page.request.get("/api/trpc/orgs.listMine");
    expect(mine.ok()).toBe(true);
    const orgs = ((await mine.json()) as { result: { data: { json: { id: string; slug: string }[] } } }).result.data.json;
    const demoId = orgs.find((org) => org.slug === DEMO.orgSlug)?.id;
    expect(demoId).toBeTruthy();
    const refused = await page.request.get("/api/trpc/orgs.current", { headers: { "x-tenant-id": demoId! } });
    expect(refused.status()).toBe(403);
    const refusal = (await refused.json()) as { error: { json: { message: string; data: { code: string } } } };
    expect(refusal.error.json.data.code).toBe("FORBIDDEN");
    expect(refusal.error.json.message).toMatch(/suspended/i);
    expect(refusal.error.json.message).toContain(REASON);

    // The super admin unsuspends it.
    await dropSession(page);
    await signIn(page, ADMIN.email, ADMIN.password);
    await expect(page).not.toHaveURL(/\/sign-in/);
    row = await openDemoInAdmin(page);
    await row.getByRole("button", { name: `Unsuspend ${DEMO.orgName}` }).click();
    await expect(row.getByText("Active", { exact: true })).toBeVisible();
    await expect(row.getByRole("button", { name: `Suspend ${DEMO.orgName}` })).toBeVisible();
    demoSuspended = false;

    // And the demo owner is back in.
    await dropSession(page);
    await signIn(page, DEMO.email, DEMO.password);
    await page.goto(`/t/${DEMO.orgSlug}`);
    await expectTenantHome(page, DEMO.orgSlug, { name: DEMO.name, firstName: DEMO.name.split(" ")[0]! });
  });

  test("the admin area is a 404 for everyone but the super admin", async ({ page }) => {
    await signIn(page, DEMO.email, DEMO.password);
    await expect(page).not.toHaveURL(/\/sign-in/);
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByText("Platform admin")).toHaveCount(0);
  });
});
