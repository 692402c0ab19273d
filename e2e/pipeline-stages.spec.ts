import { expect, test } from "@playwright/test";
import { newUser, registerWithOrganization, unique } from "./helpers";

/** Issue 10, bug 4: the add-stage form marks the field that is wrong, and a new open stage lands before Won and Lost. */
test("adding a stage: a bad probability marks that field; the new stage comes before Won and Lost", async ({ page }) => {
  const slug = await registerWithOrganization(page, newUser("Pia"), `Stages ${unique()}`);
  await page.goto(`/t/${slug}/settings/crm/pipelines`);
  const form = page.getByRole("form", { name: "Add a stage" });
  await form.getByLabel("New stage name").fill("Contract sent");
  await form.getByLabel("Probability %").fill("150");
  await form.getByRole("button", { name: "Add stage" }).click();
  await expect(form.getByRole("alert")).toHaveText("Use a whole number from 0 to 100.");
  await expect(form.getByLabel("Probability %")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("New stage name")).not.toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Probability %").fill("90");
  await form.getByRole("button", { name: "Add stage" }).click();
  await expect(page.getByRole("form", { name: "Stage 5: Contract sent" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Stage 6: Won" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Stage 7: Lost" })).toBeVisible();
});
