CREATE TABLE "inventory_product_images" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_product_images_tenant_id_product_id_pk" PRIMARY KEY("tenant_id","product_id")
);
--> statement-breakpoint
ALTER TABLE "inventory_product_images" ADD CONSTRAINT "inventory_product_images_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_product_images" ADD CONSTRAINT "inventory_product_images_tenant_id_product_id_inventory_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."inventory_products"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Product pictures: tenant RLS; stored out of line like the import files (EXTERNAL: no compression of images).
ALTER TABLE inventory_product_images ALTER COLUMN bytes SET STORAGE EXTERNAL;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON inventory_product_images TO neuroops_app;--> statement-breakpoint
SELECT neuroops_enable_tenant_rls('inventory_product_images'::regclass);
