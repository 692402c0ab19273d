import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn, unique } from "./helpers";

const crm = (path: string) => `/t/${DEMO.orgSlug}/crm${path}`;
const RECORD_URL = (kind: string) => new RegExp(`/crm/${kind}/[0-9a-f-]{36}$`);

/** Types into a company combobox and picks the matching option. */
async function pickCompany(page: Page, name: string) {
  const box = page.getByRole("combobox", { name: "Company" });
  await box.fill(name);
  await page.getByRole("option", { name: new RegExp(name) }).first().click();
}

test.describe("CRM", () => {
  test("a sales rep creates a company, a contact and a deal, logs a call and wins the deal on the board", async ({ page }) => {
    const id = unique();
    const companyName = `Zenith ${id}`;
    const dealTitle = `Zenith rollout ${id}`;
    test.setTimeout(180_000); // a whole working session: many pages on a single embedded connection
    await signIn(page, DEMO.email, DEMO.password);

    await page.goto(crm("/companies/new"));
    await page.getByLabel("Name", { exact: true }).fill(companyName);
    await page.getByLabel("Website domain").fill(`zenith-${id}.example`);
    await page.getByRole("button", { name: "Create company" }).click();
    await expect(page).toHaveURL(RECORD_URL("companies"));
    await expect(page.getByRole("heading", { name: companyName })).toBeVisible();

    await page.goto(crm("/contacts/new"));
    await page.getByLabel("First name").fill("Nora");
    await page.getByLabel("Last name").fill(`Quist ${id}`);
    await pickCompany(page, companyName);
    await page.getByRole("textbox", { name: "Email 1" }).fill(`nora-${id}@zenith.example`);
    await page.getByRole("button", { name: "Create contact" }).click();
    await expect(page).toHaveURL(RECORD_URL("contacts"));
    await expect(page.getByRole("heading", { name: `Nora Quist ${id}` })).toBeVisible();

    // Log a call on the contact: it appears on the contact's timeline.
    const composer = page.getByRole("form", { name: "Log an activity" });
    await composer.getByText("Call", { exact: true }).click();
    await composer.getByLabel("Subject").fill(`Discovery call ${id}`);
    await composer.getByRole("button", { name: "Log call" }).click();
    await expect(page.getByText(`Discovery call ${id}`).first()).toBeVisible();

    await page.goto(crm("/deals/new"));
    await page.getByLabel("Title").fill(dealTitle);
    await page.getByLabel("Amount").fill("12500");
    await pickCompany(page, companyName);
    await page.getByRole("button", { name: "Create deal" }).click();
    await expect(page).toHaveURL(RECORD_URL("deals"));

    // The board: pick the card up with the keyboard and carry it to Won.
    await page.goto(crm("/deals"));
    const card = page.getByRole("group", { name: new RegExp(`^${dealTitle},`) });
    await expect(card).toBeVisible();
    await card.focus();
    await page.keyboard.press("Space");
    for (let step = 0; step < 4; step++) await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Space");
    const won = page.getByRole("region", { name: /^Won , stage/ });
    await expect(won.getByRole("link", { name: dealTitle })).toBeVisible();

    // The deal page agrees, and its timeline shows the stage change.
    await won.getByRole("link", { name: dealTitle }).click();
    await expect(page).toHaveURL(RECORD_URL("deals"));
    await expect(page.getByText("Won", { exact: true }).first()).toBeVisible();
    await expect(page.getByText(/Stage: .*→ Won/).first()).toBeVisible();
  });

  test("a CSV import with one bad row imports the rest and reports the bad row by number", async ({ page }) => {
    const id = unique();
    await signIn(page, DEMO.email, DEMO.password);
    await page.goto(crm("/imports/new?entity=contact"));
    const csv = [
      "First name,Last name,Email",
      `Ivy,Import ${id},ivy-${id}@import.example`,
      `Bad,Row ${id},not-an-email`,
      `Jon,Import ${id},jon-${id}@import.example`,
    ].join("\n");
    await page.locator('input[type="file"]').setInputFiles({ name: `contacts-${id}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Upload and continue" }).click();
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("button", { name: "Start import" }).click();

    // The import runs as a background job: wait for its report (the preview's table of bad
    // rows is on screen before the job has run, so it proves nothing about the import).
    await expect(page.getByText(/Import finished: 3 rows read, 2 contacts imported or updated, 1 row refused/)).toBeVisible({ timeout: 60_000 });
    // The bad row is reported with its spreadsheet row number (header = row 1) and why.
    const errors = page.getByRole("table").filter({ hasText: /valid email/i });
    await expect(errors.first().getByRole("row").filter({ hasText: /valid email/i }).first()).toContainText("3");

    await page.goto(crm(`/contacts?q=${encodeURIComponent(`Import ${id}`)}`));
    await expect(page.getByRole("link", { name: `ivy-${id}@import.example` })).toBeVisible();
    await expect(page.getByRole("link", { name: `jon-${id}@import.example` })).toBeVisible();
  });
});
