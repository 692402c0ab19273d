import { expect, test } from "@playwright/test";
import {
  createOrganization,
  DEMO,
  escapeRegExp,
  expectTenantHome,
  firstName,
  memberCountStat,
  newUser,
  register,
  registerWithOrganization,
  signIn,
  signOut,
  submitSignIn,
  unique,
} from "./helpers";

test.describe("accounts and organizations", () => {
  test("register, create an organization, sign out and sign back in to the same organization", async ({ page }) => {
    const user = newUser("Ada");
    const orgName = `Ada Labs ${unique()}`;

    const slug = await registerWithOrganization(page, user, orgName);
    await expectTenantHome(page, slug, { name: user.name, firstName: firstName(user) });
    const members = page.getByRole("region", { name: "Members" });
    await expect(members.getByText(user.email, { exact: true })).toBeVisible();
    await expect(members.getByText("Owner", { exact: true })).toBeVisible();

    await signOut(page, user.name);
    // Signed out: the tenant page is no longer reachable.
    await page.goto(`/t/${slug}`);
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);

    await signIn(page, user.email, user.password);
    await expectTenantHome(page, slug, { name: user.name, firstName: firstName(user) });
  });

  test("a wrong password shows an error and stays on the sign-in page", async ({ page }) => {
    await page.goto("/sign-in");
    await submitSignIn(page, DEMO.email, "definitely-not-the-password");
    await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();

    // An unknown email gets the same message (no account enumeration).
    await page.getByLabel("Email").fill(`nobody-${unique()}@example.com`);
    await page.getByLabel("Password").fill("whatever-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("registering with an email that already exists tells nothing and creates nothing", async ({ page }) => {
    await page.goto("/register");
    await page.getByLabel("Your name").fill("Someone Else");
    await page.getByLabel("Work email").fill(DEMO.email);
    await page.getByLabel("Password").fill(`another-${unique()}-pw`);
    await page.getByRole("button", { name: "Create account" }).click();
    // The same neutral answer as for a new address (the owner gets an email instead).
    await expect(page).toHaveURL(/\/sign-in\?registered=1$/);
    await expect(page.getByRole("status").filter({ hasText: "We have sent an email to the address you registered." })).toBeVisible();
  });

  test("a signed-out visit to a tenant page goes to sign-in and back there afterwards", async ({ page }) => {
    // A user with two organizations: the second is the last one used, so landing on
    // the first after sign-in proves the callbackUrl was followed.
    const user = newUser("Grace");
    const firstOrg = `Grace First ${unique()}`;
    const secondOrg = `Grace Second ${unique()}`;
    const firstSlug = await registerWithOrganization(page, user, firstOrg);
    await page.goto("/orgs/new");
    const secondSlug = await createOrganization(page, secondOrg);
    expect(secondSlug).not.toBe(firstSlug);
    await signOut(page, user.name);

    await page.goto(`/t/${firstSlug}`);
    await expect(page).toHaveURL(new RegExp(`/sign-in\\?callbackUrl=${escapeRegExp(encodeURIComponent(`/t/${firstSlug}`))}$`));
    await expect(page.getByRole("heading", { name: "Sign in to NeuroOps" })).toBeVisible();

    await submitSignIn(page, user.email, user.password);
    await expectTenantHome(page, firstSlug, { name: user.name, firstName: firstName(user) });
    await expect(page.getByRole("button", { name: `Organization: ${firstOrg}. Switch organization` })).toBeVisible();
  });

  test("a user cannot open an organization they are not a member of", async ({ page }) => {
    const user = newUser("Eve");
    await registerWithOrganization(page, user, `Eve Corp ${unique()}`);

    const response = await page.goto(`/t/${DEMO.orgSlug}`);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    expect(response?.status()).toBe(404);
    await expect(page).toHaveURL(new RegExp(`/t/${DEMO.orgSlug}$`));
    await expect(page.getByText(DEMO.orgName)).toHaveCount(0);
    await expect(page.getByText(DEMO.memberName)).toHaveCount(0);

    // An organization that does not exist looks exactly the same.
    await page.goto(`/t/no-such-org-${unique()}`);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  });

  test("the demo user signs in to Acme Demo and sees its members", async ({ page }) => {
    await signIn(page, DEMO.email, DEMO.password);
    await expectTenantHome(page, DEMO.orgSlug, { name: DEMO.name, firstName: DEMO.name.split(" ")[0]! });
    await expect(page.getByRole("button", { name: `Organization: ${DEMO.orgName}. Switch organization` })).toBeVisible();
    const members = page.getByRole("region", { name: "Members" });
    await expect(members.getByText(DEMO.memberName, { exact: true })).toBeVisible();
    await expect(members.getByText(DEMO.name, { exact: true })).toBeVisible();
    await expect(members.getByRole("listitem")).toHaveCount(2);
    await expect(memberCountStat(page)).toHaveText("2");
  });

  test("a second organization can be created and the switcher moves between them", async ({ page }) => {
    const user = newUser("Lin");
    const orgA = `Lin Alpha ${unique()}`;
    const orgB = `Lin Beta ${unique()}`;
    const slugA = await registerWithOrganization(page, user, orgA);

    // Create the second organization from the switcher's link.
    await page.getByRole("button", { name: `Organization: ${orgA}. Switch organization` }).click();
    await page.getByRole("link", { name: "Create organization" }).click();
    const slugB = await createOrganization(page, orgB);
    expect(slugB).not.toBe(slugA);
    await expectTenantHome(page, slugB, { name: user.name, firstName: firstName(user) });

    // The switcher lists both, the current one marked; switch to A.
    const switcherB = page.getByRole("button", { name: `Organization: ${orgB}. Switch organization` });
    await switcherB.click();
    await expect(switcherB).toHaveAttribute("aria-expanded", "true");
    await expect(page.getByRole("link", { name: orgB, exact: true })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("link", { name: orgA, exact: true })).toBeVisible();
    await page.getByRole("link", { name: orgA, exact: true }).click();
    await expectTenantHome(page, slugA, { name: user.name, firstName: firstName(user) });
    const switcherA = page.getByRole("button", { name: `Organization: ${orgA}. Switch organization` });
    await expect(switcherA).toBeVisible();

    // And back to B.
    await switcherA.click();
    await page.getByRole("link", { name: orgB, exact: true }).click();
    await expectTenantHome(page, slugB, { name: user.name, firstName: firstName(user) });

    // "/" returns to the organization used last.
    await page.goto("/");
    await expect(page).toHaveURL(new RegExp(`/t/${escapeRegExp(slugB)}$`));
  });

  test("each organization lists only its own members, even for a user in several", async ({ page }) => {
    const user = newUser("Noor");
    const orgA = `Noor Alpha ${unique()}`;
    const orgB = `Noor Beta ${unique()}`;
    const slugA = await registerWithOrganization(page, user, orgA);
    await page.goto("/orgs/new");
    const slugB = await createOrganization(page, orgB);

    for (const slug of [slugB, slugA]) {
      await page.goto(`/t/${slug}`);
      await expectTenantHome(page, slug, { name: user.name, firstName: firstName(user) });
      const members = page.getByRole("region", { name: "Members" });
      await expect(members.getByRole("listitem"), `members of /t/${slug}`).toHaveCount(1);
      await expect(memberCountStat(page), `member count of /t/${slug}`).toHaveText("1");
    }
  });

  test("a new user without an organization is sent to create one", async ({ page }) => {
    const user = newUser("Max");
    await register(page, user);
    await page.goto("/");
    await expect(page).toHaveURL(/\/orgs\/new$/);
    await expect(page.getByRole("heading", { name: "Create an organization" })).toBeVisible();
  });
});
