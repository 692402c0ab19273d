DROP INDEX "crm_companies_updated_idx";--> statement-breakpoint
DROP INDEX "crm_companies_name_idx";--> statement-breakpoint
DROP INDEX "crm_contacts_updated_idx";--> statement-breakpoint
DROP INDEX "crm_contacts_created_idx";--> statement-breakpoint
DROP INDEX "crm_contacts_name_idx";--> statement-breakpoint
DROP INDEX "crm_contacts_owner_idx";--> statement-breakpoint
DROP INDEX "crm_contacts_lifecycle_idx";--> statement-breakpoint
DROP INDEX "crm_deals_updated_idx";--> statement-breakpoint
DROP INDEX "crm_deals_board_idx";--> statement-breakpoint
ALTER TABLE "crm_companies" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "crm_companies" ADD COLUMN "deleted_by" uuid;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD COLUMN "deleted_by" uuid;--> statement-breakpoint
ALTER TABLE "crm_deals" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "crm_deals" ADD COLUMN "deleted_by" uuid;--> statement-breakpoint
ALTER TABLE "crm_companies" ADD CONSTRAINT "crm_companies_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD CONSTRAINT "crm_contacts_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_deals" ADD CONSTRAINT "crm_deals_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "crm_companies_trash_idx" ON "crm_companies" USING btree ("tenant_id","deleted_at","id") WHERE deleted_at is not null;--> statement-breakpoint
CREATE INDEX "crm_contacts_trash_idx" ON "crm_contacts" USING btree ("tenant_id","deleted_at","id") WHERE deleted_at is not null;--> statement-breakpoint
CREATE INDEX "crm_deals_trash_idx" ON "crm_deals" USING btree ("tenant_id","deleted_at","id") WHERE deleted_at is not null;--> statement-breakpoint
CREATE INDEX "crm_companies_updated_idx" ON "crm_companies" USING btree ("tenant_id","updated_at","id") WHERE merged_into_id is null and deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_companies_name_idx" ON "crm_companies" USING btree ("tenant_id","sort_name","id") WHERE merged_into_id is null and deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_contacts_updated_idx" ON "crm_contacts" USING btree ("tenant_id","updated_at","id") WHERE merged_into_id is null and deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_contacts_created_idx" ON "crm_contacts" USING btree ("tenant_id","created_at","id") WHERE merged_into_id is null and deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_contacts_name_idx" ON "crm_contacts" USING btree ("tenant_id","sort_last_name","sort_first_name","id") WHERE merged_into_id is null and deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_contacts_owner_idx" ON "crm_contacts" USING btree ("tenant_id","owner_id","updated_at","id") WHERE merged_into_id is null and deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_contacts_lifecycle_idx" ON "crm_contacts" USING btree ("tenant_id","lifecycle_stage","updated_at","id") WHERE merged_into_id is null and deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_deals_updated_idx" ON "crm_deals" USING btree ("tenant_id","updated_at","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "crm_deals_board_idx" ON "crm_deals" USING btree ("tenant_id","pipeline_id","stage_id","stage_changed_at","id") WHERE deleted_at is null;--> statement-breakpoint
-- Issue 10, trash: trashed contacts do not count against the plan (deleting frees room, as
-- the limit's message promises); restoring one checks the capacity again.
CREATE OR REPLACE FUNCTION neuroops_crm_live_contact_count() RETURNS integer
LANGUAGE sql STABLE SET app.role = 'system' AS $fn$
  SELECT count(*)::int FROM crm_contacts WHERE merged_into_id IS NULL AND deleted_at IS NULL;
$fn$;
--> statement-breakpoint
-- The trash purge job's claim: which tenants have CRM records trashed more than keep_days
-- ago (tenant ids only; the job then enters each tenant and purges there, audited).
CREATE OR REPLACE FUNCTION neuroops_crm_trash_due(keep_days integer)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  SELECT tenant_id FROM crm_contacts WHERE deleted_at < now() - make_interval(days => keep_days)
  UNION SELECT tenant_id FROM crm_companies WHERE deleted_at < now() - make_interval(days => keep_days)
  UNION SELECT tenant_id FROM crm_deals WHERE deleted_at < now() - make_interval(days => keep_days);
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_crm_trash_due(integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION neuroops_crm_trash_due(integer) TO neuroops_app;
