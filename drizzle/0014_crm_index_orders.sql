-- CRM list indexes the planner can use under row-level security (bench:crm, issue 11):
-- * ascending btrees: a backward scan serves `order by … desc` (DESC NULLS FIRST); the old
--   DESC NULLS LAST indexes served neither direction, so first pages sorted a whole tenant;
-- * name sort keys as stored columns: lower() is not LEAKPROOF, so `(lower(last_name), …) > cursor`
--   could not be an index condition for the app role and deep pages filtered every earlier row;
-- * no (tenant_id, tags) GIN indexes: `tags && …` cannot use them under RLS (arrayoverlap is not
--   LEAKPROOF), and the planner used them only as a way to list a tenant's rows.
DROP INDEX "crm_companies_tags_idx";--> statement-breakpoint
DROP INDEX "crm_contacts_tags_idx";--> statement-breakpoint
DROP INDEX "crm_activities_contact_idx";--> statement-breakpoint
DROP INDEX "crm_activities_company_idx";--> statement-breakpoint
DROP INDEX "crm_activities_deal_idx";--> statement-breakpoint
DROP INDEX "crm_activities_done_idx";--> statement-breakpoint
DROP INDEX "crm_companies_updated_idx";--> statement-breakpoint
DROP INDEX "crm_companies_name_idx";--> statement-breakpoint
DROP INDEX "crm_companies_owner_idx";--> statement-breakpoint
DROP INDEX "crm_contacts_updated_idx";--> statement-breakpoint
DROP INDEX "crm_contacts_created_idx";--> statement-breakpoint
DROP INDEX "crm_contacts_name_idx";--> statement-breakpoint
DROP INDEX "crm_contacts_owner_idx";--> statement-breakpoint
DROP INDEX "crm_contacts_lifecycle_idx";--> statement-breakpoint
DROP INDEX "crm_deals_updated_idx";--> statement-breakpoint
DROP INDEX "crm_deals_board_idx";--> statement-breakpoint
DROP INDEX "crm_deals_owner_idx";--> statement-breakpoint
DROP INDEX "crm_merges_winner_idx";--> statement-breakpoint
ALTER TABLE "crm_companies" ADD COLUMN "sort_name" text GENERATED ALWAYS AS (lower(name)) STORED;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD COLUMN "sort_last_name" text GENERATED ALWAYS AS (lower(last_name)) STORED;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD COLUMN "sort_first_name" text GENERATED ALWAYS AS (lower(first_name)) STORED;--> statement-breakpoint
CREATE INDEX "crm_activities_contact_idx" ON "crm_activities" USING btree ("tenant_id","contact_id","occurred_at");--> statement-breakpoint
CREATE INDEX "crm_activities_company_idx" ON "crm_activities" USING btree ("tenant_id","company_id","occurred_at");--> statement-breakpoint
CREATE INDEX "crm_activities_deal_idx" ON "crm_activities" USING btree ("tenant_id","deal_id","occurred_at");--> statement-breakpoint
CREATE INDEX "crm_activities_done_idx" ON "crm_activities" USING btree ("tenant_id","assignee_id","done_at") WHERE kind = 'task' and done_at is not null;--> statement-breakpoint
CREATE INDEX "crm_companies_updated_idx" ON "crm_companies" USING btree ("tenant_id","updated_at","id") WHERE merged_into_id is null;--> statement-breakpoint
CREATE INDEX "crm_companies_name_idx" ON "crm_companies" USING btree ("tenant_id","sort_name","id") WHERE merged_into_id is null;--> statement-breakpoint
CREATE INDEX "crm_companies_owner_idx" ON "crm_companies" USING btree ("tenant_id","owner_id","updated_at");--> statement-breakpoint
CREATE INDEX "crm_contacts_updated_idx" ON "crm_contacts" USING btree ("tenant_id","updated_at","id") WHERE merged_into_id is null;--> statement-breakpoint
CREATE INDEX "crm_contacts_created_idx" ON "crm_contacts" USING btree ("tenant_id","created_at","id") WHERE merged_into_id is null;--> statement-breakpoint
CREATE INDEX "crm_contacts_name_idx" ON "crm_contacts" USING btree ("tenant_id","sort_last_name","sort_first_name","id") WHERE merged_into_id is null;--> statement-breakpoint
CREATE INDEX "crm_contacts_owner_idx" ON "crm_contacts" USING btree ("tenant_id","owner_id","updated_at","id") WHERE merged_into_id is null;--> statement-breakpoint
CREATE INDEX "crm_contacts_lifecycle_idx" ON "crm_contacts" USING btree ("tenant_id","lifecycle_stage","updated_at","id") WHERE merged_into_id is null;--> statement-breakpoint
CREATE INDEX "crm_deals_updated_idx" ON "crm_deals" USING btree ("tenant_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "crm_deals_board_idx" ON "crm_deals" USING btree ("tenant_id","pipeline_id","stage_id","stage_changed_at","id");--> statement-breakpoint
CREATE INDEX "crm_deals_owner_idx" ON "crm_deals" USING btree ("tenant_id","owner_id","updated_at");--> statement-breakpoint
CREATE INDEX "crm_merges_winner_idx" ON "crm_merges" USING btree ("tenant_id","entity_type","winner_id","merged_at");