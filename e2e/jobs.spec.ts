import { expect, test, type Page } from "@playwright/test";
import { DEMO, escapeRegExp, signIn } from "./helpers";

/** Sam Sales: a member (below admin) of the demo organization, same password as the demo owner. */
const DEMO_MEMBER = { email: "sam@neuroops.local", password: DEMO.password } as const;

function modulesNav(page: Page) {
  return page.getByRole("navigation", { name: "Modules" });
}

test.describe("settings → jobs", () => {
  test("an owner opens Settings → Jobs, sends a test event and sees it delivered", async ({ page }) => {
    await signIn(page, DEMO.email, DEMO.password);
    await expect(page).toHaveURL(new RegExp(`/t/${escapeRegExp(DEMO.orgSlug)}$`));

    // The sidebar's Settings goes to the first section (Organization); Jobs is a tab away.
    await modulesNav(page).getByRole("link", { name: "Settings" }).click();
    await expect(page).toHaveURL(new RegExp(`/t/${escapeRegExp(DEMO.orgSlug)}/settings/organization$`));
    await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Jobs" }).click();
    await expect(page).toHaveURL(new RegExp(`/t/${escapeRegExp(DEMO.orgSlug)}/settings/jobs$`));
    await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Jobs" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { level: 2, name: "Jobs" })).toBeVisible();
    await expect(page.getByRole("term").filter({ hasText: /^Dead$/ })).toBeVisible();

    await page.getByRole("button", { name: "Send test event" }).click();
    // The embedded worker delivers it within about a second; the page polls every 3 s while it is pending.
    await expect(page.getByRole("status").filter({ hasText: "Test event delivered" })).toBeVisible({ timeout: 15_000 });

    const events = page.getByRole("table", { name: /newest first/ });
    const pingRow = events.getByRole("row").filter({ has: page.getByRole("button", { name: "jobs/test.ping", exact: true }) }).first();
    await expect(pingRow).toContainText("Done");
    await expect(pingRow.getByRole("button", { name: /^Retry/ })).toHaveCount(0);

    // Its runs: the test-ping function, done in one attempt.
    const toggle = pingRow.getByRole("button", { name: "jobs/test.ping", exact: true });
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    const details = page.locator(`[id="${await toggle.getAttribute("aria-controls")}"]`);
    await expect(details.getByText("jobs-test-ping", { exact: true })).toBeVisible();
    await expect(details.getByText("1 attempt", { exact: true })).toBeVisible();

    // The filter narrows the list and is kept in the URL.
    await page.getByRole("group", { name: "Filter events by status" }).getByRole("button", { name: "Done", exact: true }).click();
    await expect(page).toHaveURL(/[?&]status=done$/);
    await expect(page.getByRole("button", { name: "Done", exact: true, pressed: true })).toBeVisible();
    await expect(page.getByRole("table", { name: /^Done events/ }).getByRole("button", { name: "jobs/test.ping", exact: true }).first()).toBeVisible();
    await page.getByRole("button", { name: "Dead", exact: true }).click();
    await expect(page).toHaveURL(/[?&]status=dead$/);
    await expect(page.getByRole("button", { name: "jobs/test.ping", exact: true })).toHaveCount(0);
  });

  test("a member has no Jobs tab in Settings and is told Jobs is for owners and admins", async ({ page }) => {
    await signIn(page, DEMO_MEMBER.email, DEMO_MEMBER.password);
    await expect(page).toHaveURL(new RegExp(`/t/${escapeRegExp(DEMO.orgSlug)}$`));
    await expect(modulesNav(page).getByRole("link", { name: "Home" })).toBeVisible();
    // Members see Settings (Organization and Members, read-only), but not Jobs.
    await expect(modulesNav(page).getByRole("link", { name: "Settings" })).toBeVisible();

    await page.goto(`/t/${DEMO.orgSlug}/settings/jobs`);
    await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
    await expect(page.getByText("Only owners and admins can open Jobs.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Send test event" })).toHaveCount(0);
    await expect(page.getByRole("table")).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Something went wrong" })).toHaveCount(0);

    // /settings itself opens Organization, and the tabs offer no Jobs.
    await page.goto(`/t/${DEMO.orgSlug}/settings`);
    await expect(page).toHaveURL(new RegExp(`/t/${escapeRegExp(DEMO.orgSlug)}/settings/organization$`));
    const sections = page.getByRole("navigation", { name: "Settings sections" });
    await expect(sections.getByRole("link", { name: "Organization" })).toHaveAttribute("aria-current", "page");
    await expect(sections.getByRole("link", { name: "Jobs" })).toHaveCount(0);
  });
});
