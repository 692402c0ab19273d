CREATE TYPE "public"."analytics_anomaly_status" AS ENUM('new', 'seen');--> statement-breakpoint
CREATE TYPE "public"."analytics_fraud_item_kind" AS ENUM('customer_payment', 'supplier_bill', 'supplier_payment', 'journal_entry');--> statement-breakpoint
CREATE TYPE "public"."analytics_fraud_method" AS ENUM('rules', 'model');--> statement-breakpoint
CREATE TYPE "public"."analytics_fraud_verdict" AS ENUM('confirmed', 'dismissed');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'anomaly_detected';--> statement-breakpoint
CREATE TABLE "analytics_anomalies" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"series_key" text NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"currency" text NOT NULL,
	"account_id" uuid,
	"day" date NOT NULL,
	"actual" double precision NOT NULL,
	"expected" double precision NOT NULL,
	"lower" double precision NOT NULL,
	"upper" double precision NOT NULL,
	"score" double precision NOT NULL,
	"direction" text NOT NULL,
	"status" "analytics_anomaly_status" DEFAULT 'new' NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_anomalies_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "analytics_forecasts" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"series_key" text NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"currency" text,
	"product_id" uuid,
	"method" text NOT NULL,
	"frequency" integer NOT NULL,
	"history" jsonb NOT NULL,
	"points" jsonb NOT NULL,
	"accuracy" jsonb,
	"notes" jsonb NOT NULL,
	"fingerprint" text NOT NULL,
	"fitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_forecasts_tenant_id_series_key_pk" PRIMARY KEY("tenant_id","series_key")
);
--> statement-breakpoint
CREATE TABLE "analytics_fraud_labels" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"kind" "analytics_fraud_item_kind" NOT NULL,
	"item_id" uuid NOT NULL,
	"verdict" "analytics_fraud_verdict" NOT NULL,
	"note" text,
	"labelled_by" uuid,
	"labelled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_fraud_labels_tenant_id_kind_item_id_pk" PRIMARY KEY("tenant_id","kind","item_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_fraud_models" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"version" integer NOT NULL,
	"model" jsonb,
	"auc" double precision,
	"rules_auc" double precision,
	"folds" jsonb NOT NULL,
	"confirmed" integer NOT NULL,
	"dismissed" integer NOT NULL,
	"reason" text NOT NULL,
	"in_use" boolean DEFAULT false NOT NULL,
	"trained_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_fraud_models_tenant_id_version_pk" PRIMARY KEY("tenant_id","version"),
	CONSTRAINT "analytics_fraud_models_in_use" CHECK (not "analytics_fraud_models"."in_use" or "analytics_fraud_models"."model" is not null)
);
--> statement-breakpoint
CREATE TABLE "analytics_fraud_scores" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"kind" "analytics_fraud_item_kind" NOT NULL,
	"item_id" uuid NOT NULL,
	"reference" text,
	"counterparty_id" uuid,
	"counterparty_name" text,
	"amount_minor" text NOT NULL,
	"currency" text NOT NULL,
	"posted_at" timestamp with time zone NOT NULL,
	"score" double precision NOT NULL,
	"method" "analytics_fraud_method" NOT NULL,
	"reasons" jsonb NOT NULL,
	"signals" jsonb NOT NULL,
	"model_version" integer,
	"scored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_fraud_scores_tenant_id_kind_item_id_pk" PRIMARY KEY("tenant_id","kind","item_id"),
	CONSTRAINT "analytics_fraud_scores_range" CHECK ("analytics_fraud_scores"."score" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "analytics_anomalies" ADD CONSTRAINT "analytics_anomalies_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_forecasts" ADD CONSTRAINT "analytics_forecasts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_fraud_labels" ADD CONSTRAINT "analytics_fraud_labels_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_fraud_labels" ADD CONSTRAINT "analytics_fraud_labels_labelled_by_users_id_fk" FOREIGN KEY ("labelled_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_fraud_models" ADD CONSTRAINT "analytics_fraud_models_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_fraud_scores" ADD CONSTRAINT "analytics_fraud_scores_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "analytics_anomalies_series_day_idx" ON "analytics_anomalies" USING btree ("tenant_id","series_key","day");--> statement-breakpoint
CREATE INDEX "analytics_anomalies_day_idx" ON "analytics_anomalies" USING btree ("tenant_id","day","id");--> statement-breakpoint
CREATE INDEX "analytics_fraud_labels_verdict_idx" ON "analytics_fraud_labels" USING btree ("tenant_id","verdict");--> statement-breakpoint
CREATE INDEX "analytics_fraud_scores_queue_idx" ON "analytics_fraud_scores" USING btree ("tenant_id","score" DESC NULLS LAST,"kind","item_id");--> statement-breakpoint
-- custom: the analytics module's fraud tables: grants, then tenant RLS on each (FORCE, via the shared function).
GRANT SELECT, INSERT, UPDATE, DELETE ON analytics_fraud_scores, analytics_fraud_labels, analytics_fraud_models TO neuroops_app;--> statement-breakpoint
SELECT neuroops_enable_tenant_rls(t) FROM unnest(ARRAY['analytics_fraud_scores', 'analytics_fraud_labels', 'analytics_fraud_models']::regclass[]) AS t;
--> statement-breakpoint
-- custom: the analytics module's forecast and anomaly tables: grants and tenant RLS (FORCE, via the shared function).
GRANT SELECT, INSERT, UPDATE, DELETE ON analytics_forecasts, analytics_anomalies TO neuroops_app;--> statement-breakpoint
SELECT neuroops_enable_tenant_rls(t) FROM unnest(ARRAY['analytics_forecasts', 'analytics_anomalies']::regclass[]) AS t;--> statement-breakpoint
-- Tenants (ids only) with posted accounting entries or stock shipments since a day: the ones the
-- scheduled forecast and anomaly runs visit, each then in its own tenant transaction.
CREATE OR REPLACE FUNCTION neuroops_analytics_active_tenants(since date)
RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  SELECT t.id FROM tenants t
   WHERE t.suspended_at IS NULL
     AND (EXISTS (SELECT 1 FROM accounting_entries e WHERE e.tenant_id = t.id AND e.status = 'posted' AND e.date >= since)
          OR EXISTS (SELECT 1 FROM inventory_movements m WHERE m.tenant_id = t.id AND m.kind = 'shipment' AND m.effective_at >= since));
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_analytics_active_tenants(date) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION neuroops_analytics_active_tenants(date) TO neuroops_app;
