import { z } from "zod";
import type { Actor, TenantTx } from "../../db/tenant";
import { Conflict, Forbidden, ServiceUnavailable } from "../../platform/errors";
import { appUrl } from "../../platform/urls";
import { parseInput } from "../../platform/validate";
import { recordAudit } from "../audit/service";
import { roleAtLeast } from "../orgs/roles";
import { currentOrganization } from "../orgs/settings";
import { BILLING } from "./permissions";
import { billingCustomers } from "./schema";
import { stripeClient, stripeConfigured } from "./stripe";

/** What billing's Stripe-calling services get from the tenant gate (tRPC's gatedRoleProcedure, a test). */
export type BillingScope = { tenantId: string; actor: Actor; withTenant<T>(fn: (tx: TenantTx) => Promise<T>): Promise<T> };

const NOT_CONFIGURED = "Stripe is not configured on this server, so plans are set by the platform's administrator.";

async function customerOf(tx: TenantTx): Promise<string | null> {
  const [customer] = await tx.select({ id: billingCustomers.stripeCustomerId }).from(billingCustomers);
  return customer?.id ?? null;
}

export type InvoiceRow = {
  id: string;
  number: string | null;
  created: Date;
  /** Minor units of `currency`: what the invoice totals. */
  total: number;
  amountDue: number;
  currency: string;
  status: string | null;
  hostedInvoiceUrl: string | null;
};

export const invoicesInput = z.object({
  /** Stripe's cursor: the last invoice id of the previous page. */
  cursor: z.string().regex(/^in_[A-Za-z0-9_]{1,200}$/, "Not an invoice cursor.").nullish(),
  limit: z.number().int().min(1).max(50).default(10),
});

/**
 * The organization's Stripe invoices, newest first, a page at a time with Stripe's cursor
 * (`starting_after`). The customer is read in a short tenant transaction; Stripe is called
 * after it. No customer (or Stripe not configured): an empty list.
 */
export async function listInvoices(scope: BillingScope, rawInput: z.input<typeof invoicesInput>): Promise<{ invoices: InvoiceRow[]; nextCursor: string | null }> {
  const input = parseInput(invoicesInput, rawInput);
  if (!stripeConfigured()) return { invoices: [], nextCursor: null };
  const customer = await scope.withTenant(customerOf);
  if (!customer) return { invoices: [], nextCursor: null };
  const page = await stripeClient().invoices.list({ customer, limit: input.limit, ...(input.cursor ? { starting_after: input.cursor } : {}) });
  const invoices = page.data.map((invoice) => ({
    id: invoice.id ?? "",
    number: invoice.number ?? null,
    created: new Date(invoice.created * 1000),
    total: invoice.total,
    amountDue: invoice.amount_due,
    currency: invoice.currency,
    status: invoice.status ?? null,
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
  }));
  return { invoices, nextCursor: page.has_more && invoices.length ? invoices[invoices.length - 1]!.id : null };
}

/**
 * A Stripe Customer Portal session for the organization's customer (payment method, invoices,
 * seats, cancelling), returning to Settings → Billing. Owners only; audited; the create call
 * carries an idempotency key (a double click within a minute reuses the session).
 */
export async function openCustomerPortal(scope: BillingScope): Promise<{ url: string }> {
  if (!roleAtLeast(scope.actor.role, BILLING.manage)) throw new Forbidden("Only owners can manage the organization's billing.");
  if (!stripeConfigured()) throw new ServiceUnavailable(NOT_CONFIGURED, 3600);
  const before = await scope.withTenant(async (tx) => ({ customer: await customerOf(tx), org: await currentOrganization(tx) }));
  if (!before.customer) throw new Conflict("This organization has no Stripe customer yet: choose a plan first.");
  const session = await stripeClient().billingPortal.sessions.create(
    { customer: before.customer, return_url: appUrl(`/t/${before.org.slug}/settings/billing`) },
    { idempotencyKey: `neuroops-portal-${scope.tenantId}-${scope.actor.userId}-${Math.floor(Date.now() / 60_000)}` },
  );
  await scope.withTenant((tx) =>
    recordAudit(tx, { action: "billing.portal.opened", entityType: "billing_customer", entityId: before.customer, after: { portalSession: session.id } }),
  );
  return { url: session.url };
}
