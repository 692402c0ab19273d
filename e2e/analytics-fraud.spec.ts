import { expect, test, type Page } from "@playwright/test";
import { putDemoBackOnFree, registerOrSignInAdmin, setDemoPlan } from "./admin-account";
import { DEMO, signIn, unique } from "./helpers";

/*
 * Fraud review end to end (issue 16, item 5): fraud scores are a Business feature. With the demo
 * organization on Business the owner scores the seeded two years (the seed ran on Free, where
 * nothing is recorded), sees the highest scores with their reasons in words and the method in use,
 * confirms one item with a note and dismisses another, and finds each under its filter.
 * A member (Sam Sales) has no Fraud review tab.
 */

const analytics = (path = "") => `/t/${DEMO.orgSlug}/analytics${path}`;
/** Sam Sales: a member (below admin) of the demo organization, same password as the demo owner. */
const DEMO_MEMBER = { email: "sam@neuroops.local", password: DEMO.password } as const;

let demoOnBusiness = false;

/** The queue's rows: each has its own Confirm button (the reasons inside are list items too, without one). */
const queueRows = (page: Page) => page.getByRole("listitem").filter({ has: page.getByRole("button", { name: /^Confirm .+ as fraud$/ }) });

/** "Score new items" until nothing is left (500 a request). */
async function scoreEverything(page: Page): Promise<void> {
  const button = page.getByRole("button", { name: "Score new items" });
  const outcome = page.getByRole("status").filter({ hasText: /^Scored \d+ items?/ });
  for (let round = 0; round < 20; round += 1) {
    // The mutation's answer, then its message: clicking again hides the last one until the new answer.
    await Promise.all([page.waitForResponse((response) => response.url().includes("analytics.fraud.refresh") && response.request().method() === "POST"), button.click()]);
    await expect(outcome).toBeVisible({ timeout: 30_000 });
    if (!/press again to continue/.test(await outcome.innerText())) return;
  }
  throw new Error("still items left to score after 20 rounds");
}

test.describe("analytics fraud review", () => {
  test.afterAll(async ({ browser }) => {
    if (!demoOnBusiness) return;
    await putDemoBackOnFree(browser);
    demoOnBusiness = false;
  });

  test("on Business the owner sees scored items with their reasons, confirms one and dismisses another", async ({ page }) => {
    test.slow(); // two sign-ins and the backfill of two years of items
    await registerOrSignInAdmin(page);
    demoOnBusiness = true; // before the change: afterAll must undo it even if the change's answer is lost
    await setDemoPlan(page, "Business");
    await page.context().clearCookies();
    await signIn(page, DEMO.email, DEMO.password);

    await page.goto(analytics());
    await page.getByRole("navigation", { name: "Analytics sections" }).getByRole("link", { name: "Fraud review" }).click();
    await expect(page).toHaveURL(new RegExp(`${analytics("/fraud")}$`));
    await expect(page.getByRole("heading", { level: 1, name: "Fraud review" })).toBeVisible();

    await scoreEverything(page);

    // The method in use and why: rules until enough labels (or the learned model's figures).
    await expect(page.getByText(/^Scored by (rules|the tenant's learned model)$/)).toBeVisible();
    await expect(page.getByText(/^(No labels yet: confirm or dismiss items below|Scoring by (rules|the learned model): )/)).toBeVisible();

    // Highest first, each with its score and reasons in words with their points; the seed's duplicate bills are among the top.
    const rows = queueRows(page);
    await expect(rows.first()).toBeVisible();
    await expect(rows.first().getByLabel(/^Score \d+ of 100$/)).toBeVisible();
    await expect(rows.first().getByRole("listitem").first()).toHaveText(/^[A-Z].+ \(\+\d+ points\)$/);
    await expect(rows.filter({ hasText: /Same supplier and amount as bill / }).first()).toBeVisible();

    // Confirm the highest with a note: it leaves the queue to review.
    const id = unique();
    const confirmNote = `double billing ${id}`;
    const first = rows.first();
    const firstName = (await first.getByRole("link").first().innerText()).trim();
    await first.getByRole("button", { name: /^Confirm .+ as fraud$/ }).click();
    const confirmDialog = page.getByRole("dialog", { name: /^Confirm .+ as fraud\?$/ });
    await confirmDialog.getByLabel("Note (optional)").fill(confirmNote);
    await confirmDialog.getByRole("button", { name: "Confirm fraud" }).click();
    await expect(confirmDialog).toBeHidden();
    await expect(rows.filter({ has: page.getByRole("link", { name: firstName, exact: true }) })).toHaveCount(0);

    // Dismiss the next one, also with a note.
    const dismissNote = `known supplier ${id}`;
    const second = rows.first();
    const secondName = (await second.getByRole("link").first().innerText()).trim();
    await second.getByRole("button", { name: /^Dismiss / }).click();
    const dismissDialog = page.getByRole("dialog", { name: /^Dismiss .+\?$/ });
    await dismissDialog.getByLabel("Note (optional)").fill(dismissNote);
    await dismissDialog.getByRole("button", { name: "Dismiss" }).click();
    await expect(dismissDialog).toBeHidden();
    await expect(rows.filter({ has: page.getByRole("link", { name: secondName, exact: true }) })).toHaveCount(0);

    // Each under its filter, with who labelled it and the note.
    const status = page.getByLabel("Status");
    await status.selectOption({ label: "Confirmed fraud" });
    const confirmed = page.getByRole("listitem").filter({ hasText: `“${confirmNote}”` });
    await expect(confirmed).toContainText("Confirmed as fraud by Dana Demo");
    await expect(confirmed.getByRole("link", { name: firstName, exact: true })).toBeVisible();
    await expect(confirmed.getByRole("button", { name: /^Dismiss / })).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: `“${dismissNote}”` })).toHaveCount(0);

    await status.selectOption({ label: "Dismissed" });
    const dismissed = page.getByRole("listitem").filter({ hasText: `“${dismissNote}”` });
    await expect(dismissed).toContainText("Dismissed by Dana Demo");
    await expect(dismissed.getByRole("link", { name: secondName, exact: true })).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: `“${confirmNote}”` })).toHaveCount(0);

    // The counts in the method summary follow.
    await expect(page.getByText(/\d+ scored, \d+ to review, [1-9]\d* confirmed, [1-9]\d* dismissed/)).toBeVisible();
  });

  test("a member sees no Fraud review tab, and the page tells them it is for admins", async ({ page }) => {
    await signIn(page, DEMO_MEMBER.email, DEMO_MEMBER.password);
    await page.goto(analytics());
    const tabs = page.getByRole("navigation", { name: "Analytics sections" });
    await expect(tabs.getByRole("link", { name: "Anomalies" })).toBeVisible();
    await expect(tabs.getByRole("link", { name: "Fraud review" })).toHaveCount(0);

    await page.goto(analytics("/fraud"));
    await expect(page.getByRole("heading", { name: "Only admins review fraud scores" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Score new items" })).toHaveCount(0);
  });
});
