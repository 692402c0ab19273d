import fs from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn, unique } from "./helpers";

/*
 * The product list's record tools: a CSV import (a German spreadsheet: semicolons and
 * decimal commas) with one bad row, and a product's trip through the trash.
 */

const inventory = (path = "") => `/t/${DEMO.orgSlug}/inventory${path}`;
const PRODUCT_URL = /\/inventory\/products\/[0-9a-f-]{36}$/;

async function createProduct(page: Page, sku: string, name: string): Promise<string> {
  await page.goto(inventory("/products/new"));
  await page.getByLabel("SKU").fill(sku);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page).toHaveURL(PRODUCT_URL);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return new URL(page.url()).pathname;
}

async function deleteProduct(page: Page) {
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this product?" });
  await expect(dialog).toContainText("moves to the trash");
  await dialog.getByRole("button", { name: "Delete product" }).click();
  await expect(page).toHaveURL(new RegExp(`${inventory()}$`));
}

test.describe("inventory records", () => {
  test("a semicolon CSV with decimal-comma prices imports, and its bad row is reported by number", async ({ page }) => {
    test.setTimeout(120_000);
    const id = unique().toUpperCase();
    await signIn(page, DEMO.email, DEMO.password);
    await page.goto(inventory());
    await page.getByRole("link", { name: "Import", exact: true }).click();
    await expect(page).toHaveURL(/\/inventory\/imports\/new$/);

    const csv = ["Artikelnummer;Bezeichnung;Einheit;Verkaufspreis", `IMP-A-${id};Schraube ${id};pcs;1.234,50`, `IMP-B-${id};Mutter ${id};pcs;zwölf`, `IMP-C-${id};Dübel ${id};pcs;0,75`].join("\r\n");
    await page.locator('input[type="file"]').setInputFiles({ name: `artikel-${id}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Upload and continue" }).click();
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("button", { name: "Start import" }).click();

    // The import runs as a background job: its report, then the refused row with its spreadsheet row number (header = row 1).
    await expect(page.getByText(/Import finished: 3 rows read, 2 products imported or updated, 1 row refused/)).toBeVisible({ timeout: 60_000 });
    const refused = page.getByRole("row").filter({ hasText: /"zwölf" is not an amount/ });
    await expect(refused.first()).toContainText("3");

    // The history lists it.
    await page.goto(inventory("/imports"));
    await expect(page.getByText(`artikel-${id}.csv`).first()).toBeVisible();

    // The imported products are in the list; the bad row's is not. The decimal comma was read as one.
    await page.goto(inventory(`?q=${encodeURIComponent(id)}`));
    await expect(page.getByRole("table").getByRole("link", { name: `IMP-A-${id}` })).toBeVisible();
    await expect(page.getByRole("table").getByRole("link", { name: `IMP-C-${id}` })).toBeVisible();
    await expect(page.getByRole("table").getByRole("link", { name: `IMP-B-${id}` })).toHaveCount(0);
    await page.getByRole("table").getByRole("link", { name: `IMP-A-${id}` }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Schraube ${id}` })).toBeVisible();
    await expect(page.getByText(/1,234\.50/).first()).toBeVisible();
  });

  test("a deleted product leaves the list, says it is in the trash, and is restored from the trash", async ({ page }) => {
    test.setTimeout(120_000);
    const id = unique().toUpperCase();
    const sku = `BIN-${id}`;
    const name = `Binned widget ${id}`;
    await signIn(page, DEMO.email, DEMO.password);
    const productPath = await createProduct(page, sku, name);

    await deleteProduct(page);
    await page.goto(inventory(`?q=${encodeURIComponent(sku)}`));
    await expect(page.getByText(/No products match/i).first()).toBeVisible();

    // Its page says where it is.
    await page.goto(productPath);
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(`${name}.*is in the trash`) })).toBeVisible();
    await expect(page.getByRole("button", { name: "Restore product" })).toBeVisible();

    // The trash (a tab of the inventory) lists it with who deleted it; Restore brings it back.
    await page.getByRole("link", { name: "Open the trash" }).click();
    await expect(page).toHaveURL(new RegExp(`${inventory("/trash")}$`));
    await expect(page.getByRole("link", { name: "Trash", exact: true })).toHaveAttribute("aria-current", "page");
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText(sku);
    await expect(row).toContainText(`by ${DEMO.name}`);
    await row.getByRole("button", { name: `Restore ${name}` }).click();
    await expect(page.getByText(`Restored product “${name}”.`)).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);

    await page.goto(inventory(`?q=${encodeURIComponent(sku)}`));
    await expect(page.getByRole("table").getByRole("link", { name: sku })).toBeVisible();
    await page.goto(productPath);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  });

  test("a product with stock movements cannot be deleted forever: the trash says why", async ({ page }) => {
    test.setTimeout(120_000);
    const id = unique().toUpperCase();
    const sku = `MOVED-${id}`;
    const name = `Moved widget ${id}`;
    await signIn(page, DEMO.email, DEMO.password);
    await createProduct(page, sku, name);
    await page.getByRole("button", { name: "Receive", exact: true }).click();
    const receive = page.getByRole("dialog");
    await receive.getByLabel(/^Quantity/).fill("2");
    await receive.getByLabel(/^Unit cost/).fill("1.00");
    await receive.getByRole("button", { name: "Receive", exact: true }).click();
    await expect(receive).toBeHidden();
    await deleteProduct(page);

    await page.goto(inventory("/trash"));
    const row = page.getByRole("row").filter({ hasText: name });
    await row.getByRole("button", { name: `Delete forever ${name}` }).click();
    const confirm = page.getByRole("dialog", { name: "Delete this product forever?" });
    await confirm.getByRole("button", { name: "Delete forever" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "has stock movements" })).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(1);
  });

  test("selected products are deactivated and given a category in bulk, exported, and a saved view keeps the status filter", async ({ page }) => {
    test.setTimeout(150_000);
    const id = unique().toUpperCase();
    const [skuA, skuB] = [`BULK-A-${id}`, `BULK-B-${id}`];
    const [nameA, nameB] = [`Bulk alpha ${id}`, `Bulk beta ${id}`];
    await signIn(page, DEMO.email, DEMO.password);
    await createProduct(page, skuA, nameA);
    await createProduct(page, skuB, nameB);

    await page.goto(inventory(`?q=${encodeURIComponent(id)}`));
    const table = page.getByRole("table");
    await expect(table.getByRole("link", { name: skuA })).toBeVisible();
    await expect(table.getByRole("link", { name: skuB })).toBeVisible();

    // Deactivate both.
    await page.getByRole("checkbox", { name: "Select every row shown" }).check();
    await page.getByRole("button", { name: "Deactivate", exact: true }).click();
    const deactivate = page.getByRole("dialog", { name: "Deactivate: 2 products" });
    await deactivate.getByRole("button", { name: "Deactivate", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "2 products deactivated" })).toBeVisible();
    await expect(table.getByText("Inactive", { exact: true })).toHaveCount(2);

    // A category for both.
    await page.getByRole("checkbox", { name: "Select every row shown" }).check();
    await page.getByRole("button", { name: "Set category", exact: true }).click();
    const setCategory = page.getByRole("dialog", { name: "Set the category: 2 products" });
    await setCategory.getByLabel("Category").fill(`Fasteners ${id}`);
    await setCategory.getByRole("button", { name: "Set category" }).click();
    await expect(page.getByRole("status").filter({ hasText: "2 products updated" })).toBeVisible();
    await expect(table.getByText(`Fasteners ${id}`)).toHaveCount(2);

    // The list as filtered, as CSV; then only the selected row.
    const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    const whole = await page.request.get(href!);
    expect(whole.status()).toBe(200);
    const wholeCsv = await whole.text();
    expect(wholeCsv).toContain(skuA);
    expect(wholeCsv).toContain(skuB);
    await page.getByRole("checkbox", { name: `Select ${nameA} (${skuA})` }).check();
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export selected" }).click();
    const selectedCsv = await fs.readFile((await (await download).path())!, "utf8");
    expect(selectedCsv).toContain(skuA);
    expect(selectedCsv).not.toContain(skuB);

    // A saved view keeps "Inactive only" (a yes/no filter) and brings it back.
    await page.getByLabel("Status").selectOption("no");
    await expect(page).toHaveURL(/[?&]active=no/);
    await page.getByRole("button", { name: "Save as new view…" }).click();
    await page.getByLabel("View name").fill(`Inactive ${id}`);
    await page.getByRole("button", { name: "Save view" }).click();
    await expect(page).toHaveURL(/[?&]view=[0-9a-f-]{36}/);
    await page.goto(inventory());
    await page.getByLabel("Saved view").selectOption({ label: `Inactive ${id}` });
    await expect(page).toHaveURL(/[?&]active=no/);
    await expect(page.getByLabel("Status")).toHaveValue("no");
    await expect(page.getByRole("textbox", { name: "Search", exact: true })).toHaveValue(id);
    await expect(page.getByRole("table").getByRole("link", { name: skuA })).toBeVisible();
  });
});
