-- Issue 10, bug 8: global search finds names without their accents ("Muller" → "Müller"),
-- phone numbers however they are typed, and tags. The search columns are rebuilt with the
-- IMMUTABLE helpers below (a generated column may only call immutable functions). Accents
-- are folded with translate() over a fixed list, the same list src/server/records/search.ts
-- folds the typed text with, so both sides always agree (and no extension is needed).
CREATE OR REPLACE FUNCTION neuroops_fold_accents(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT translate(value, 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžØøĐđŁłĦħ', 'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoDdLlHh') $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION neuroops_tag_words(tags text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT array_to_string(tags, ' ') $$;--> statement-breakpoint
-- All digits ("+1 (555) 010-0" → 15550100) and, after a leading +country code, the national digits (5550100).
CREATE OR REPLACE FUNCTION neuroops_phone_words(phone text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT regexp_replace(phone, '\D', '', 'g') || ' ' || regexp_replace(regexp_replace(phone, '^\s*\+\d{1,3}[\s.()-]+', ''), '\D', '', 'g') $$;--> statement-breakpoint
ALTER TABLE "crm_companies" drop column "search";--> statement-breakpoint
ALTER TABLE "crm_companies" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce(name, '') || ' ' || coalesce(domain, '') || ' ' || coalesce(replace(coalesce(domain, ''), '.', ' '), '') || ' ' || coalesce(industry, '') || ' ' || coalesce(city, '') || ' ' || coalesce(neuroops_fold_accents(name || ' ' || coalesce(city, '')), '') || ' ' || coalesce(neuroops_tag_words(tags), ''))) STORED;--> statement-breakpoint
ALTER TABLE "crm_contacts" drop column "search";--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(primary_email, '') || ' ' || coalesce(regexp_replace(coalesce(primary_email, ''), '[@.]', ' ', 'g'), '') || ' ' || coalesce(title, '') || ' ' || coalesce(neuroops_fold_accents(first_name || ' ' || last_name), '') || ' ' || coalesce(neuroops_phone_words(primary_phone), '') || ' ' || coalesce(neuroops_tag_words(tags), ''))) STORED;--> statement-breakpoint
ALTER TABLE "crm_deals" drop column "search";--> statement-breakpoint
ALTER TABLE "crm_deals" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(neuroops_fold_accents(title), '') || ' ' || coalesce(neuroops_tag_words(tags), ''))) STORED;--> statement-breakpoint
CREATE INDEX "crm_companies_search_idx" ON "crm_companies" USING gin ("tenant_id","search");--> statement-breakpoint
CREATE INDEX "crm_contacts_search_idx" ON "crm_contacts" USING gin ("tenant_id","search");--> statement-breakpoint
CREATE INDEX "crm_deals_search_idx" ON "crm_deals" USING gin ("tenant_id","search");
