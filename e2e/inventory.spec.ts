import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn, unique } from "./helpers";

const inventory = (path = "") => `/t/${DEMO.orgSlug}/inventory${path}`;

/** Opens a movement dialog from the product page, fills it and submits; waits for the page's confirmation. */
async function move(page: Page, action: "Receive" | "Ship", fields: { quantity: string; unitCost?: string; date?: string; reference?: string }, confirmation: RegExp) {
  await page.getByRole("button", { name: action, exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByLabel(/^Quantity/).fill(fields.quantity);
  if (fields.unitCost) await dialog.getByLabel(/^Unit cost/).fill(fields.unitCost);
  if (fields.date) await dialog.getByLabel("Date", { exact: true }).fill(fields.date);
  if (fields.reference) await dialog.getByLabel("Reference").fill(fields.reference);
  await dialog.getByRole("button", { name: action, exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: confirmation })).toBeVisible();
}

/** A day `days` before today as YYYY-MM-DD (UTC; three days back is in the past in every time zone). */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

test.describe("inventory", () => {
  test("a product is received at two costs, shipped, and re-costed by a backdated receipt", async ({ page }) => {
    test.setTimeout(180_000);
    const id = unique();
    const sku = `E2E-${id}`.toUpperCase();
    const name = `Test widget ${id}`;
    await signIn(page, DEMO.email, DEMO.password);

    // The seeded demo products are listed with their stock.
    await page.goto(inventory());
    await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
    await expect(page.getByRole("table").getByRole("link", { name: "DESK-OAK" })).toBeVisible();

    // A new product.
    await page.getByRole("link", { name: "New product" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "New product" })).toBeVisible();
    // A field error from the server appears next to its field: a SKU with a space.
    await page.getByLabel("SKU").fill("BAD SKU");
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByRole("button", { name: "Create product" }).click();
    await expect(page.getByText("A SKU cannot contain spaces.")).toBeVisible();
    await page.getByLabel("SKU").fill(sku);
    await page.getByLabel(/^Sale price/).fill("12.50");
    await page.getByRole("button", { name: "Create product" }).click();
    await expect(page).toHaveURL(/\/inventory\/products\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByText("No movements yet. Receive stock to start.")).toBeVisible();

    // 10 at 5.00, 10 at 7.00, ship 3: 17 on hand at an average of 6.00.
    await move(page, "Receive", { quantity: "10", unitCost: "5.00", reference: "PO-1" }, /Received 10 pcs into Main warehouse/);
    await move(page, "Receive", { quantity: "10", unitCost: "7.00", reference: "PO-2" }, /Received 10 pcs into Main warehouse/);
    await move(page, "Ship", { quantity: "3", reference: "SO-1" }, /Shipped 3 pcs from Main warehouse/);

    // Shipping more than is on hand is refused with the server's words.
    await page.getByRole("button", { name: "Ship", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/^Quantity/).fill("100");
    await dialog.getByRole("button", { name: "Ship", exact: true }).click();
    await expect(dialog.getByRole("alert").filter({ hasText: /Not enough stock of/ })).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();

    const stock = page.getByRole("table", { name: `Stock of ${name} by warehouse` });
    const main = stock.getByRole("row", { name: /Main warehouse/ });
    await expect(main).toContainText("17 pcs");
    await expect(main).toContainText("$6.00");
    await expect(main).toContainText("$102.00");

    const history = page.getByRole("table", { name: "Movements of this product, newest first" });
    const rows = history.locator("tbody tr");
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText("Shipment");
    await expect(rows.nth(0)).toContainText("-3");
    await expect(rows.nth(0)).toContainText("SO-1");
    await expect(rows.nth(0)).toContainText("17");
    await expect(rows.nth(1)).toContainText("Receipt");
    await expect(rows.nth(1)).toContainText("$7.00");
    await expect(rows.nth(2)).toContainText("$5.00");

    // A receipt of 5 at 3.00 dated three days ago, before everything: the shipment was costed at 6.00,
    // it is corrected to the new average at its time, (15 + 50 + 70) / 25 = 5.40: a revaluation of +1.80.
    await move(page, "Receive", { quantity: "5", unitCost: "3.00", date: daysAgo(3), reference: "PO-0" }, /Received 5 pcs into Main warehouse/);
    await expect(main).toContainText("22 pcs");
    await expect(main).toContainText("$5.40");
    await expect(main).toContainText("$118.80");
    const revaluation = history.getByRole("row", { name: /Revaluation \(backdated movement\)/ });
    await expect(revaluation).toHaveCount(1);
    await expect(revaluation).toContainText("$1.80");
    await expect(rows).toHaveCount(5);

    // The product's chart has its points, and the scan box opens the product by its SKU.
    await expect(page.getByRole("region", { name: "On hand over time" })).toBeVisible();
    await page.goto(inventory());
    await page.getByLabel("Scan a barcode or SKU").fill(sku);
    await page.getByLabel("Scan a barcode or SKU").press("Enter");
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

    // The valuation and the low stock pages answer.
    await page.getByRole("link", { name: "Valuation" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Stock valuation" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Stock value by warehouse and currency" })).toContainText("Main warehouse");
    await page.getByRole("link", { name: "Low stock" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Low stock" })).toBeVisible();
  });

  test("a missing product answers 404 with the product's not-found page", async ({ page }) => {
    await signIn(page, DEMO.email, DEMO.password);
    const response = await page.goto(inventory("/products/00000000-0000-4000-8000-000000000000"));
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "This product is not available" })).toBeVisible();
  });
});

test("a scanner counts units in the receive dialog; another product's code is refused; a picture can be added", async ({ page }) => {
  await signIn(page, DEMO.email, DEMO.password);
  await page.goto(inventory());
  await page.getByRole("table").getByRole("link", { name: "DESK-OAK" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Oak standing desk" })).toBeVisible();

  await page.getByRole("button", { name: "Receive", exact: true }).click();
  const dialog = page.getByRole("dialog");
  const scan = dialog.getByLabel("Scan (optional)");
  // A scanner types the code and presses Enter; the dialog stays open and counts.
  for (let i = 0; i < 3; i++) {
    await scan.fill("DESK-OAK");
    await scan.press("Enter");
  }
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel(/^Quantity/)).toHaveValue("3");
  await scan.fill("CHAIR-ERG");
  await scan.press("Enter");
  await expect(dialog.getByText("CHAIR-ERG is not the barcode or SKU of Oak standing desk.")).toBeVisible();
  await expect(dialog.getByLabel(/^Quantity/)).toHaveValue("3");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  // A 1×1 PNG as the product's picture; a text file posing as one is refused by the server.
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
  await page.getByLabel(/Add a picture|Replace picture/).setInputFiles({ name: "fake.png", mimeType: "image/png", buffer: Buffer.from("not an image") });
  await expect(page.getByText("This file is not a PNG, JPEG or WebP image.")).toBeVisible();
  await page.getByLabel(/Add a picture|Replace picture/).setInputFiles({ name: "desk.png", mimeType: "image/png", buffer: png });
  await expect(page.getByRole("img", { name: "Picture of Oak standing desk" })).toBeVisible();
  await page.getByRole("button", { name: "Remove picture" }).click();
  await expect(page.getByRole("img", { name: "Picture of Oak standing desk" })).toBeHidden();
});
