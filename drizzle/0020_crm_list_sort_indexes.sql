-- Every sort the CRM lists offer is served by an index under row-level security (issue 10,
-- "every visible column sortable where an index can serve it"): companies by creation date,
-- deals by creation date, amount, expected close date and title. Title and close date sort on
-- stored keys (lower() and coalesce() are not LEAKPROOF, so they could not be the cursor's
-- index condition for the app role), as the name keys of 0014.
ALTER TABLE "crm_deals" ADD COLUMN "sort_title" text GENERATED ALWAYS AS (lower(title)) STORED;--> statement-breakpoint
ALTER TABLE "crm_deals" ADD COLUMN "sort_close_date" date GENERATED ALWAYS AS (coalesce(expected_close_date, '9999-12-31'::date)) STORED;--> statement-breakpoint
CREATE INDEX "crm_companies_created_idx" ON "crm_companies" USING btree ("tenant_id","created_at","id") WHERE merged_into_id is null;--> statement-breakpoint
CREATE INDEX "crm_deals_created_idx" ON "crm_deals" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "crm_deals_amount_idx" ON "crm_deals" USING btree ("tenant_id","amount_minor","id");--> statement-breakpoint
CREATE INDEX "crm_deals_close_idx" ON "crm_deals" USING btree ("tenant_id","sort_close_date","id");--> statement-breakpoint
CREATE INDEX "crm_deals_title_idx" ON "crm_deals" USING btree ("tenant_id","sort_title","id");