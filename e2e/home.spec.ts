import { expect, test } from "@playwright/test";
import { DEMO, newUser, registerWithOrganization, signIn, unique } from "./helpers";

/* Issue 10, "what switchers miss first" 6 and 7: a home that answers "what needs me today", and the account's locale and time zone. */

test("the demo user's home lists overdue tasks and open deals by stage, with links", async ({ page }) => {
  await signIn(page, DEMO.email, DEMO.password);
  await page.goto(`/t/${DEMO.orgSlug}`);
  const tasks = page.getByRole("region", { name: "My tasks" });
  await expect(tasks.getByRole("heading", { name: /^Overdue/ })).toBeVisible();
  await expect(tasks.getByRole("link", { name: "Send security questionnaire to Globex" })).toBeVisible();
  await expect(tasks.getByRole("link", { name: "Call Peter about the TPS report integration" })).toBeVisible();
  // Someone else's overdue task is not "mine".
  await expect(tasks.getByText("Renewal quote for Northwind")).toHaveCount(0);

  const deals = page.getByRole("region", { name: "My open deals" });
  await expect(deals.getByRole("table").first()).toBeVisible();
  await expect(deals.getByRole("columnheader", { name: "Weighted" }).first()).toBeVisible();
  await expect(deals.getByRole("rowheader", { name: "Total" }).first()).toBeVisible();

  await tasks.getByRole("link", { name: "Send security questionnaire to Globex" }).click();
  await expect(page).toHaveURL(/\/crm\/deals\/[0-9a-f-]+$/);
});

test("a new organization gets a getting-started checklist that can be dismissed for good", async ({ page }) => {
  const user = newUser("Gia");
  const slug = await registerWithOrganization(page, user, `Start ${unique()}`);
  const checklist = page.getByRole("region", { name: "Get started" });
  await expect(checklist.getByText("0 of 4 done")).toBeVisible();
  await expect(checklist.getByRole("link", { name: "Add your first product" })).toHaveAttribute("href", `/t/${slug}/inventory/products/new`);
  await expect(checklist.getByRole("link", { name: "Invite a colleague" })).toHaveAttribute("href", `/t/${slug}/settings/members`);
  await checklist.getByRole("button", { name: "Don't show again" }).click();
  await expect(checklist).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: /^Welcome/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Get started" })).toHaveCount(0);
});

test("changing time zone and locale on the account page changes how dates read", async ({ page }) => {
  const user = newUser("Lena");
  const slug = await registerWithOrganization(page, user, `Zones ${unique()}`);
  // A new organization is in UTC and the user in en-US: "Dec 4, 2026" shapes.
  const today = page.locator("h1 + p time");
  await expect(today).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);

  await page.goto("/account");
  const profile = page.getByRole("form", { name: "Profile" });
  await profile.getByLabel("Time zone").selectOption("Asia/Tokyo");
  await profile.getByLabel("Date and number format").selectOption("de-DE");
  // The example shows 4 Dec 2026 15:05 UTC as it will read: German shape, Tokyo's clock (next day, 00:05).
  await expect(profile.getByText("For example: 05.12.2026, 00:05 · 1.234.567,89")).toBeVisible();
  await profile.getByRole("button", { name: "Save profile" }).click();
  await expect(profile.getByText("Profile saved.")).toBeVisible();

  await page.reload();
  await expect(page.getByRole("form", { name: "Profile" }).getByLabel("Time zone")).toHaveValue("Asia/Tokyo");
  await expect(page.getByRole("form", { name: "Profile" }).getByLabel("Date and number format")).toHaveValue("de-DE");

  // Inside the organization the locale applies and the organization's zone (UTC) stays.
  await page.goto(`/t/${slug}`);
  await expect(page.locator("h1 + p time")).toHaveText(/^\d{2}\.\d{2}\.\d{4}$/);

  // A bad time zone sent past the form is refused with a clear message, and nothing changes.
  const refused = await page.evaluate(async () => {
    const response = await fetch("/api/trpc/accounts.updateProfile", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { name: "Lena", timeZone: "Mars/Olympus", locale: "de-DE" } }),
    });
    return { status: response.status, text: await response.text() };
  });
  expect(refused.status).toBe(400);
  expect(refused.text).toContain("Choose a time zone from the list.");
});

test("a picture uploaded on the account page shows in the user menu; a fake image is refused; removing it brings the initials back", async ({ page }) => {
  const user = newUser("Pia");
  await registerWithOrganization(page, user, `Pictures ${unique()}`);
  await page.goto("/account");
  const profile = page.getByRole("region", { name: "Profile" });
  const menu = page.getByRole("button", { name: `Account menu for ${user.name}` });
  await expect(menu.locator("img")).toHaveCount(0);

  // Text posing as a PNG: the browser's type check passes, the server reads the content and refuses.
  await profile.getByLabel("Picture").setInputFiles({ name: "avatar.png", mimeType: "image/png", buffer: Buffer.from("<svg onload='alert(1)'/>") });
  await expect(profile.getByText("This file is not a PNG, JPEG or WebP image.")).toBeVisible();

  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
  await profile.getByLabel("Picture").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: png });
  await expect(profile.getByText("Picture saved.")).toBeVisible();
  await expect(menu.locator("img")).toHaveAttribute("src", /^\/api\/account\/avatar\?v=\d+$/);

  await profile.getByRole("button", { name: "Remove picture" }).click();
  await expect(profile.getByText("Picture removed: your initials are shown instead.")).toBeVisible();
  await expect(menu.locator("img")).toHaveCount(0);
  await expect(menu).toHaveText(/^P/);
});
