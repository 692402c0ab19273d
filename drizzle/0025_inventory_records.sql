CREATE TYPE "public"."inventory_bulk_status" AS ENUM('queued', 'running', 'done', 'failed');--> statement-breakpoint
CREATE TYPE "public"."inventory_entity_type" AS ENUM('product');--> statement-breakpoint
CREATE TYPE "public"."inventory_import_status" AS ENUM('queued', 'running', 'done', 'failed');--> statement-breakpoint
CREATE TABLE "inventory_bulk_jobs" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"entity_type" "inventory_entity_type" NOT NULL,
	"action" jsonb NOT NULL,
	"selection" jsonb NOT NULL,
	"status" "inventory_bulk_status" DEFAULT 'queued' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"cursor" uuid,
	"processed_count" integer DEFAULT 0 NOT NULL,
	"done_count" integer DEFAULT 0 NOT NULL,
	"unchanged_count" integer DEFAULT 0 NOT NULL,
	"skipped_count" integer DEFAULT 0 NOT NULL,
	"skip_reasons" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"failure" text,
	"created_by" uuid DEFAULT nullif(current_setting('app.user_id', true), '')::uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "inventory_bulk_jobs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "inventory_import_errors" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "inventory_import_errors_tenant_id_import_id_row_number_pk" PRIMARY KEY("tenant_id","import_id","row_number")
);
--> statement-breakpoint
CREATE TABLE "inventory_import_files" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "inventory_import_files_tenant_id_import_id_pk" PRIMARY KEY("tenant_id","import_id")
);
--> statement-breakpoint
CREATE TABLE "inventory_imports" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"entity_type" "inventory_entity_type" NOT NULL,
	"file_name" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"on_duplicate" text DEFAULT 'skip' NOT NULL,
	"status" "inventory_import_status" DEFAULT 'queued' NOT NULL,
	"total_bytes" bigint DEFAULT 0 NOT NULL,
	"processed_bytes" bigint DEFAULT 0 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_count" integer DEFAULT 0 NOT NULL,
	"updated_count" integer DEFAULT 0 NOT NULL,
	"skipped_count" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"failure" text,
	"created_by" uuid DEFAULT nullif(current_setting('app.user_id', true), '')::uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "inventory_imports_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "inventory_saved_views" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid DEFAULT nullif(current_setting('app.user_id', true), '')::uuid NOT NULL,
	"entity_type" "inventory_entity_type" NOT NULL,
	"name" text NOT NULL,
	"query" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_saved_views_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "inventory_bulk_jobs" ADD CONSTRAINT "inventory_bulk_jobs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_bulk_jobs" ADD CONSTRAINT "inventory_bulk_jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_import_errors" ADD CONSTRAINT "inventory_import_errors_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_import_errors" ADD CONSTRAINT "inventory_import_errors_tenant_id_import_id_inventory_imports_tenant_id_id_fk" FOREIGN KEY ("tenant_id","import_id") REFERENCES "public"."inventory_imports"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_import_files" ADD CONSTRAINT "inventory_import_files_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_import_files" ADD CONSTRAINT "inventory_import_files_tenant_id_import_id_inventory_imports_tenant_id_id_fk" FOREIGN KEY ("tenant_id","import_id") REFERENCES "public"."inventory_imports"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_imports" ADD CONSTRAINT "inventory_imports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_imports" ADD CONSTRAINT "inventory_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_saved_views" ADD CONSTRAINT "inventory_saved_views_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_saved_views" ADD CONSTRAINT "inventory_saved_views_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inventory_bulk_jobs_created_idx" ON "inventory_bulk_jobs" USING btree ("tenant_id","created_by","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "inventory_imports_created_idx" ON "inventory_imports" USING btree ("tenant_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_saved_views_name_key" ON "inventory_saved_views" USING btree ("tenant_id","user_id","entity_type",lower(name));--> statement-breakpoint
-- Inventory's records layer: saved views of the product list, CSV imports of products and
-- bulk actions on products, each tenant-owned with tenant RLS (as CRM's, 0009 and 0019).
GRANT SELECT, INSERT, UPDATE, DELETE ON inventory_saved_views, inventory_import_files, inventory_import_errors TO neuroops_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON inventory_imports, inventory_bulk_jobs TO neuroops_app;--> statement-breakpoint
SELECT neuroops_enable_tenant_rls(t) FROM unnest(ARRAY[
  'inventory_saved_views', 'inventory_imports', 'inventory_import_files', 'inventory_import_errors', 'inventory_bulk_jobs'
]::regclass[]) AS t;--> statement-breakpoint
-- The trash purge job's claim: which tenants have products trashed more than keep_days ago
-- that can be purged (tenant ids only; the job then enters each tenant and purges there,
-- audited). A product with stock movements is never purged: the ledger is append-only and
-- its rows reference the product, so such a product stays in the trash until restored.
CREATE OR REPLACE FUNCTION neuroops_inventory_trash_due(keep_days integer)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  SELECT DISTINCT p.tenant_id FROM inventory_products p
   WHERE p.deleted_at < now() - make_interval(days => keep_days)
     AND NOT EXISTS (SELECT 1 FROM inventory_movements m WHERE m.tenant_id = p.tenant_id AND m.product_id = p.id);
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_inventory_trash_due(integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION neuroops_inventory_trash_due(integer) TO neuroops_app;
