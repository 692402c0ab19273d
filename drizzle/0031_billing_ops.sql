ALTER TABLE "billing_subscriptions" ADD COLUMN "seat_sync_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint

-- The organizations that have a Stripe customer, for `npm run billing:sync` (which then enters
-- each one's tenant transaction to read its customer). Claims only: tenant ids, no billing data.
CREATE OR REPLACE FUNCTION neuroops_billing_customer_tenants()
RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  SELECT c.tenant_id FROM billing_customers c ORDER BY c.created_at;
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_billing_customer_tenants() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION neuroops_billing_customer_tenants() TO neuroops_app;
