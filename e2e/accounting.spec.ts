import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn, unique } from "./helpers";

const accounting = (path = "") => `/t/${DEMO.orgSlug}/accounting${path}`;

/** Fills the new-entry form's two lines (major units) and saves the draft; ends on the draft's page. */
async function draft(page: Page, memo: string, debit: string, credit: string, date?: string): Promise<void> {
  await page.goto(accounting());
  await page.getByRole("link", { name: "New entry" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New journal entry" })).toBeVisible();
  if (date) await page.getByLabel("Date", { exact: true }).fill(date);
  await page.getByLabel("Memo").fill(memo);
  await page.getByLabel("Line 1 account").selectOption({ label: "1000 Cash" });
  await page.getByLabel(/^Line 1 debit/).fill(debit);
  await page.getByLabel("Line 2 account").selectOption({ label: "4000 Sales" });
  await page.getByLabel(/^Line 2 credit/).fill(credit);
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page).toHaveURL(/\/accounting\/entries\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Draft entry" })).toBeVisible();
}

test.describe("accounting", () => {
  test("an entry is drafted, posted, numbered, reported and reversed; an unbalanced one is refused", async ({ page }) => {
    test.setTimeout(180_000);
    const id = unique();
    const memo = `E2E sale ${id}`;
    await signIn(page, DEMO.email, DEMO.password);

    // The running totals say whether the lines balance before anything is saved.
    await page.goto(accounting("/entries/new"));
    await page.getByLabel("Line 1 account").selectOption({ label: "1000 Cash" });
    await page.getByLabel(/^Line 1 debit/).fill("100.00");
    await page.getByLabel("Line 2 account").selectOption({ label: "4000 Sales" });
    await page.getByLabel(/^Line 2 credit/).fill("40");
    await expect(page.getByTestId("totals-USD")).toContainText("off by $60.00");
    await page.getByLabel(/^Line 2 credit/).fill("100");
    await expect(page.getByTestId("totals-USD")).toContainText("debits $100.00, credits $100.00 — balances");

    // Cash 100.00 debit / Sales 100.00 credit, saved as a draft, then posted: it gets a number and a hash.
    await draft(page, memo, "100.00", "100.00");
    const entryUrl = page.url();
    await expect(page.getByRole("table", { name: "Lines of draft entry" })).toContainText("$100.00");
    await page.getByRole("button", { name: "Post", exact: true }).click();
    const heading = page.getByRole("heading", { level: 1, name: /^Entry \d+$/ });
    await expect(heading).toBeVisible();
    const number = Number((await heading.textContent())!.replace("Entry ", ""));
    await expect(page.getByText("Posted", { exact: true }).first()).toBeVisible();
    await expect(page.getByText(/^[0-9a-f]{8}…[0-9a-f]{8}$/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Edit" })).toHaveCount(0);

    // The journal lists it with its number.
    await page.goto(accounting("?status=posted"));
    const row = page.getByRole("row").filter({ hasText: memo });
    await expect(row.getByRole("link", { name: `Entry ${number}` })).toBeVisible();
    await expect(row).toContainText("Posted");

    // Trial balance: cash debited 100.00 (the demo's invoices are paid into the bank), sales credited, totals equal.
    await page.goto(accounting("/reports"));
    await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
    const trial = page.getByRole("table", { name: /^Trial balance/ });
    await expect(trial.getByRole("row").filter({ hasText: "1000 Cash" })).toContainText("$100.00");
    await expect(trial.getByRole("row").filter({ hasText: "4000 Sales" })).toContainText("-$");
    await expect(page.getByTestId("trial-total-USD")).toContainText("$0.00");
    // Its CSV has the report's rows, amounts in minor units.
    const csvHref = await page.getByRole("link", { name: "Download CSV" }).getAttribute("href");
    const csv = await (await page.request.get(csvHref!)).text();
    expect(csv.split("\r\n")[0]).toBe("account,currency,debit,credit,balance");
    expect(csv).toContain("1000 Cash,USD,");

    // A figure opens the account's general ledger for the report's dates: the lines behind it.
    await trial.getByRole("row").filter({ hasText: "1000 Cash" }).getByRole("link", { name: "$100.00" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "1000 Cash" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Posted lines with the running balance" })).toContainText(memo);
    await page.goBack();

    // Profit and loss by month, compared with a year earlier: the choice is kept in the URL (this
    // year's dates filled in), the CSV has the same columns, and the sales total opens its ledger.
    await page.getByRole("link", { name: "Profit and loss" }).click();
    await page.getByLabel("Columns").selectOption("month");
    await expect(page).toHaveURL(/columns=month/);
    await expect(page).toHaveURL(/from=\d{4}-01-01&to=\d{4}-12-31/);
    await page.getByLabel("Compare with").selectOption("previous_year");
    await expect(page).toHaveURL(/compare=previous_year/);
    const pl = page.getByRole("table", { name: /^Profit and loss by month, compared with/ });
    await expect(pl.getByRole("columnheader", { name: /^Previous year/ })).toBeVisible();
    const plCsv = await (await page.request.get((await page.getByRole("link", { name: "Download CSV" }).getAttribute("href"))!)).text();
    expect(plCsv.split("\r\n")[0]).toMatch(/^section,account,currency,\d{4}-01,.*,\d{4}-12,total,previous year \(\d{4}-01-01 to \d{4}-12-31\),change,change %$/);
    const sales = pl.getByRole("row").filter({ hasText: "4000 Sales" });
    await sales.locator('a[href*="-01-01&to="][href$="-12-31"]').filter({ hasText: "$" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "4000 Sales" })).toBeVisible();
    await expect(page).toHaveURL(/from=\d{4}-01-01&to=\d{4}-12-31/);
    await expect(page.getByRole("table", { name: "Posted lines with the running balance" })).toContainText(memo);
    await page.goto(accounting("/reports"));

    // Balance sheet: 100.00 of assets, balanced by the earnings not yet closed.
    await page.getByRole("link", { name: "Balance sheet" }).click();
    await expect(page.getByText("Assets equal liabilities and equity in every currency.")).toBeVisible();
    await expect(page.getByRole("table", { name: "Assets by account" }).getByRole("row").filter({ hasText: "1000 Cash" })).toContainText("$");

    // Reverse it: a new posted entry linked both ways.
    await page.goto(entryUrl);
    await page.getByRole("button", { name: "Reverse" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByLabel("Date of the reversal")).not.toHaveValue("");
    await dialog.getByRole("button", { name: "Reverse" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /^Entry \d+$/ })).not.toHaveText(`Entry ${number}`);
    await expect(page.getByText("Reversal", { exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: `Entry ${number}` })).toBeVisible();
    await page.getByRole("link", { name: `Entry ${number}` }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Entry ${number}` })).toBeVisible();
    await expect(page.getByText("Reversed by")).toBeVisible();
    await expect(page.getByRole("button", { name: "Reverse" })).toHaveCount(0);

    // An unbalanced draft is saved, but posting it is refused in the server's words.
    await draft(page, `E2E unbalanced ${id}`, "100.00", "50.00");
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "The entry does not balance in USD: debits 100, credits 50." })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "Draft entry" })).toBeVisible();
    // It stays a draft: delete it.
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete the draft" }).click();
    await expect(page).toHaveURL(new RegExp(`${accounting()}$`));
  });

  test("the integrity check, and a lock date refusing a posting in Settings → Accounting", async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, DEMO.email, DEMO.password);
    const settings = `/t/${DEMO.orgSlug}/settings/accounting`;
    await page.goto(settings);
    await expect(page.getByRole("heading", { name: "Integrity check" })).toBeVisible();
    await expect(page.getByText(/Entries 1–\d+ verified, chain intact\.|No posted entries yet/)).toBeVisible();

    // Lock everything up to 2000-01-01: an entry dated the day before is refused in the database's words.
    await page.getByLabel("Lock date for everyone").fill("2000-01-01");
    await page.getByRole("button", { name: "Save the lock dates" }).click();
    await expect(page.getByText("The lock dates are saved.")).toBeVisible();
    await draft(page, `E2E locked ${unique()}`, "10", "10", "1999-12-31");
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "The books are locked up to 2000-01-01: post this entry on a later date." })).toBeVisible();
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete the draft" }).click();
    await expect(page).toHaveURL(new RegExp(`${accounting()}$`));

    // Unlock again. A value typed before the page is interactive is reset by hydration (and the
    // settings page hydrates late: it also loads the tax rates and invoice settings), so the whole
    // unlock is retried until a reload shows it saved.
    await expect(async () => {
      await page.goto(settings);
      const lockDate = page.getByLabel("Lock date for everyone");
      await lockDate.fill("");
      await expect(lockDate).toHaveValue("", { timeout: 1_000 });
      await page.getByRole("button", { name: "Save the lock dates" }).click();
      await expect(page.getByText("The lock dates are saved.")).toBeVisible({ timeout: 5_000 });
      await page.reload();
      await expect(page.getByLabel("Lock date for everyone")).toHaveValue("", { timeout: 5_000 });
    }).toPass({ timeout: 60_000 });
  });
});
