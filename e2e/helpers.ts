import { expect, type Page } from "@playwright/test";

export const DEMO = {
  email: "demo@neuroops.local",
  password: "neuroops-demo-2026",
  name: "Dana Demo",
  orgName: "Acme Demo",
  orgSlug: "acme-demo",
  memberName: "Sam Sales",
} as const;

export type TestUser = { name: string; email: string; password: string };

let counter = 0;

/** A value unique to this run and call: e2e data never collides, even on a reused database. */
export function unique(): string {
  counter += 1;
  return `${Date.now().toString(36)}${counter}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

/** A fresh user: first name is what the tenant home greets ("Welcome, <first>"). */
export function newUser(firstName = "Ada"): TestUser {
  const id = unique();
  return { name: `${firstName} Tester${id}`, email: `e2e-${id}@example.com`, password: `pw-${id}-secret!` };
}

export function firstName(user: TestUser): string {
  return user.name.split(" ")[0]!;
}

/** Escapes a string for use inside a RegExp. */
export function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Registers through /register; ends signed in on /orgs/new. */
export async function register(page: Page, user: TestUser): Promise<void> {
  await page.goto("/register");
  await page.getByLabel("Your name").fill(user.name);
  await page.getByLabel("Work email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/orgs\/new$/);
  await expect(page.getByLabel("Organization name")).toBeVisible();
}

/** Creates an organization from /orgs/new (the current page); returns its slug. */
export async function createOrganization(page: Page, name: string): Promise<string> {
  await expect(page).toHaveURL(/\/orgs\/new$/);
  await page.getByLabel("Organization name").fill(name);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(/\/t\/[a-z0-9-]+$/);
  await expect(page.getByRole("button", { name: `Organization: ${name}. Switch organization` })).toBeVisible();
  const slug = new URL(page.url()).pathname.split("/")[2];
  if (!slug) throw new Error(`no slug in ${page.url()}`);
  return slug;
}

/** Registers a user and creates their first organization; ends on /t/<slug>. */
export async function registerWithOrganization(page: Page, user: TestUser, orgName: string): Promise<string> {
  await register(page, user);
  return createOrganization(page, orgName);
}

/** Fills and submits the sign-in form on the current /sign-in page. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in and waits until the app has left the sign-in page (the session cookie is set). */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await submitSignIn(page, email, password);
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** Signs out through the account menu in the header; ends on /sign-in. */
export async function signOut(page: Page, name: string): Promise<void> {
  await page.getByRole("button", { name: `Account menu for ${name}` }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
}

/** The tenant home of `slug` for a signed-in member. */
export async function expectTenantHome(page: Page, slug: string, user: { name: string; firstName: string }): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`/t/${escapeRegExp(slug)}$`));
  await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${user.firstName}` })).toBeVisible();
  // `.first()`: listed at all. How often is checked by its own test ("lists only its own members").
  await expect(page.getByRole("region", { name: "Members" }).getByText(user.name, { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: `Account menu for ${user.name}` })).toBeVisible();
}

/** The "Members" figure in the tenant home's summary (a <dt>/<dd> pair). */
export function memberCountStat(page: Page) {
  return page.getByRole("term").filter({ hasText: /^Members$/ }).locator("xpath=following-sibling::dd[1]");
}
