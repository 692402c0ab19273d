import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "./helpers";

/**
 * Issue 10, "What switchers miss first" 5: lists and record pages render their first data
 * on the server. The HTML as received (scripts removed: the markup, not the hydration data)
 * already holds the rows and the record, and the browser does not fetch them again.
 */

const base = `/t/${DEMO.orgSlug}/crm`;

/** The page's markup as the server sent it, with the session cookie, without running any script. */
async function serverMarkup(page: Page, path: string): Promise<string> {
  const response = await page.request.get(path);
  expect(response.status()).toBe(200);
  return (await response.text()).replace(/<script\b[\s\S]*?<\/script>/g, "");
}

/** Errors the page reports while `open` runs (a hydration mismatch is React's error #418/#423/#425). */
async function pageErrors(page: Page, open: () => Promise<unknown>): Promise<string[]> {
  const errors: string[] = [];
  const onError = (error: Error) => errors.push(error.message);
  const onConsole = (message: { type(): string; text(): string }) => {
    if (message.type() === "error" && /hydrat|#418|#423|#425/i.test(message.text())) errors.push(message.text());
  };
  page.on("pageerror", onError);
  page.on("console", onConsole);
  await open();
  await page.waitForLoadState("networkidle");
  page.off("pageerror", onError);
  page.off("console", onConsole);
  return errors;
}

/** The tRPC procedures the browser calls while `open` runs and the page settles. */
async function proceduresCalled(page: Page, open: () => Promise<unknown>): Promise<string[]> {
  const called: string[] = [];
  const listener = (request: { url(): string }) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/trpc/")) called.push(...url.pathname.slice("/api/trpc/".length).split(","));
  };
  page.on("request", listener);
  await open();
  await page.waitForLoadState("networkidle");
  page.off("request", listener);
  return called;
}

test.describe("server-rendered first data", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, DEMO.email, DEMO.password);
  });

  test("the contacts list's HTML holds its first rows, for the URL's filters", async ({ page }) => {
    expect(await serverMarkup(page, `${base}/contacts`)).toMatch(/>Hank Scorpio</);
    const filtered = await serverMarkup(page, `${base}/contacts?q=scorpio&sort=name.asc`);
    expect(filtered).toMatch(/>Hank Scorpio</);
    expect(filtered).not.toMatch(/>Nancy Davolio</);
  });

  test("the companies list and the deals board come with their data", async ({ page }) => {
    expect(await serverMarkup(page, `${base}/companies`)).toContain("Northwind Traders");
    expect(await serverMarkup(page, `${base}/deals`)).toContain("Initech TPS automation");
  });

  test("a record page's HTML holds the record and its latest activity; the browser does not fetch them again", async ({ page }) => {
    await page.goto(`${base}/contacts?q=scorpio`);
    await page.getByRole("link", { name: "Hank Scorpio" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Hank Scorpio" })).toBeVisible();
    const latest = page.getByRole("article").first().getByRole("heading", { level: 3 });
    const subject = (await latest.textContent())!.trim();
    expect(subject).not.toBe("");
    const path = new URL(page.url()).pathname;

    const markup = await serverMarkup(page, path);
    expect(markup).toMatch(/<h1[^>]*>Hank Scorpio<\/h1>/);
    expect(markup).toContain(subject);

    const called = await proceduresCalled(page, () => page.goto(path));
    await expect(page.getByRole("heading", { level: 1, name: "Hank Scorpio" })).toBeVisible();
    expect(called).not.toContain("crm.contacts.get");
    expect(called).not.toContain("crm.activities.timeline");
    expect(called).not.toContain("crm.deals.forRecord");
  });

  test("the prefetched pages hydrate without a mismatch", async ({ page }) => {
    for (const path of [`${base}/contacts`, `${base}/companies`, `${base}/deals`, `${base}/deals/list`]) {
      expect(await pageErrors(page, () => page.goto(path)), path).toEqual([]);
    }
    await page.goto(`${base}/contacts?q=scorpio`);
    await page.getByRole("link", { name: "Hank Scorpio" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Hank Scorpio" })).toBeVisible();
    const contact = new URL(page.url()).pathname;
    await page.getByRole("link", { name: "Globex", exact: true }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Globex" })).toBeVisible();
    const company = new URL(page.url()).pathname;
    for (const path of [contact, company]) expect(await pageErrors(page, () => page.goto(path)), path).toEqual([]);
  });

  test("the contacts list is not fetched again by the browser on load", async ({ page }) => {
    const called = await proceduresCalled(page, () => page.goto(`${base}/contacts`));
    await expect(page.getByRole("link", { name: "Hank Scorpio" }).first()).toBeVisible();
    expect(called).not.toContain("crm.contacts.list");
    expect(called).not.toContain("crm.fields.list");
  });

  test("the product list (with its saved views, bulk selection and columns) hydrates without a mismatch and is not fetched again", async ({ page }) => {
    const products = `/t/${DEMO.orgSlug}/inventory`;
    expect(await pageErrors(page, () => page.goto(products))).toEqual([]);
    const called = await proceduresCalled(page, () => page.goto(products));
    await expect(page.getByRole("table").getByRole("link", { name: "DESK-OAK" })).toBeVisible();
    expect(called).not.toContain("inventory.products.list");
    expect(called).not.toContain("inventory.views.list");
  });
});
