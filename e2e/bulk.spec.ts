import { expect, test } from "@playwright/test";
import { DEMO, signIn, unique } from "./helpers";

/** Issue 10, "what switchers miss first" 1: bulk actions on a list. */
test("selects several contacts, adds a tag and changes their owner, and the list shows it", async ({ page }) => {
  // Wide enough for the tags column.
  await page.setViewportSize({ width: 1600, height: 1000 });
  const id = unique();
  const crm = (path: string) => `/t/${DEMO.orgSlug}/crm${path}`;
  await signIn(page, DEMO.email, DEMO.password);

  for (const first of ["Ada", "Ben", "Cleo"]) {
    await page.goto(crm("/contacts/new"));
    await page.getByLabel("First name").fill(first);
    await page.getByLabel("Last name").fill(`Bulk ${id}`);
    await page.getByRole("button", { name: "Create contact" }).click();
    await expect(page.getByRole("heading", { name: `${first} Bulk ${id}` })).toBeVisible();
  }

  await page.goto(crm(`/contacts?q=${id}&sort=name.asc`));
  const table = page.getByRole("table");
  await expect(table.getByRole("row")).toHaveCount(4);

  // Click the first, Shift+click the third: the range between is selected too.
  await page.getByRole("checkbox", { name: `Select Ada Bulk ${id}` }).click();
  await page.getByRole("checkbox", { name: `Select Cleo Bulk ${id}` }).click({ modifiers: ["Shift"] });
  const toolbar = page.getByRole("toolbar", { name: "Actions on the selected contacts" });
  await expect(toolbar).toHaveAccessibleDescription("3 contacts selected");
  await expect(page.getByRole("checkbox", { name: `Select Ben Bulk ${id}` })).toBeChecked();

  // Keyboard: Space ticks the focused row, ArrowDown moves, Shift+Space ticks the range from the last one.
  await toolbar.getByRole("button", { name: "Clear selection" }).click();
  await expect(toolbar).toBeHidden();
  await page.getByRole("checkbox", { name: `Select Ada Bulk ${id}` }).focus();
  await page.keyboard.press("Space");
  await expect(toolbar).toHaveAccessibleDescription("1 contact selected");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("checkbox", { name: `Select Cleo Bulk ${id}` })).toBeFocused();
  await page.keyboard.press("Shift+Space");
  await expect(toolbar).toHaveAccessibleDescription("3 contacts selected");
  await expect(page.getByRole("checkbox", { name: `Select Ben Bulk ${id}` })).toBeChecked();

  const tag = `bulk-${id}`.slice(0, 40).toLowerCase();
  await toolbar.getByRole("button", { name: "Add tags" }).click();
  const tagDialog = page.getByRole("dialog", { name: /Add tags/ });
  await tagDialog.getByLabel("Tags to add").fill(tag);
  await tagDialog.getByLabel("Tags to add").press("Enter");
  await tagDialog.getByRole("button", { name: "Add tags" }).click();
  await expect(page.getByRole("status").filter({ hasText: "3 contacts updated." })).toBeVisible();
  // The selection is cleared and the list refreshed.
  await expect(toolbar).toBeHidden();
  for (const first of ["Ada", "Ben", "Cleo"]) await expect(table.getByRole("row", { name: new RegExp(`${first} Bulk ${id}`) })).toContainText(tag);

  // Every row shown, then a new owner.
  await page.getByRole("checkbox", { name: "Select every row shown" }).check();
  await expect(toolbar).toHaveAccessibleDescription("3 contacts selected");
  await toolbar.getByRole("button", { name: "Assign owner" }).click();
  const ownerDialog = page.getByRole("dialog", { name: /Assign an owner/ });
  await ownerDialog.getByLabel("New owner").selectOption({ label: DEMO.memberName });
  await ownerDialog.getByRole("button", { name: "Assign" }).click();
  await expect(page.getByRole("status").filter({ hasText: "3 contacts updated." })).toBeVisible();
  for (const first of ["Ada", "Ben", "Cleo"]) await expect(table.getByRole("row", { name: new RegExp(`${first} Bulk ${id}`) })).toContainText(DEMO.memberName);

  // The tag filter finds exactly them.
  await page.goto(crm(`/contacts?tag=${tag}`));
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(4);
});
