import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addMember, callerFor, codeOf, createTenant, createUser, inTenant } from "../../../test/fixtures";
import { startStripeStandIn, type StripeStandIn } from "../../../test/stripe-stand-in";
import { withTenant } from "../../db/tenant";
import { reloadEnv } from "../../platform/env";
import { auditLog } from "../audit/schema";
import { createContact } from "../crm/contacts/contacts";
import { createInvitation } from "../orgs/invitations";
import { setCurrentPlan } from "../orgs/limits";
import { PLANS } from "../orgs/plans";
import { forgetCachedPrices } from "./pricing";
import { billingCustomers, billingSubscriptions } from "./schema";

let stripe: StripeStandIn;
const STRIPE_ENV = { STRIPE_SECRET_KEY: "sk_test_router", STRIPE_PRICE_PRO_MONTHLY: "price_pro_m", STRIPE_PRICE_PRO_YEARLY: "price_pro_y", STRIPE_PRICE_BUSINESS_MONTHLY: "price_biz_m" };

function configureStripe(on: boolean) {
  for (const key of [...Object.keys(STRIPE_ENV), "STRIPE_API_BASE"]) delete process.env[key];
  if (on) Object.assign(process.env, STRIPE_ENV, { STRIPE_API_BASE: stripe.url });
  reloadEnv();
  forgetCachedPrices();
}

/** An organization with an owner, an admin and a member (3 seats), and its callers. */
async function organization() {
  const { org, owner } = await createTenant();
  const admin = await createUser();
  const member = await createUser();
  await addMember(org.id, admin.id, "admin");
  await addMember(org.id, member.id, "member");
  return { org, owner, admin, member, asOwner: callerFor(owner, org.id), asAdmin: callerFor(admin, org.id), asMember: callerFor(member, org.id) };
}

beforeAll(async () => {
  stripe = await startStripeStandIn();
  stripe.prices.set("price_pro_m", { id: "price_pro_m", unitAmount: 1200, currency: "usd", interval: "month" });
  stripe.prices.set("price_pro_y", { id: "price_pro_y", unitAmount: 12000, currency: "usd", interval: "year" });
  stripe.prices.set("price_biz_m", { id: "price_biz_m", unitAmount: 3900, currency: "usd", interval: "month" });
});

beforeEach(() => configureStripe(true));

afterAll(async () => {
  configureStripe(false);
  await stripe.close();
});

