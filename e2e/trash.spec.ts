import { expect, test } from "@playwright/test";
import { newUser, registerWithOrganization, unique } from "./helpers";

const RECORD_URL = /\/crm\/contacts\/[0-9a-f-]{36}$/;

/** Issue 10, "what switchers miss first" 3: deleting moves a record to the trash, and it comes back whole. */
test("a deleted contact leaves the list and search, and is restored from the trash with its activity", async ({ page }) => {
  test.setTimeout(180_000); // many pages on the single embedded connection
  const id = unique();
  const slug = await registerWithOrganization(page, newUser("Tara"), `Trash Org ${id}`);
  const crm = (path: string) => `/t/${slug}/crm${path}`;
  const name = `Trudy Bin${id}`;

  // Someone who stays, so the list has loaded when Trudy is missing from it.
  await page.goto(crm("/contacts/new"));
  await page.getByLabel("First name").fill("Kim");
  await page.getByLabel("Last name").fill(`Keeper${id}`);
  await page.getByRole("button", { name: "Create contact" }).click();
  await expect(page).toHaveURL(RECORD_URL);

  await page.goto(crm("/contacts/new"));
  await page.getByLabel("First name").fill("Trudy");
  await page.getByLabel("Last name").fill(`Bin${id}`);
  await page.getByRole("button", { name: "Create contact" }).click();
  await expect(page).toHaveURL(RECORD_URL);
  const contactUrl = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const composer = page.getByRole("form", { name: "Log an activity" });
  await composer.getByText("Call", { exact: true }).click();
  await composer.getByLabel("Subject").fill(`Call about the bin ${id}`);
  await composer.getByRole("button", { name: "Log call" }).click();
  await expect(page.getByText(`Call about the bin ${id}`).first()).toBeVisible();

  // Delete: it moves to the trash.
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this contact?" });
  await expect(dialog).toContainText("moves to the trash");
  await dialog.getByRole("button", { name: "Delete contact" }).click();
  await expect(page).toHaveURL(new RegExp(`${crm("/contacts")}$`));
  await expect(page.getByRole("link", { name: `Kim Keeper${id}` }).first()).toBeVisible();
  await expect(page.getByRole("link", { name })).toHaveCount(0);

  // Search does not find it.
  const search = page.getByPlaceholder("Search…");
  await search.fill(`Bin${id}`);
  await expect(page.getByText(`No matches for Bin${id}.`)).toBeAttached();
  await expect(page.getByRole("option", { name: new RegExp(name) })).toHaveCount(0);
  await search.fill("");

  // Its page says where it is.
  await page.goto(contactUrl);
  await expect(page.getByRole("heading", { name: `${name} is in the trash` })).toBeVisible();
  await expect(page.getByRole("button", { name: "Restore contact" })).toBeVisible();

  // The trash lists it with who deleted it and the days left; Restore brings it back.
  await page.goto(crm("/trash"));
  await expect(page.getByRole("heading", { name: "Trash", exact: true })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("by Tara");
  await expect(row).toContainText("30 days");
  await row.getByRole("button", { name: `Restore ${name}` }).click();
  await expect(page.getByText(`Restored contact “${name}”.`)).toBeVisible();
  await expect(page.getByText("The trash is empty.")).toBeVisible();

  await page.goto(contactUrl);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText(`Call about the bin ${id}`).first()).toBeVisible();
  await page.goto(crm("/contacts"));
  await expect(page.getByRole("link", { name }).first()).toBeVisible();
});
