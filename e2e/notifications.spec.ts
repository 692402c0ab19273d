import { expect, test, type Page } from "@playwright/test";
import { DEMO, escapeRegExp, signIn, signOut, unique } from "./helpers";

/** Sam Sales: a member of the demo organization, same password as the demo owner. */
const SAM = { email: "sam@neuroops.local", password: DEMO.password, name: DEMO.memberName } as const;

const crm = (path: string) => `/t/${DEMO.orgSlug}/crm${path}`;

function bell(page: Page) {
  return page.getByRole("button", { name: /^Notifications, / });
}

/** The bell's unread count, read from its accessible name. */
async function unreadCount(page: Page): Promise<number> {
  const name = (await bell(page).getAttribute("aria-label")) ?? "";
  const match = /Notifications, (\d+) unread/.exec(name);
  return match ? Number(match[1]) : 0;
}

test.describe("notifications", () => {
  test("Sam assigns a task to Dana; Dana sees the bell count and the notification, opens it and marks them read", async ({ page }) => {
    const id = unique();
    const subject = `Send the renewal quote ${id}`;

    // Sam creates a contact and a task on it for Dana.
    await signIn(page, SAM.email, SAM.password);
    await page.goto(crm("/contacts/new"));
    await page.getByLabel("First name").fill("Nell");
    await page.getByLabel("Last name").fill(`Notify ${id}`);
    await page.getByRole("button", { name: "Create contact" }).click();
    await expect(page.getByRole("heading", { name: `Nell Notify ${id}` })).toBeVisible();
    const contactUrl = new URL(page.url()).pathname;
    const composer = page.getByRole("form", { name: "Log an activity" });
    await composer.getByText("Task", { exact: true }).click();
    await composer.getByLabel("Subject").fill(subject);
    await composer.getByLabel("Assignee").selectOption({ label: DEMO.name });
    await composer.getByRole("button", { name: "Create task" }).click();
    await expect(page.getByText(subject).first()).toBeVisible();
    await signOut(page, SAM.name);

    // Dana signs in: the worker has written the notification (or does within a poll or two).
    await signIn(page, DEMO.email, DEMO.password);
    await expect(async () => {
      await page.reload();
      await expect(bell(page)).toHaveAttribute("aria-label", /Notifications, [1-9]\d* unread/, { timeout: 3_000 });
    }).toPass({ timeout: 30_000 });
    const before = await unreadCount(page);

    await bell(page).click();
    const panel = page.getByRole("dialog", { name: "Notifications" });
    await expect(panel).toBeFocused();
    const item = panel.getByRole("listitem").filter({ hasText: subject });
    await expect(item).toContainText(`${SAM.name} assigned you a task`);
    await expect(item).toContainText(`Nell Notify ${id}`);
    await expect(item).toContainText("Unread:");

    // Mark it read: the count drops by one and the item is no longer unread.
    await item.getByRole("button", { name: /^Mark ".*" as read$/ }).click();
    await expect(item).not.toContainText("Unread:");
    await expect(bell(page)).toHaveAttribute("aria-label", before - 1 === 0 ? "Notifications, none unread" : `Notifications, ${before - 1} unread`);

    // Escape closes the popover and gives focus back to the bell.
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await expect(bell(page)).toBeFocused();

    // The notification links to the task's record.
    await bell(page).click();
    await panel.getByRole("link", { name: new RegExp(escapeRegExp(subject)) }).click();
    await expect(page).toHaveURL(new RegExp(`${escapeRegExp(contactUrl)}$`));

    // Mark all as read empties the count (and is disabled when nothing is unread).
    await bell(page).click();
    const markAll = page.getByRole("dialog", { name: "Notifications" }).getByRole("button", { name: "Mark all as read" });
    if ((await unreadCount(page)) > 0) await markAll.click();
    await expect(bell(page)).toHaveAttribute("aria-label", "Notifications, none unread");
    await expect(markAll).toBeDisabled();

    // The full list has it too.
    await page.getByRole("dialog", { name: "Notifications" }).getByRole("link", { name: "See all notifications" }).click();
    await expect(page).toHaveURL(new RegExp(`/t/${escapeRegExp(DEMO.orgSlug)}/notifications$`));
    await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Notifications, newest first" }).getByRole("listitem").filter({ hasText: subject })).toBeVisible();
  });

  test("the account page saves which notifications are emailed", async ({ page }) => {
    await signIn(page, SAM.email, SAM.password);
    await page.goto("/account");
    const overdueEmail = page.getByRole("checkbox", { name: "A task of yours is overdue: send an email" });
    await expect(page.getByRole("checkbox", { name: "A task is assigned to you: send an email" })).toBeChecked();
    // Flip it whatever it was (a retry of this test finds the first attempt's choice saved).
    // A click that lands before the page is interactive is lost, so click until it takes.
    const wanted = !(await overdueEmail.isChecked());
    await expect(async () => {
      if ((await overdueEmail.isChecked()) !== wanted) await overdueEmail.click();
      await expect(overdueEmail).toBeChecked({ checked: wanted, timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("checkbox", { name: "A task of yours is overdue: send an email" })).toBeChecked({ checked: wanted });
  });
});
