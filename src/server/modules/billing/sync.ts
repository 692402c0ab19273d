import { runtimeSql } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { currentPlan } from "../orgs/limits";
import { findTenantIdBySlug } from "../orgs/service";
import { currentOrganization } from "../orgs/settings";
import { stripeSubscription, type StripeSubscription } from "./objects";
import { stripeClient, StripeNotConfigured, stripeConfigured } from "./stripe";
import { billingCustomers } from "./schema";
import { lockSubscription, refreshPlanInForce, storeSubscription, subscriptionsOf, versionOf } from "./subscriptions";

/**
 * `npm run billing:sync [-- --org <slug>]`: repairs local state after missed webhooks. For each
 * organization with a Stripe customer, lists the customer's subscriptions from Stripe (every
 * status) and applies each through the webhook job's path (storeSubscription, then the plan in
 * force), as of the moment Stripe was asked: an event older than that is later re-fetched
 * rather than applied. A cancelled subscription stays cancelled, as with webhooks. Stripe is
 * asked outside any tenant transaction; if a webhook changed the rows meanwhile, the
 * organization is read again.
 */

export type OrgSyncReport = { tenantId: string; slug: string; changes: string[]; error?: string };

const MAX_ROUNDS = 3;

export async function syncBilling(options: { slug?: string; now?: () => Date } = {}): Promise<OrgSyncReport[]> {
  if (!stripeConfigured()) throw new StripeNotConfigured();
  const now = options.now ?? (() => new Date());
  let tenantIds: string[];
  if (options.slug) {
    const tenantId = await findTenantIdBySlug(options.slug);
    if (!tenantId) throw new Error(`No organization has the address ${options.slug}.`);
    tenantIds = [tenantId];
  } else {
    const rows = await runtimeSql()<{ tenant_id: string }[]>`select neuroops_billing_customer_tenants() as tenant_id`;
    tenantIds = rows.map((row) => row.tenant_id);
  }
  const reports: OrgSyncReport[] = [];
  for (const tenantId of tenantIds) {
    try {
      reports.push(await syncOrganization(tenantId, now));
    } catch (error) {
      // One organization's failure (a price this server does not sell…) does not stop the others.
      reports.push({ tenantId, slug: tenantId, changes: [], error: error instanceof Error ? error.message : String(error) });
    }
  }
  return reports;
}

export async function syncOrganization(tenantId: string, now: () => Date = () => new Date()): Promise<OrgSyncReport> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = await withTenant({ tenantId }, async (tx) => {
      const [customer] = await tx.select().from(billingCustomers);
      const subscriptions = await subscriptionsOf(tx);
      return { slug: (await currentOrganization(tx)).slug, customerId: customer?.stripeCustomerId, subscriptions };
    });
    if (!before.customerId) return { tenantId, slug: before.slug, changes: [], error: "no Stripe customer (the organization never started a checkout)" };
    const askedAt = now();
    const fromStripe: StripeSubscription[] = [];
    for await (const subscription of stripeClient().subscriptions.list({ customer: before.customerId, status: "all", limit: 100 })) {
      fromStripe.push(stripeSubscription.parse(subscription));
    }
    const versions = new Map(before.subscriptions.map((row) => [row.stripeSubscriptionId, versionOf(row)]));
    const report = await withTenant({ tenantId }, async (tx) => {
      const planBefore = await currentPlan(tx);
      const changes: string[] = [];
      for (const subscription of fromStripe) {
        const existing = await lockSubscription(tx, subscription.id);
        if (versionOf(existing) !== (versions.get(subscription.id) ?? "none")) return null; // a webhook applied meanwhile: read again
        const row = await storeSubscription(tx, existing, subscription, { at: askedAt, eventId: `sync:${askedAt.toISOString()}` }, askedAt);
        if (!existing) changes.push(`subscription ${row.stripeSubscriptionId} added (${row.plan}, ${row.status}, ${row.seats} seats)`);
        else {
          const moved = [
            existing.status !== row.status ? `${existing.status} → ${row.status}` : null,
            existing.plan !== row.plan ? `price plan ${existing.plan} → ${row.plan}` : null,
            existing.seats !== row.seats ? `seats ${existing.seats} → ${row.seats}` : null,
            existing.cancelAtPeriodEnd !== row.cancelAtPeriodEnd ? (row.cancelAtPeriodEnd ? "now cancels at period end" : "no longer cancels at period end") : null,
          ].filter(Boolean);
          if (moved.length > 0) changes.push(`subscription ${row.stripeSubscriptionId} ${moved.join(", ")}`);
        }
      }
      const listed = new Set(fromStripe.map((s) => s.id));
      for (const row of before.subscriptions) {
        if (!listed.has(row.stripeSubscriptionId)) changes.push(`subscription ${row.stripeSubscriptionId} is not in Stripe's list for ${before.customerId} (left as it is)`);
      }
      const plan = await refreshPlanInForce(tx, askedAt);
      if (plan && plan.plan !== planBefore) changes.push(`plan ${planBefore} → ${plan.plan}`);
      return changes;
    });
    if (report) return { tenantId, slug: before.slug, changes: report };
  }
  throw new Error("The organization's subscriptions kept changing while they were synced; run billing:sync again.");
}

/** One line per organization, e.g. `acme: subscription sub_123 past_due → active; plan free → pro` or `acme: in step`. */
export function describeSync(report: OrgSyncReport): string {
  if (report.error) return `${report.slug}: not synced: ${report.error}`;
  return `${report.slug}: ${report.changes.length > 0 ? report.changes.join("; ") : "in step"}`;
}
