import { z } from "zod";
import { withTenant, type Actor } from "../../db/tenant";
import { Forbidden, ServiceUnavailable, ValidationFailed } from "../../platform/errors";
import { appUrl } from "../../platform/urls";
import { recordAudit } from "../audit/service";
import { parseInput } from "../../platform/validate";
import { BILLING_INTERVALS, PLANS } from "../orgs/plans";
import { roleAtLeast } from "../orgs/roles";
import { countMembers } from "../orgs/service";
import { currentOrganization } from "../orgs/settings";
import { BILLING } from "./permissions";
import { priceIdFor } from "./prices";
import { billableSeats } from "./seats";
import { stripeClient, stripeConfigured } from "./stripe";
import { billingCustomers } from "./schema";
import { linkCustomer } from "./subscriptions";

export const checkoutInput = z.object({
  plan: z.enum(["pro", "business"], "Choose Pro or Business."),
  interval: z.enum(BILLING_INTERVALS, "Choose monthly or yearly billing."),
});

/**
 * An upgrade: a Stripe Checkout session for the organization's customer (created once, with
 * the organization id in its metadata), priced per seat for the members (open invitations are not billed: see seats.ts). Every create
 * call carries an idempotency key. Stripe is called between short tenant transactions, never
 * inside one. Owners only; audited (`billing.checkout.started`).
 */
export async function startCheckout(scope: { tenantId: string; actor: Actor }, rawInput: z.input<typeof checkoutInput>): Promise<{ url: string; sessionId: string }> {
  if (!roleAtLeast(scope.actor.role, BILLING.manage)) throw new Forbidden("Only owners can change the organization's plan.");
  const input = parseInput(checkoutInput, rawInput);
  if (!stripeConfigured()) throw new ServiceUnavailable("Stripe is not configured on this server, so plans are set by the platform's administrator.", 3600);
  const price = priceIdFor(input.plan, input.interval);
  if (!price) throw new ValidationFailed({ plan: [`${PLANS[input.plan].label} (${input.interval}) has no Stripe price on this server.`] }, `${PLANS[input.plan].label} cannot be bought ${input.interval} on this server yet.`);
  const tenant = { tenantId: scope.tenantId, userId: scope.actor.userId };
  const before = await withTenant(tenant, async (tx) => {
    const [customer] = await tx.select({ id: billingCustomers.stripeCustomerId }).from(billingCustomers);
    return { customerId: customer?.id, seats: billableSeats(await countMembers(tx)), org: await currentOrganization(tx) };
  });
  const stripe = stripeClient();
  let customerId = before.customerId;
  if (!customerId) {
    const created = await stripe.customers.create(
      { name: before.org.name, metadata: { tenant_id: scope.tenantId, slug: before.org.slug } },
      { idempotencyKey: `neuroops-customer-${scope.tenantId}` },
    );
    customerId = created.id;
    await withTenant(tenant, (tx) => linkCustomer(tx, created.id));
  }
  const base = `/t/${before.org.slug}/settings/billing`;
  const session = await stripe.checkout.sessions.create(
    {
      mode: "subscription",
      customer: customerId,
      client_reference_id: scope.tenantId,
      metadata: { tenant_id: scope.tenantId },
      subscription_data: { metadata: { tenant_id: scope.tenantId } },
      line_items: [{ price, quantity: before.seats }],
      success_url: appUrl(`${base}?checkout=success&session={CHECKOUT_SESSION_ID}`),
      cancel_url: appUrl(`${base}?checkout=cancelled`),
    },
    // One session per organization, plan, interval, seat count and minute: a double click reuses it.
    { idempotencyKey: `neuroops-checkout-${scope.tenantId}-${input.plan}-${input.interval}-${before.seats}-${Math.floor(Date.now() / 60_000)}` },
  );
  if (!session.url) throw new Error("Stripe returned a Checkout session without a URL.");
  // Nothing changes until Stripe confirms (the webhook), but who started which upgrade is on record.
  await withTenant(tenant, (tx) =>
    recordAudit(tx, { action: "billing.checkout.started", entityType: "billing_checkout", entityId: session.id, after: { plan: input.plan, interval: input.interval, seats: before.seats } }),
  );
  return { url: session.url, sessionId: session.id };
}
