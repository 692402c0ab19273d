ALTER TABLE "crm_custom_fields" ADD COLUMN "min_value" double precision;--> statement-breakpoint
ALTER TABLE "crm_custom_fields" ADD COLUMN "max_value" double precision;