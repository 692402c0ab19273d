import { expect, test, type Page } from "@playwright/test";
import { registerOrSignInAdmin } from "./admin-account";
import { describeFindings, scanPage, type A11yFinding } from "./axe";
import { DEMO, newUser, registerWithOrganization, signIn, unique } from "./helpers";

/**
 * axe on every page of the app (issue 10, "what switchers miss first" 8): each session
 * visits its pages, scans each once its content has loaded, and the test fails at the end
 * on any serious or critical violation, listing them all (rule, elements, page).
 *
 * To cover a new page, add an entry to the list of the session that can see it: a path
 * (or a function of what the session found, e.g. a record's id) and, when the page needs
 * it, `ready` (what to wait for) or `act` (what to open before scanning, e.g. a menu).
 */

type Found = Record<string, string>;
type PageVisit = {
  name: string;
  path: string | ((found: Found) => string | undefined);
  /** Waits for what the page shows once loaded (default: an h1, and no aria-busy region). */
  ready?: (page: Page) => Promise<void>;
  /** Run after `ready`, before the scan (opens a menu, fills a step…). */
  act?: (page: Page, found: Found) => Promise<void>;
};

const tenant = (slug: string) => `/t/${slug}`;
const demo = (path: string) => `${tenant(DEMO.orgSlug)}${path}`;
const MISSING_ID = "00000000-0000-4000-8000-000000000000";

/** Signed out. */
const PUBLIC_PAGES: PageVisit[] = [
  { name: "sign in", path: "/sign-in" },
  { name: "register", path: "/register" },
  { name: "forgot password", path: "/forgot-password" },
  { name: "reset password (bad link)", path: "/reset-password/not-a-token" },
  { name: "verify email (bad link)", path: "/verify-email/not-a-token" },
  { name: "not found (signed out)", path: "/no-such-page" },
];

/** The demo member (owner of Acme Demo): account and organization pages. */
const DEMO_PAGES: PageVisit[] = [
  { name: "home", path: demo("") },
  {
    name: "organization switcher (open)",
    path: demo(""),
    act: async (page) => {
      await page.getByRole("button", { name: /Switch organization$/ }).click();
      await expect(page.getByRole("link", { name: "Create organization" })).toBeVisible();
    },
  },
  { name: "account", path: "/account" },
  { name: "organizations", path: "/orgs" },
  { name: "new organization", path: "/orgs/new" },
  { name: "organization settings", path: demo("/settings/organization") },
  { name: "members", path: demo("/settings/members") },
  { name: "audit log", path: demo("/settings/audit") },
  { name: "billing settings", path: demo("/settings/billing"), ready: (page) => expect(page.getByTestId("current-plan")).toBeVisible() },
  { name: "jobs", path: demo("/settings/jobs") },
  { name: "CRM settings", path: demo("/settings/crm") },
  { name: "pipelines settings", path: demo("/settings/crm/pipelines") },
  { name: "not found (signed in)", path: demo("/no-such-page") },
  // Acme Demo is on Free here: the AI pages show the plan gate (e2e/ai.spec.ts covers them on Pro).
  { name: "AI documents", path: demo("/ai") },
  { name: "AI chat", path: demo("/ai/chat") },
  { name: "missing AI document", path: demo(`/ai/documents/${MISSING_ID}`), ready: (page) => expect(page.getByRole("heading", { level: 1, name: "Document not found" })).toBeVisible() },
  {
    name: "assistant panel (open)",
    path: demo(""),
    act: async (page) => {
      await page.getByRole("button", { name: /^(Assistant|Open the assistant)$/ }).click();
      const panel = page.getByRole("dialog", { name: "Assistant" });
      await expect(panel.getByRole("heading", { name: "The AI assistant is a paid feature" })).toBeVisible();
    },
  },
];

