CREATE TYPE "public"."billing_webhook_status" AS ENUM('received', 'processed', 'failed');--> statement-breakpoint
CREATE TABLE "billing_customers" (
	"tenant_id" uuid PRIMARY KEY DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"stripe_customer_id" text NOT NULL,
	"email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_subscriptions" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"stripe_subscription_id" text NOT NULL,
	"stripe_customer_id" text NOT NULL,
	"plan" text NOT NULL,
	"status" text NOT NULL,
	"price_id" text,
	"seats" integer DEFAULT 1 NOT NULL,
	"current_period_end" timestamp with time zone,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"trial_end" timestamp with time zone,
	"canceled_at" timestamp with time zone,
	"past_due_since" timestamp with time zone,
	"last_event_at" timestamp with time zone NOT NULL,
	"last_event_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_subscriptions_tenant_id_stripe_subscription_id_pk" PRIMARY KEY("tenant_id","stripe_subscription_id")
);
--> statement-breakpoint
CREATE TABLE "billing_webhook_events" (
	"stripe_event_id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"created" timestamp with time zone NOT NULL,
	"livemode" boolean DEFAULT false NOT NULL,
	"payload" jsonb NOT NULL,
	"status" "billing_webhook_status" DEFAULT 'received' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"applied_tenant_id" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "billing_customers" ADD CONSTRAINT "billing_customers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_subscriptions" ADD CONSTRAINT "billing_subscriptions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_customers_stripe_customer_idx" ON "billing_customers" USING btree ("stripe_customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_subscriptions_stripe_id_idx" ON "billing_subscriptions" USING btree ("stripe_subscription_id");--> statement-breakpoint
CREATE INDEX "billing_webhook_events_recent_idx" ON "billing_webhook_events" USING btree ("received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "billing_webhook_events_open_idx" ON "billing_webhook_events" USING btree ("status") WHERE status <> 'processed';--> statement-breakpoint

-- Billing: grants and RLS. Customers and subscriptions are tenant data (forced RLS, the
-- usual policy). The webhook inbox is global like users and tenants (ARCHITECTURE.md: Stripe
-- events are global tables reached only through narrow server functions): an event arrives
-- before its organization is known, so it cannot carry a tenant_id; billing/inbox.ts is the
-- only code that reads or writes it. No DELETE for the app role: the inbox is the record of
-- what Stripe sent.
GRANT SELECT, INSERT, UPDATE ON billing_customers TO neuroops_app;--> statement-breakpoint
SELECT neuroops_enable_tenant_rls('billing_customers');--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON billing_subscriptions TO neuroops_app;--> statement-breakpoint
SELECT neuroops_enable_tenant_rls('billing_subscriptions');--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON billing_webhook_events TO neuroops_app;--> statement-breakpoint

-- Which organization a Stripe customer or subscription belongs to, for the webhook job that
-- has only Stripe's ids. Claims only (a tenant id, or null): no billing data crosses tenants;
-- the job then enters that tenant's transaction. Under FORCE RLS the functions' owner (this
-- migration's login) needs to read the two tables.
DO $$
BEGIN
  EXECUTE format('CREATE POLICY billing_owner_lookup ON billing_customers AS PERMISSIVE FOR SELECT TO %I USING (true)', current_user);
  EXECUTE format('CREATE POLICY billing_owner_lookup ON billing_subscriptions AS PERMISSIVE FOR SELECT TO %I USING (true)', current_user);
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION neuroops_billing_tenant_of(customer_id text, subscription_id text)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  SELECT coalesce(
    (SELECT s.tenant_id FROM billing_subscriptions s WHERE s.stripe_subscription_id = subscription_id),
    (SELECT c.tenant_id FROM billing_customers c WHERE c.stripe_customer_id = customer_id));
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_billing_tenant_of(text, text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION neuroops_billing_tenant_of(text, text) TO neuroops_app;--> statement-breakpoint

-- Tenants whose subscription has been past_due longer than the grace period and whose plan in
-- force is still a paid one: the daily downgrade job re-evaluates each inside its own tenant.
CREATE OR REPLACE FUNCTION neuroops_billing_grace_expired(grace interval)
RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  SELECT DISTINCT s.tenant_id
    FROM billing_subscriptions s
    JOIN tenants t ON t.id = s.tenant_id
   WHERE s.status = 'past_due' AND s.past_due_since < now() - grace AND t.plan <> 'free';
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_billing_grace_expired(interval) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION neuroops_billing_grace_expired(interval) TO neuroops_app;
