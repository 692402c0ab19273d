import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { putDemoBackOnFree, registerOrSignInAdmin, setDemoPlan } from "./admin-account";
import { DEMO, escapeRegExp, signIn } from "./helpers";

/** Sam Sales: a member (below admin) of the demo organization, same password as the demo owner. */
const DEMO_MEMBER = { email: "sam@neuroops.local", password: DEMO.password } as const;

const CSV_HEADER = "id,created_at,actor_name,actor_email,action,entity_type,entity_id,before,after";

function settingsTabs(page: Page) {
  return page.getByRole("navigation", { name: "Settings sections" });
}

function auditTable(page: Page) {
  return page.getByRole("table", { name: /^Audit log entries.*newest first$/ });
}

/** The table's entry rows (not the hidden detail rows under them). */
function entryRows(page: Page) {
  return auditTable(page).locator("tbody > tr[data-audit-id]");
}

/** The browser's calendar day ("2026-03-01"), as a type=date input takes it. */
async function browserToday(page: Page): Promise<string> {
  return page.evaluate(() => {
    const now = new Date();
    return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  });
}

let demoOnPro = false;

test.describe("settings → audit log", () => {
  test.afterAll(async ({ browser }) => {
    if (!demoOnPro) return;
    await putDemoBackOnFree(browser);
    demoOnPro = false;
  });

  test("on the Free plan the export is shown as a paid feature, with the way to Settings → Billing", async ({ page }) => {
    await signIn(page, DEMO.email, DEMO.password);
    await page.goto(`/t/${DEMO.orgSlug}/settings/audit`);
    await expect(page.getByRole("heading", { level: 2, name: "Audit log" })).toBeVisible();
    await expect(page.getByRole("button", { name: /Export CSV/ })).toBeDisabled();
    await expect(page.getByText(/CSV export is a paid feature \(Pro and up\), not included in your Free plan\./)).toBeVisible();
    await expect(page.getByRole("link", { name: "Upgrade on Settings → Billing" })).toHaveAttribute("href", `/t/${DEMO.orgSlug}/settings/billing`);
    await expect(page.getByRole("link", { name: /Export/ })).toHaveCount(0);
  });

  test("an owner sends a test event, finds it in the audit log, filters, reads a before/after and exports CSV", async ({ page }) => {
    test.slow(); // two sign-ins
    await registerOrSignInAdmin(page);
    demoOnPro = true; // set before the change: afterAll must undo it even if the change's answer is lost
    await setDemoPlan(page, "Pro");
    await page.context().clearCookies();

    await signIn(page, DEMO.email, DEMO.password);
    await expect(page).toHaveURL(new RegExp(`/t/${escapeRegExp(DEMO.orgSlug)}$`));

    // Something auditable: a test event on Settings → Jobs writes job.test_event_sent.
    await page.goto(`/t/${DEMO.orgSlug}/settings/jobs`);
    await page.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByRole("status").filter({ hasText: /Test event (sent|delivered)/ })).toBeVisible();

    await settingsTabs(page).getByRole("link", { name: "Audit log" }).click();
    await expect(page).toHaveURL(new RegExp(`/t/${escapeRegExp(DEMO.orgSlug)}/settings/audit$`));
    await expect(settingsTabs(page).getByRole("link", { name: "Audit log" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { level: 2, name: "Audit log" })).toBeVisible();

    // Newest first: the test event just sent, by the demo owner.
    const newest = entryRows(page).first();
    await expect(newest.getByRole("button", { name: /^Test event sent/ })).toBeVisible();
    await expect(newest).toContainText("job.test_event_sent");
    await expect(newest).toContainText(DEMO.name);
    await expect(newest).toContainText(DEMO.email);
    await expect(newest.locator("time")).toHaveAttribute("title", /\d{4}/);

    // Filter by action (all job actions), kept in the URL.
    await page.getByLabel("Action").selectOption({ label: "All job actions" });
    await expect(page).toHaveURL(/[?&]action=job\.(&|$)/);
    await expect(entryRows(page).first()).toContainText("job.test_event_sent");
    await expect(entryRows(page).filter({ hasNotText: /job\./ })).toHaveCount(0);

    // …and by person: only the demo owner's entries are left.
    await page.getByLabel("Person").selectOption({ label: `${DEMO.name} (${DEMO.email})` });
    await expect(page).toHaveURL(/[?&]actorUserId=[0-9a-f-]{36}/);
    await expect(page).toHaveURL(/[?&]action=job\./);
    await expect(entryRows(page).first()).toContainText("Test event sent");
    await expect(entryRows(page).filter({ hasNotText: DEMO.name })).toHaveCount(0);

    // A date range of today still holds it; the filters survive a reload.
    const today = await browserToday(page);
    await page.getByLabel("From", { exact: true }).fill(today);
    await page.getByLabel("To", { exact: true }).fill(today);
    await expect(page).toHaveURL(new RegExp(`[?&]from=${today}&to=${today}`));
    await page.reload();
    await expect(page.getByLabel("Action")).toHaveValue("job.");
    await expect(page.getByLabel("To", { exact: true })).toHaveValue(today);
    await expect(entryRows(page).first()).toContainText("Test event sent");

    // The organization's creation: its after-snapshot as added fields.
    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await expect(page).toHaveURL(new RegExp(`/settings/audit$`));
    await page.getByLabel("Action").selectOption("organization.created");
    await expect(page).toHaveURL(/[?&]action=organization\.created$/);
    const created = entryRows(page).first();
    await expect(entryRows(page)).toHaveCount(1);
    const toggle = created.getByRole("button", { name: /^Created/ });
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    const details = page.locator(`[id="${await toggle.getAttribute("aria-controls")}"]`);
    const changes = details.getByRole("list", { name: "Changes" });
    await expect(changes.getByRole("listitem")).toHaveCount(2);
    const slug = changes.getByRole("listitem").filter({ hasText: /^slug/ });
    await expect(slug).toContainText("Added");
    await expect(slug).toContainText('+After: "acme-demo"');
    await expect(changes.getByRole("listitem").filter({ hasText: /^name/ })).toContainText(`"${DEMO.orgName}"`);
    // The raw snapshots on request.
    await details.getByRole("button", { name: "Show raw JSON" }).click();
    await expect(details.locator("pre").last()).toContainText('"slug": "acme-demo"');

    // The CSV export carries the filters.
    const exportLink = page.getByRole("link", { name: /Export/ });
    await expect(exportLink).toHaveAttribute("href", /^\/api\/audit\/export\?tenant=[0-9a-f-]{36}&action=organization\.created$/);
    const [download] = await Promise.all([page.waitForEvent("download"), exportLink.click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), "utf8");
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",organization.created,organization,");
    expect(lines[1]).toContain(DEMO.email);
  });

  test("a member has no Audit log tab and is told it is for owners and admins", async ({ page }) => {
    await signIn(page, DEMO_MEMBER.email, DEMO_MEMBER.password);
    await expect(page).toHaveURL(new RegExp(`/t/${escapeRegExp(DEMO.orgSlug)}$`));

    await page.goto(`/t/${DEMO.orgSlug}/settings/audit`);
    await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
    await expect(page.getByText("Only owners and admins can open Audit log.")).toBeVisible();
    await expect(settingsTabs(page).getByRole("link", { name: "Audit log" })).toHaveCount(0);
    await expect(page.getByRole("table")).toHaveCount(0);
    await expect(page.getByRole("link", { name: /Export/ })).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Something went wrong" })).toHaveCount(0);
  });
});
