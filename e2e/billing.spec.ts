import { expect, test } from "@playwright/test";
import Stripe from "stripe";
import { newUser, registerWithOrganization, unique } from "./helpers";
import { e2eStripe } from "./stripe";

// A fresh organization: the demo one stays on Free with its 3 seats (admin.spec, members.spec).
const { env: stripe } = e2eStripe(Number(process.env.E2E_PORT ?? 3100));

test("an owner upgrades to Pro through Checkout; once Stripe's event arrives the page shows Pro and its limits", async ({ page, request }) => {
  const slug = await registerWithOrganization(page, newUser("Olive"), `Billing ${unique()}`);
  await page.goto(`/t/${slug}/settings/billing`);
  await expect(page.getByTestId("current-plan")).toHaveText("Free");
  await expect(page.getByTestId("meter-orgs.seats")).toContainText("1 of 3");
  const pro = page.getByRole("listitem", { name: "Pro" });
  await expect(pro).toContainText(/12\.00 per seat \/ month/);

  await pro.getByRole("button", { name: "Upgrade to Pro" }).click();
  await expect(page.getByRole("heading", { name: "Stand-in Checkout" })).toBeVisible();
  const sessionId = new URL(page.url()).pathname.split("/").pop()!;
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${slug}/settings/billing\\?checkout=success`));
  await expect(page.getByText(/updates here once Stripe confirms it/)).toBeVisible();

  // Stripe's webhook: the completed session, signed as Stripe signs it.
  const session = (await (await request.get(`${stripe.STRIPE_API_BASE}/v1/checkout/sessions/${sessionId}`, { headers: { authorization: `Bearer ${stripe.STRIPE_SECRET_KEY}` } })).json()) as Record<string, unknown>;
  expect(session).toMatchObject({ status: "complete", subscription: `sub_${sessionId}` });
  const payload = JSON.stringify({ id: `evt_${unique()}`, object: "event", type: "checkout.session.completed", created: Math.floor(Date.now() / 1000), livemode: false, data: { object: session } });
  const signature = new Stripe(stripe.STRIPE_SECRET_KEY).webhooks.generateTestHeaderString({ payload, secret: stripe.STRIPE_WEBHOOK_SECRET });
  const delivered = await request.post("/api/stripe/webhook", { data: payload, headers: { "stripe-signature": signature, "content-type": "application/json" } });
  expect(delivered.status()).toBe(200);

  // The page polls the overview until the plan changes.
  await expect(page.getByTestId("current-plan")).toHaveText("Pro", { timeout: 45_000 });
  await expect(page.getByText("Thank you: Pro is now in force.")).toBeVisible();
  await expect(page.getByTestId("meter-orgs.seats")).toContainText("1 of 50");
  await expect(page.getByTestId("meter-crm.contacts")).toContainText("of 50,000");
  await expect(page.getByRole("button", { name: "Manage billing" })).toBeVisible();
  await expect(page.getByText("No invoices yet")).toBeVisible();
});