describe("billing.overview", () => {
  it("meters every limit key: used against the plan in force, planned keys with their limit and no usage", async () => {
    const { org, owner, asAdmin } = await organization();
    await withTenant({ tenantId: org.id }, (tx) => setCurrentPlan(tx, "pro"));
    await withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, async (tx) => {
      const actor = { userId: owner.id, role: "owner" as const };
      for (const firstName of ["Ada", "Grace"]) await createContact(tx, actor, { firstName });
      await createInvitation(tx, { userId: owner.id, role: "owner", name: owner.name }, { id: org.id, name: org.name }, { email: `invitee-${crypto.randomUUID()}@example.test`, role: "member" });
    });

    const overview = await asAdmin.billing.overview();
    expect(overview).toMatchObject({ plan: "pro", planLabel: "Pro", stripeConfigured: true, subscription: null });
    const meters = Object.fromEntries(overview.meters.map((m) => [m.key, m]));
    // Three members and one open invitation.
    expect(meters["orgs.seats"]).toMatchObject({ used: 4, limit: 50, counted: true, label: "Seats" });
    expect(meters["crm.contacts"]).toMatchObject({ used: 2, limit: 50_000, counted: true });
    expect(meters["ai.documents"]).toMatchObject({ used: 0, limit: PLANS.pro.limits["ai.documents"], counted: true });
    expect(meters["ai.messages_per_month"]).toMatchObject({ used: 0, counted: true });
    expect(overview.meters.map((m) => m.key).sort()).toEqual(Object.keys(PLANS.pro.limits).sort());
  });

  it("prices the pricing table per seat from Stripe, and only the prices this server sells", async () => {
    const { asOwner } = await organization();
    const { pricing } = await asOwner.billing.overview();
    expect(pricing.map((row) => row.plan)).toEqual(["free", "pro", "business"]);
    const [free, pro, business] = pricing;
    expect(free!.prices).toEqual({ monthly: null, yearly: null });
    expect(pro!.prices).toEqual({ monthly: { priceId: "price_pro_m", unitAmount: 1200, currency: "usd" }, yearly: { priceId: "price_pro_y", unitAmount: 12000, currency: "usd" } });
    expect(business!.prices).toEqual({ monthly: { priceId: "price_biz_m", unitAmount: 3900, currency: "usd" }, yearly: null });
    expect(pro!.features).toContain("ai_chat");
  });

  it("reads each Stripe price once for a while (in-process cache)", async () => {
    const { asOwner } = await organization();
    const reads = () => stripe.calls.filter((call) => call.startsWith("GET /v1/prices/")).length;
    const before = reads();
    await asOwner.billing.overview();
    await asOwner.billing.overview();
    expect(reads() - before).toBe(3);
  });

  it("shows a past-due subscription with the end of its grace period", async () => {
    const { org, asOwner } = await organization();
    const since = new Date("2026-11-20T10:00:00Z");
    await inTenant(org.id, async (tx) => {
      const customer = `cus_${crypto.randomUUID()}`;
      await tx.insert(billingCustomers).values({ stripeCustomerId: customer });
      await tx.insert(billingSubscriptions).values({ stripeSubscriptionId: `sub_${crypto.randomUUID()}`, stripeCustomerId: customer, plan: "pro", status: "past_due", priceId: "price_pro_y", seats: 3, pastDueSince: since, lastEventAt: since });
    });
    const { subscription } = await asOwner.billing.overview();
    expect(subscription).toMatchObject({ status: "past_due", plan: "pro", interval: "yearly", seats: 3, pastDueSince: since, graceEndsAt: new Date("2026-11-27T10:00:00Z") });
  });

  it("is for admins and owners", async () => {
    const { asMember, asAdmin } = await organization();
    expect(await codeOf(asMember.billing.overview())).toBe("FORBIDDEN");
    expect(await codeOf(asAdmin.billing.overview())).toBe("OK");
  });
});

describe("billing.invoices", () => {
  it("lists the organization's Stripe invoices newest first, a page at a time with Stripe's cursor", async () => {
    const { org, owner, asAdmin } = await organization();
    await ownerCheckout(org.id, owner);
    const [customer] = await inTenant(org.id, (tx) => tx.select().from(billingCustomers));
    const id = customer!.stripeCustomerId;
    const day = 86_400;
    stripe.invoices.push(
      { id: `in_${id}_1`, customer: id, created: 1_790_000_000, total: 3600, currency: "usd", status: "paid", number: "INV-1" },
      { id: `in_${id}_2`, customer: id, created: 1_790_000_000 + 30 * day, total: 3600, currency: "usd", status: "paid", number: "INV-2" },
      { id: `in_${id}_3`, customer: id, created: 1_790_000_000 + 60 * day, total: 4800, currency: "usd", status: "open", number: "INV-3" },
      { id: `in_someone_else_${id}`, customer: "cus_someone_else", created: 1_790_000_000 + 90 * day, total: 1, currency: "usd", status: "paid" },
    );
    const first = await asAdmin.billing.invoices({ limit: 2 });
    expect(first.invoices.map((i) => i.number)).toEqual(["INV-3", "INV-2"]);
    expect(first.invoices[0]).toMatchObject({ total: 4800, amountDue: 4800, currency: "usd", status: "open", hostedInvoiceUrl: `https://invoice.stand-in.local/in_${id}_3`, created: new Date((1_790_000_000 + 60 * day) * 1000) });
    expect(first.nextCursor).toBe(`in_${id}_2`);
    const second = await asAdmin.billing.invoices({ limit: 2, cursor: first.nextCursor });
    expect(second.invoices.map((i) => i.number)).toEqual(["INV-1"]);
    expect(second.nextCursor).toBeNull();
  });

  it("is empty for an organization without a Stripe customer, without asking Stripe", async () => {
    const { asOwner } = await organization();
    const calls = stripe.calls.length;
    expect(await asOwner.billing.invoices({})).toEqual({ invoices: [], nextCursor: null });
    expect(stripe.calls.slice(calls).filter((c) => c.includes("/v1/invoices"))).toEqual([]);
  });
});