/** The demo member in Acme Demo's seeded CRM. `found` holds record ids read from the lists, a merge link and a draft import. */
const CRM_PAGES: PageVisit[] = [
  { name: "CRM home", path: demo("/crm") },
  { name: "contacts", path: demo("/crm/contacts") },
  { name: "new contact", path: demo("/crm/contacts/new") },
  { name: "contact record", path: (f) => f.contact && demo(`/crm/contacts/${f.contact}`) },
  { name: "companies", path: demo("/crm/companies") },
  { name: "new company", path: demo("/crm/companies/new") },
  { name: "company record", path: (f) => f.company && demo(`/crm/companies/${f.company}`) },
  { name: "deals board", path: demo("/crm/deals"), ready: (page) => expect(page.getByRole("list", { name: /^Stages of/ })).toBeVisible() },
  { name: "deals list", path: demo("/crm/deals/list") },
  { name: "new deal", path: demo("/crm/deals/new") },
  { name: "deal record", path: (f) => f.deal && demo(`/crm/deals/${f.deal}`) },
  { name: "tasks", path: demo("/crm/tasks") },
  { name: "duplicates", path: demo("/crm/duplicates") },
  { name: "merge", path: (f) => f.merge },
  { name: "imports", path: demo("/crm/imports") },
  { name: "new import", path: demo("/crm/imports/new?entity=contact") },
  { name: "import mapping", path: (f) => f.import && demo(`/crm/imports/${f.import}`) },
  {
    name: "import preview",
    path: (f) => f.import && demo(`/crm/imports/${f.import}`),
    act: async (page) => {
      await page.getByRole("button", { name: "Preview" }).click();
      await expect(page.getByRole("table", { name: /Preview of the first rows/ })).toBeVisible();
    },
  },
  {
    name: "import: new field for a column",
    path: (f) => f.import && demo(`/crm/imports/${f.import}`),
    act: async (page) => {
      await page.getByRole("combobox", { name: "Favourite colour" }).selectOption({ label: "Create a new field…" });
      await expect(page.getByRole("group", { name: /New field for the column/ })).toBeVisible();
    },
  },
  { name: "missing contact", path: demo(`/crm/contacts/${MISSING_ID}`), ready: (page) => expect(page.getByRole("heading", { level: 1, name: /not available/ })).toBeVisible() },
];

