import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn, unique } from "./helpers";

const demo = (path: string) => `/t/${DEMO.orgSlug}${path}`;

/** Fills a field once the page is interactive: a value typed before hydration is reset, so type until it holds. */
async function fillWhenReady(page: Page, label: string | RegExp, value: string, exact = true): Promise<void> {
  const field = page.getByLabel(label, { exact: typeof label === "string" ? exact : undefined });
  await expect(async () => {
    await field.fill(value);
    await expect(field).toHaveValue(value, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

/** A stock product selling at 12.50 with 10 received at 5.00; returns its page's URL. */
async function productWithStock(page: Page, sku: string, name: string): Promise<string> {
  await page.goto(demo("/inventory/products/new"));
  await fillWhenReady(page, "SKU", sku);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel(/^Sale price/).fill("12.50");
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page).toHaveURL(/\/inventory\/products\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByRole("button", { name: "Receive", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel(/^Quantity/).fill("10");
  await dialog.getByLabel(/^Unit cost/).fill("5.00");
  await dialog.getByRole("button", { name: "Receive", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("table", { name: `Stock of ${name} by warehouse` }).getByRole("row", { name: /Main warehouse/ })).toContainText("10 pcs");
  return page.url();
}

async function company(page: Page, name: string): Promise<void> {
  await page.goto(demo("/crm/companies/new"));
  await fillWhenReady(page, "Name", name);
  await page.getByRole("button", { name: "Create company" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

async function taxRate(page: Page, name: string, percent: string): Promise<void> {
  await page.goto(demo("/settings/accounting"));
  const form = page.getByRole("form", { name: "Add a tax rate" });
  await expect(async () => {
    await form.getByLabel("Name").fill(name);
    await expect(form.getByLabel("Name")).toHaveValue(name, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await form.getByLabel("Rate %").fill(percent);
  await form.getByRole("button", { name: "Add the rate" }).click();
  await expect(page.getByText(`${name} is added.`)).toBeVisible();
  await expect(page.getByRole("table", { name: "Tax rates" })).toContainText(name);
}

/** Drafts an invoice of 2 × the product with the tax rate, and sends it; ends on its page, returns its number. */
async function sendInvoice(page: Page, companyName: string, productName: string, rateName: string): Promise<string> {
  await page.goto(demo("/accounting/invoices"));
  await page.getByRole("link", { name: "New invoice", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New invoice" })).toBeVisible();
  const customer = page.getByRole("combobox", { name: "Customer company" });
  await expect(async () => {
    await customer.fill(companyName);
    await page.getByRole("option", { name: new RegExp(companyName) }).first().click({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await page.getByRole("combobox", { name: "Line 1 product" }).fill(productName);
  await page.getByRole("option", { name: new RegExp(productName) }).first().click();
  await expect(page.getByLabel("Line 1 description")).toHaveValue(productName);
  await expect(page.getByLabel(/^Line 1 unit price/)).toHaveValue("12.5");
  await page.getByLabel("Line 1 quantity").fill("2");
  await page.getByRole("checkbox", { name: `Line 1 tax ${rateName}` }).check();
  // The form's live totals, computed in the browser with the server's arithmetic.
  const preview = page.getByRole("region", { name: "Totals" });
  await expect(preview).toContainText(`${rateName}$2.50`);
  await expect(page.getByTestId("document-total-preview")).toHaveText("$27.50");
  const shownTotal = await page.getByTestId("document-total-preview").textContent();
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page).toHaveURL(/\/accounting\/documents\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Draft invoice" })).toBeVisible();
  // 2 × 12.50 = 25.00, 10 % tax 2.50: 27.50, computed by the server: what the form showed.
  await expect(page.getByTestId("document-subtotal")).toHaveText("$25.00");
  await expect(page.getByTestId("document-tax")).toHaveText("$2.50");
  await expect(page.getByTestId("document-total")).toHaveText(shownTotal!);

  await page.getByRole("button", { name: "Send", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Send", exact: true }).click();
  const heading = page.getByRole("heading", { level: 1, name: /^Invoice INV-\d{4}-\d{4,}$/ });
  await expect(heading).toBeVisible();
  await expect(page.getByText("Unpaid", { exact: true })).toBeVisible();
  return (await heading.textContent())!.replace("Invoice ", "");
}

async function recordPayment(page: Page, amount: string | null): Promise<void> {
  await page.getByRole("button", { name: "Record payment" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Amount (USD)")).not.toHaveValue("");
  if (amount) await dialog.getByLabel("Amount (USD)").fill(amount);
  await dialog.getByRole("button", { name: "Record the payment" }).click();
  await expect(dialog).toBeHidden();
}

/** The text of an account's row in a report table (whatever its columns). */
async function rowText(page: Page, account: string): Promise<string> {
  const row = page.getByRole("row").filter({ hasText: account }).first();
  await expect(row).toBeVisible();
  return (await row.textContent()) ?? "";
}

test.describe("invoices", () => {
  test("an invoice for a stock product is sent, paid in two payments, ships its stock and shows in the reports", async ({ page }) => {
    test.setTimeout(240_000);
    const id = unique();
    const sku = `INV-E2E-${id}`.toUpperCase();
    const productName = `Invoiced widget ${id}`;
    const companyName = `Invoice customer ${id}`;
    const rateName = `E2E tax ${id}`;
    await signIn(page, DEMO.email, DEMO.password);

    // The reports before the sale.
    await page.goto(demo("/accounting/reports?report=income-statement"));
    const salesBefore = await rowText(page, "4000 Sales").catch(() => "");
    await page.goto(demo("/accounting/reports?report=balance-sheet"));
    const bankBefore = await rowText(page, "1010 Bank").catch(() => "");

    const productUrl = await productWithStock(page, sku, productName);
    await company(page, companyName);
    await taxRate(page, rateName, "10");
    const number = await sendInvoice(page, companyName, productName, rateName);
    const invoiceUrl = page.url();
    await expect(page.getByRole("link", { name: /^Entry \d+$/ })).toBeVisible();

    // Its PDF.
    const pdfHref = await page.getByRole("link", { name: "Download PDF" }).getAttribute("href");
    const pdf = await page.request.get(pdfHref!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toContain("application/pdf");
    expect((await pdf.body()).subarray(0, 4).toString()).toBe("%PDF");

    // Emailed: the company has no address on file, so the recipient is typed.
    await page.getByRole("button", { name: "Email invoice" }).click();
    const emailDialog = page.getByRole("dialog");
    await emailDialog.getByLabel("To").fill(`billing-${id}@example.com`);
    await emailDialog.getByRole("button", { name: "Send the email" }).click();
    await expect(emailDialog).toBeHidden();
    await expect(page.getByText(`The email to billing-${id}@example.com is on its way.`)).toBeVisible();

    // The list finds it by number, unpaid.
    await page.goto(demo(`/accounting/invoices?status=unpaid&q=${encodeURIComponent(number)}`));
    const listed = page.getByRole("row").filter({ hasText: number });
    await expect(listed).toContainText(companyName);
    await expect(listed).toContainText("$27.50");
    await expect(listed).toContainText("Unpaid");

    // 10.00 now, then the 17.50 left (the dialog offers it).
    await page.goto(invoiceUrl);
    await recordPayment(page, "10.00");
    await expect(page.getByText("Partially paid", { exact: true })).toBeVisible();
    await expect(page.getByRole("table", { name: "Payments and credits" })).toContainText("$10.00");
    await recordPayment(page, null);
    await expect(page.getByRole("definition").filter({ hasText: /^Paid$/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Record payment" })).toHaveCount(0);
    await expect(page.getByRole("table", { name: "Payments and credits" })).toContainText("$17.50");
    await page.goto(demo(`/accounting/invoices?status=paid&q=${encodeURIComponent(number)}`));
    await expect(page.getByRole("row").filter({ hasText: number })).toContainText("Paid");

    // Two units shipped: 8 on hand.
    await page.goto(productUrl);
    await expect(page.getByRole("table", { name: `Stock of ${productName} by warehouse` }).getByRole("row", { name: /Main warehouse/ })).toContainText("8 pcs");

    // The profit and loss has the sale, the balance sheet the money in the bank.
    await page.goto(demo("/accounting/reports?report=income-statement"));
    expect(await rowText(page, "4000 Sales")).not.toBe(salesBefore);
    await expect(page.getByRole("row").filter({ hasText: "5000 Cost of goods sold" }).first()).toBeVisible();
    await page.goto(demo("/accounting/reports?report=balance-sheet"));
    expect(await rowText(page, "1010 Bank")).not.toBe(bankBefore);
  });
});