/** The organization's Stripe customer, made the way the app makes it: the owner starts a checkout. */
async function ownerCheckout(tenantId: string, owner: { id: string; sessionVersion: number }) {
  return callerFor(owner, tenantId).billing.startCheckout({ plan: "pro", interval: "monthly" });
}

describe("billing.startCheckout and billing.openPortal", () => {
  it("sends an owner to Checkout, then to the Customer Portal returning to Settings → Billing; both audited", async () => {
    const { org, owner, asOwner } = await organization();
    const checkout = await asOwner.billing.startCheckout({ plan: "pro", interval: "yearly" });
    expect(stripe.sessions.get(checkout.sessionId)).toMatchObject({ "line_items[0][price]": "price_pro_y", "line_items[0][quantity]": "3" });
    const portal = await asOwner.billing.openPortal();
    const session = [...stripe.portalSessions.entries()].find(([sessionId]) => portal.url.endsWith(sessionId));
    const [customer] = await inTenant(org.id, (tx) => tx.select().from(billingCustomers));
    expect(session?.[1]).toMatchObject({ customer: customer!.stripeCustomerId, return_url: expect.stringMatching(new RegExp(`/t/${org.slug}/settings/billing$`)) });
    const audited = await inTenant(org.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.actorUserId, owner.id)));
    expect(audited.map((row) => row.action)).toEqual(expect.arrayContaining(["billing.checkout.started", "billing.portal.opened"]));
    expect(audited.find((row) => row.action === "billing.checkout.started")).toMatchObject({ entityId: checkout.sessionId, after: { plan: "pro", interval: "yearly", seats: 3 } });
  });

  it("refuses admins (the subscription is the owners' business)", async () => {
    const { org, owner, asAdmin } = await organization();
    await ownerCheckout(org.id, owner);
    expect(await codeOf(asAdmin.billing.openPortal())).toBe("FORBIDDEN");
    expect(await codeOf(asAdmin.billing.startCheckout({ plan: "pro", interval: "monthly" }))).toBe("FORBIDDEN");
  });

  it("has no portal before the organization has a Stripe customer", async () => {
    const { asOwner } = await organization();
    await expect(asOwner.billing.openPortal()).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/choose a plan first/) });
  });
});

describe("without Stripe configured", () => {
  it("says so: the plan and meters still show, no amounts, no invoices, upgrades and the portal refused", async () => {
    configureStripe(false);
    const { asOwner } = await organization();
    const overview = await asOwner.billing.overview();
    expect(overview).toMatchObject({ stripeConfigured: false, plan: "free" });
    expect(overview.meters.find((m) => m.key === "orgs.seats")).toMatchObject({ used: 3, limit: 3 });
    expect(overview.pricing.every((row) => row.prices.monthly === null && row.prices.yearly === null)).toBe(true);
    expect(await asOwner.billing.invoices({})).toEqual({ invoices: [], nextCursor: null });
    for (const call of [() => asOwner.billing.startCheckout({ plan: "pro", interval: "monthly" }), () => asOwner.billing.openPortal()]) {
      await expect(call()).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE", message: expect.stringMatching(/Stripe is not configured/) });
    }
  });
});