/** The demo member in Acme Demo's seeded inventory; `found.product` is a product id read from the list. */
const INVENTORY_PAGES: PageVisit[] = [
  { name: "products", path: demo("/inventory") },
  { name: "new product", path: demo("/inventory/products/new") },
  { name: "product record", path: (f) => f.product && demo(`/inventory/products/${f.product}`) },
  {
    name: "product record: receive dialog",
    path: (f) => f.product && demo(`/inventory/products/${f.product}`),
    act: async (page) => {
      await page.getByRole("button", { name: "Receive", exact: true }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
    },
  },
  { name: "stock valuation", path: demo("/inventory/valuation") },
  { name: "low stock", path: demo("/inventory/low-stock") },
  { name: "inventory trash", path: demo("/inventory/trash") },
  { name: "inventory imports", path: demo("/inventory/imports") },
  { name: "new inventory import", path: demo("/inventory/imports/new") },
  { name: "inventory settings", path: demo("/settings/inventory") },
  { name: "missing product", path: demo(`/inventory/products/${MISSING_ID}`), ready: (page) => expect(page.getByRole("heading", { level: 1, name: /not available/ })).toBeVisible() },
];

/** The demo owner in Acme Demo's accounting (the standard chart; `found.account` is Cash's id, read from the chart). */
const ACCOUNTING_PAGES: PageVisit[] = [
  { name: "journal", path: demo("/accounting") },
  { name: "new journal entry", path: demo("/accounting/entries/new") },
  { name: "chart of accounts", path: demo("/accounting/accounts") },
  {
    name: "chart of accounts: new account dialog",
    path: demo("/accounting/accounts"),
    act: async (page) => {
      await page.getByRole("button", { name: "New account" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
    },
  },
  { name: "general ledger", path: (f) => f.account && demo(`/accounting/accounts/${f.account}`) },
  { name: "trial balance", path: demo("/accounting/reports") },
  { name: "profit and loss", path: demo("/accounting/reports?report=income-statement") },
  { name: "profit and loss by quarter, compared", path: demo("/accounting/reports?report=income-statement&from=2026-01-01&to=2026-12-31&columns=quarter&compare=previous_period") },
  { name: "balance sheet", path: demo("/accounting/reports?report=balance-sheet") },
  { name: "accounting settings", path: demo("/settings/accounting"), ready: (page) => expect(page.getByText(/chain intact|No posted entries yet/)).toBeVisible() },
  { name: "missing journal entry", path: demo(`/accounting/entries/${MISSING_ID}`), ready: (page) => expect(page.getByRole("heading", { level: 1, name: /not found/ })).toBeVisible() },
  { name: "invoices", path: demo("/accounting/invoices") },
  { name: "bills", path: demo("/accounting/bills") },
  { name: "new invoice", path: demo("/accounting/invoices/new") },
  { name: "new bill", path: demo("/accounting/bills/new") },
  { name: "unpaid invoice", path: (f) => f.invoice && demo(`/accounting/documents/${f.invoice}`) },
  {
    name: "unpaid invoice: record payment dialog",
    path: (f) => f.invoice && demo(`/accounting/documents/${f.invoice}`),
    act: async (page) => {
      await page.getByRole("button", { name: "Record payment" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
    },
  },
  { name: "payments", path: demo("/accounting/payments") },
  { name: "payment", path: (f) => f.payment && demo(`/accounting/payments/${f.payment}`) },
  { name: "missing document", path: demo(`/accounting/documents/${MISSING_ID}`), ready: (page) => expect(page.getByRole("heading", { level: 1, name: /not found/ })).toBeVisible() },
];

/** A new user's new, empty organization: empty states (the board without deals, no contacts…). */
const NEW_ORG_PAGES: PageVisit[] = [
  { name: "home (new organization)", path: (f) => tenant(f.slug!) },
  { name: "deals board (empty)", path: (f) => `${tenant(f.slug!)}/crm/deals`, ready: (page) => expect(page.getByRole("list", { name: /^Stages of/ })).toBeVisible() },
  { name: "contacts (empty)", path: (f) => `${tenant(f.slug!)}/crm/contacts` },
  { name: "tasks (empty)", path: (f) => `${tenant(f.slug!)}/crm/tasks` },
  { name: "duplicates (empty)", path: (f) => `${tenant(f.slug!)}/crm/duplicates` },
  { name: "imports (empty)", path: (f) => `${tenant(f.slug!)}/crm/imports` },
  { name: "products (empty)", path: (f) => `${tenant(f.slug!)}/inventory` },
  { name: "inventory trash (empty)", path: (f) => `${tenant(f.slug!)}/inventory/trash` },
  { name: "AI documents (empty)", path: (f) => `${tenant(f.slug!)}/ai` },
];

const ADMIN_PAGES: PageVisit[] = [
  { name: "platform admin", path: "/admin", ready: (page) => expect(page.getByRole("heading", { level: 1, name: "Platform admin" })).toBeVisible() },
  {
    name: "platform admin: billing events",
    path: "/admin/billing",
    ready: async (page) => {
      await expect(page.getByRole("heading", { level: 1, name: "Billing events" })).toBeVisible();
      await expect(page.getByText("Loading events…")).toHaveCount(0);
    },
  },
];

/** What a page shows once loaded: its h1, and no region still marked busy. */
async function loaded(page: Page): Promise<void> {
  await expect(page.locator("h1").first()).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

async function visitAll(page: Page, visits: PageVisit[], found: Found, findings: A11yFinding[], skipped: string[]): Promise<void> {
  for (const visit of visits) {
    const path = typeof visit.path === "function" ? visit.path(found) : visit.path;
    if (!path) {
      skipped.push(visit.name);
      continue;
    }
    await test.step(`${visit.name} (${path})`, async () => {
      await page.goto(path);
      await (visit.ready ?? loaded)(page);
      await visit.act?.(page, found);
      const hits = await scanPage(page, `${visit.name} ${path}`);
      if (hits.length) console.info(describeFindings(hits));
      findings.push(...hits);
    });
  }
}

/** The first link on the page whose path matches `pattern`, or undefined. */
async function firstHref(page: Page, pattern: RegExp): Promise<string | undefined> {
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  return hrefs.find((href) => pattern.test(href));
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** Ids of one record of each kind, a merge link and a draft import, for the record pages. */
async function findRecords(page: Page): Promise<Found> {
  const found: Found = {};
  for (const kind of ["contacts", "companies", "deals"] as const) {
    await page.goto(demo(kind === "deals" ? "/crm/deals/list" : `/crm/${kind}`));
    await expect(page.getByRole("table").first()).toBeVisible();
    const href = await firstHref(page, new RegExp(`/crm/${kind}/${UUID}$`));
    found[kind === "contacts" ? "contact" : kind === "companies" ? "company" : "deal"] = href?.split("/").pop() ?? "";
  }
  await page.goto(demo("/crm/duplicates"));
  await loaded(page);
  found.merge = (await firstHref(page, /\/crm\/duplicates\/merge\?/)) ?? "";
  // A draft import: the mapping and preview steps.
  await page.goto(demo("/crm/imports/new?entity=contact"));
  const id = unique();
  const csv = ["First name,Last name,Email,Phone,Favourite colour", `Ada,A11y ${id},ada-${id}@a11y.example,+1 415 555 0100 ext. 12,green`].join("\n");
  await page.locator('input[type="file"]').setInputFiles({ name: `a11y-${id}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`/crm/imports/${UUID}$`));
  found.import = new URL(page.url()).pathname.split("/").pop() ?? "";
  return found;
}

/** Visits the pages, then fails on what axe found (each page's findings are printed as it is scanned). */
async function expectPagesAccessible(page: Page, visits: PageVisit[], found: Found = {}): Promise<void> {
  const findings: A11yFinding[] = [];
  const skipped: string[] = [];
  await visitAll(page, visits, found, findings, skipped);
  expect(skipped, "pages whose record could not be found").toEqual([]);
  expect(findings, describeFindings(findings)).toEqual([]);
}

// Generous timeouts: axe takes seconds per page on a busy machine.
test.describe("accessibility (axe): no serious or critical violation", () => {
  test.describe.configure({ timeout: 600_000 });

  test("signed-out pages", async ({ page }) => {
    await expectPagesAccessible(page, PUBLIC_PAGES);
  });

  test("account and organization pages", async ({ page }) => {
    await signIn(page, DEMO.email, DEMO.password);
    await expectPagesAccessible(page, DEMO_PAGES);
  });

  test("CRM pages with data", async ({ page }) => {
    await signIn(page, DEMO.email, DEMO.password);
    await expectPagesAccessible(page, CRM_PAGES, await findRecords(page));
  });

  test("inventory pages with data", async ({ page }) => {
    await signIn(page, DEMO.email, DEMO.password);
    await page.goto(demo("/inventory"));
    await expect(page.getByRole("table").first()).toBeVisible();
    const product = (await firstHref(page, new RegExp(`/inventory/products/${UUID}$`)))?.split("/").pop();
    await expectPagesAccessible(page, INVENTORY_PAGES, product ? { product } : {});
  });

  test("accounting pages", async ({ page }) => {
    await signIn(page, DEMO.email, DEMO.password);
    await page.goto(demo("/accounting/accounts"));
    await expect(page.getByRole("link", { name: "Cash", exact: true })).toBeVisible();
    const account = (await page.getByRole("link", { name: "Cash", exact: true }).getAttribute("href"))?.split("/").pop();
    // The demo books' first unpaid invoice and first payment.
    await page.goto(demo("/accounting/invoices?status=unpaid"));
    await expect(page.getByRole("table").first()).toBeVisible();
    const invoice = (await firstHref(page, new RegExp(`/accounting/documents/${UUID}$`)))?.split("/").pop();
    await page.goto(demo("/accounting/payments"));
    await expect(page.getByRole("table").first()).toBeVisible();
    const payment = (await firstHref(page, new RegExp(`/accounting/payments/${UUID}$`)))?.split("/").pop();
    const found: Found = {};
    if (account) found.account = account;
    if (invoice) found.invoice = invoice;
    if (payment) found.payment = payment;
    await expectPagesAccessible(page, ACCOUNTING_PAGES, found);
  });

  test("a new organization's empty pages", async ({ page }) => {
    const slug = await registerWithOrganization(page, newUser("Axe"), `Axe Org ${unique()}`);
    await expectPagesAccessible(page, NEW_ORG_PAGES, { slug });
  });

  test("platform admin", async ({ page }) => {
    await registerOrSignInAdmin(page);
    await expectPagesAccessible(page, ADMIN_PAGES);
  });
});
