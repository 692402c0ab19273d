import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { tenantIdColumn, timestamps } from "../../db/columns";
import { tenants } from "../orgs/schema";

/** The organization's Stripe customer: one per tenant, created once, never replaced. */
export const billingCustomers = pgTable(
  "billing_customers",
  {
    tenantId: tenantIdColumn()
      .primaryKey()
      .references(() => tenants.id, { onDelete: "cascade" }),
    stripeCustomerId: text().notNull(),
    email: text(),
    ...timestamps(),
  },
  // Unique across tenants: a Stripe customer belongs to one organization (the database checks
  // this without RLS; the app role still reads only its own tenant's row).
  (t) => [uniqueIndex("billing_customers_stripe_customer_idx").on(t.stripeCustomerId)],
);

/**
 * A tenant's Stripe subscriptions as last applied. `lastEventAt` is the Stripe `created` time
 * of the newest event applied to the row: an older event is never applied as it stands (the
 * subscription is re-fetched from Stripe instead). `canceled` is terminal: nothing revives it.
 */
export const billingSubscriptions = pgTable(
  "billing_subscriptions",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    stripeSubscriptionId: text().notNull(),
    stripeCustomerId: text().notNull(),
    /** orgs/plans.ts's plan of the subscription's price (not the plan in force: see tenants.plan). */
    plan: text().notNull(),
    /** Stripe's status: trialing, active, past_due, unpaid, canceled, incomplete, incomplete_expired, paused. */
    status: text().notNull(),
    priceId: text(),
    seats: integer().notNull().default(1),
    currentPeriodEnd: timestamp({ withTimezone: true }),
    cancelAtPeriodEnd: boolean().notNull().default(false),
    trialEnd: timestamp({ withTimezone: true }),
    canceledAt: timestamp({ withTimezone: true }),
    /** When it became past_due (the grace period counts from here); null otherwise. */
    pastDueSince: timestamp({ withTimezone: true }),
    lastEventAt: timestamp({ withTimezone: true }).notNull(),
    lastEventId: text(),
    /**
     * Seat syncs recorded (billing/seats.ts): part of the idempotency key of the quantity
     * update sent to Stripe, so going back to an earlier member count is a new request.
     */
    seatSyncCount: integer().notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.stripeSubscriptionId] }),
    uniqueIndex("billing_subscriptions_stripe_id_idx").on(t.stripeSubscriptionId),
  ],
);

export const webhookEventStatus = pgEnum("billing_webhook_status", ["received", "processed", "failed"]);

/**
 * The webhook inbox: every verified Stripe event, once (keyed by Stripe's event id). Global,
 * not tenant data: an event arrives before anyone knows its organization (the tenant is found
 * from its customer or metadata while it is processed), like users and tenants it has no
 * tenant_id and no RLS, and it is reached only through billing/inbox.ts (the webhook route,
 * the processing job and, later, the super admin's Billing events page). Subscription state
 * derived from it lives in the tenant tables above, under RLS.
 */
export const billingWebhookEvents = pgTable(
  "billing_webhook_events",
  {
    stripeEventId: text().primaryKey(),
    type: text().notNull(),
    /** Stripe's `created` (when the event happened), not when it reached us. */
    created: timestamp({ withTimezone: true }).notNull(),
    livemode: boolean().notNull().default(false),
    payload: jsonb().notNull(),
    status: webhookEventStatus().notNull().default("received"),
    attempts: integer().notNull().default(0),
    lastError: text(),
    /** The organization it was applied to, once known (for the admin page; no foreign key: a tenant may go). */
    appliedTenantId: text(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("billing_webhook_events_recent_idx").on(t.receivedAt.desc()), index("billing_webhook_events_open_idx").on(t.status).where(sql`status <> 'processed'`)],
);
