import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn, unique } from "./helpers";

/* Record lists: the column chooser saved with a view, and cells edited in place (issue 10). */

const crm = (path: string) => `/t/${DEMO.orgSlug}/crm${path}`;

/** The column headers' names, in order. */
async function headers(page: Page): Promise<string[]> {
  const cells = page.getByRole("table").first().getByRole("columnheader");
  return (await cells.allInnerTexts()).map((text) => text.trim().split("\n")[0]!.trim().toLowerCase());
}

async function createContact(page: Page, first: string, last: string, email: string) {
  await page.goto(crm("/contacts/new"));
  await page.getByLabel("First name").fill(first);
  await page.getByLabel("Last name").fill(last);
  await page.getByRole("textbox", { name: "Email 1" }).fill(email);
  await page.getByRole("button", { name: "Create contact" }).click();
  await expect(page.getByRole("heading", { name: `${first} ${last}` })).toBeVisible();
}

test.describe("record list columns and inline editing", () => {
  test("hiding and moving columns is kept in a saved view across a reload", async ({ page }) => {
    const id = unique();
    await signIn(page, DEMO.email, DEMO.password);
    await page.goto(crm("/contacts"));
    await expect(page.getByRole("table")).toBeVisible();
    expect(await headers(page)).toEqual(expect.arrayContaining(["name", "email", "company", "owner"]));

    const chooser = page.getByRole("button", { name: /^Columns/ });
    await chooser.click();
    const panel = page.getByRole("group", { name: "Columns shown and their order" });
    await panel.getByRole("checkbox", { name: "Email" }).uncheck();
    // Keyboard: the move buttons are ordinary buttons.
    await panel.getByRole("button", { name: "Move Owner up" }).focus();
    await page.keyboard.press("Enter");
    await expect(panel.getByRole("button", { name: "Move Owner up" })).toBeFocused();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Escape");
    await expect(chooser).toBeFocused();
    await expect(chooser).toHaveText(/1 hidden/);

    const expected = (await headers(page)).filter((h) => h !== "email");
    expect(await headers(page)).not.toContain("email");
    expect(expected.indexOf("owner")).toBeLessThan(expected.indexOf("company"));
    expect(expected.indexOf("owner")).toBeLessThan(expected.indexOf("phone"));

    await page.getByRole("button", { name: "Save as new view…" }).click();
    await page.getByLabel("View name").fill(`Columns ${id}`);
    await page.getByRole("button", { name: "Save view" }).click();
    await expect(page).toHaveURL(/[?&]view=[0-9a-f-]{36}/);
    await expect(page.getByLabel("Saved view")).toHaveValue(/[0-9a-f-]{36}/);

    await page.reload();
    await expect(page.getByRole("table")).toBeVisible();
    await expect.poll(() => headers(page)).toEqual(expected);
    await expect(page.getByRole("button", { name: "Save changes to view" })).toHaveCount(0);
  });

  test("a contact's name edited in its cell shows on the record page; a bad email is refused in the cell", async ({ page }) => {
    const id = unique();
    const email = `inline-${id}@example.com`;
    await signIn(page, DEMO.email, DEMO.password);
    await createContact(page, "Ines", `Lindt ${id}`, email);

    await page.goto(crm(`/contacts?q=${encodeURIComponent(id)}`));
    const row = page.getByRole("row", { name: new RegExp(`Ines Lindt ${id}`) });
    await expect(row).toBeVisible();

    // The name: the edit button of the cell, two inputs, Enter saves, focus comes back to the cell.
    await row.getByRole("button", { name: `Edit name of Ines Lindt ${id}` }).click();
    const editor = page.getByRole("form", { name: `Edit name of Ines Lindt ${id}` });
    await editor.getByRole("textbox", { name: "First name" }).fill("Inga");
    await editor.getByRole("textbox", { name: "Last name" }).fill(`Lund ${id}`);
    await page.keyboard.press("Enter");
    const renamed = page.getByRole("link", { name: `Inga Lund ${id}` });
    await expect(renamed).toBeVisible();
    await expect(page.getByRole("button", { name: `Edit name of Inga Lund ${id}` })).toBeFocused();

    // A malformed email: the server's message in the cell, the old value kept.
    const newRow = page.getByRole("row", { name: new RegExp(`Inga Lund ${id}`) });
    await newRow.getByRole("button", { name: `Edit primary email of Inga Lund ${id}` }).click();
    const emailBox = page.getByRole("textbox", { name: `primary email of Inga Lund ${id}` });
    await emailBox.fill("not-an-email");
    await emailBox.press("Enter");
    await expect(newRow.getByRole("alert")).toHaveText("Enter a valid email address, like ann@example.com.");
    await expect(emailBox).toHaveAttribute("aria-invalid", "true");
    await emailBox.press("Escape");
    await expect(newRow.getByRole("link", { name: email })).toBeVisible();

    // The record page: the new name, and the email unchanged.
    await renamed.click();
    await expect(page.getByRole("heading", { name: `Inga Lund ${id}` })).toBeVisible();
    await expect(page.getByText(email).first()).toBeVisible();
    await page.goto(crm(`/contacts?q=${encodeURIComponent(id)}`));
    await expect(page.getByRole("row", { name: new RegExp(`Inga Lund ${id}`) }).getByRole("link", { name: email })).toBeVisible();
  });
});
