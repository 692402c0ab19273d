CREATE TYPE "public"."inventory_adjustment_reason" AS ENUM('count', 'damage', 'loss', 'found', 'other');--> statement-breakpoint
CREATE TYPE "public"."inventory_movement_kind" AS ENUM('receipt', 'shipment', 'adjustment', 'transfer_out', 'transfer_in', 'revaluation', 'shortfall_correction');--> statement-breakpoint
CREATE TYPE "public"."inventory_negative_policy" AS ENUM('refuse', 'allow');--> statement-breakpoint
CREATE TABLE "inventory_bins" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_bins_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "inventory_cost_segments" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"starts_at" timestamp (6) with time zone NOT NULL,
	"start_seq" bigint NOT NULL,
	"opening_quantity" numeric(20, 6) NOT NULL,
	"opening_value" numeric(24, 6) NOT NULL,
	"in_quantity" numeric(20, 6) NOT NULL,
	"in_value" numeric(24, 6) NOT NULL,
	"correction_value" numeric(24, 6) NOT NULL,
	"average_cost" numeric(24, 6) NOT NULL,
	"out_quantity" numeric(20, 6) NOT NULL,
	"out_value" numeric(24, 6) NOT NULL,
	CONSTRAINT "inventory_cost_segments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "inventory_levels" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"on_hand" numeric(20, 6) DEFAULT '0' NOT NULL,
	"reserved" numeric(20, 6) DEFAULT '0' NOT NULL,
	"value" numeric(24, 6) DEFAULT '0' NOT NULL,
	"average_cost" numeric(24, 6) DEFAULT '0' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_levels_tenant_id_product_id_warehouse_id_pk" PRIMARY KEY("tenant_id","product_id","warehouse_id"),
	CONSTRAINT "inventory_levels_reserved" CHECK (reserved >= 0)
);
--> statement-breakpoint
CREATE TABLE "inventory_lot_levels" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"on_hand" numeric(20, 6) DEFAULT '0' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_lot_levels_tenant_id_product_id_warehouse_id_lot_id_pk" PRIMARY KEY("tenant_id","product_id","warehouse_id","lot_id"),
	CONSTRAINT "inventory_lot_levels_not_negative" CHECK (on_hand >= 0)
);
--> statement-breakpoint
CREATE TABLE "inventory_lots" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"number" text NOT NULL,
	"expires_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_lots_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "inventory_movements" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "inventory_movements_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"product_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"lot_id" uuid,
	"bin_id" uuid,
	"kind" "inventory_movement_kind" NOT NULL,
	"reason" "inventory_adjustment_reason",
	"quantity" numeric(20, 6) NOT NULL,
	"unit_cost" numeric(24, 6),
	"value" numeric(24, 6) NOT NULL,
	"effective_at" timestamp (6) with time zone NOT NULL,
	"group_id" uuid,
	"segment_id" uuid,
	"reference_type" text,
	"reference_id" text,
	"note" text,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_movements_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "inventory_products" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"unit" text DEFAULT 'pcs' NOT NULL,
	"unit_decimals" integer DEFAULT 0 NOT NULL,
	"category" text,
	"barcode" text,
	"currency" text NOT NULL,
	"sale_price_minor" bigint,
	"standard_cost_minor" bigint,
	"tax_category" text,
	"active" boolean DEFAULT true NOT NULL,
	"lot_tracked" boolean DEFAULT false NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"created_by" uuid DEFAULT nullif(current_setting('app.user_id', true), '')::uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce(sku, '') || ' ' || regexp_replace(coalesce(sku, ''), '[-_./]', ' ', 'g') || ' ' || coalesce(name, '') || ' ' || neuroops_fold_accents(coalesce(name, '')) || ' ' || coalesce(barcode, '') || ' ' || coalesce(category, ''))) STORED,
	"sort_name" text GENERATED ALWAYS AS (lower(name)) STORED,
	"sku_key" text GENERATED ALWAYS AS (lower(sku)) STORED,
	CONSTRAINT "inventory_products_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "inventory_reorder_rules" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"reorder_point" numeric(20, 6) NOT NULL,
	"reorder_quantity" numeric(20, 6) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_reorder_rules_tenant_id_product_id_warehouse_id_pk" PRIMARY KEY("tenant_id","product_id","warehouse_id"),
	CONSTRAINT "inventory_reorder_rules_positive" CHECK (reorder_point >= 0 and reorder_quantity >= 0)
);
--> statement-breakpoint
CREATE TABLE "inventory_reservations" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"quantity" numeric(20, 6) NOT NULL,
	"reference_type" text NOT NULL,
	"reference_id" text NOT NULL,
	"created_by" uuid DEFAULT nullif(current_setting('app.user_id', true), '')::uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone,
	CONSTRAINT "inventory_reservations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "inventory_reservations_positive" CHECK (quantity > 0)
);
--> statement-breakpoint
CREATE TABLE "inventory_warehouses" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"negative_policy" "inventory_negative_policy" DEFAULT 'refuse' NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_warehouses_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "inventory_bins" ADD CONSTRAINT "inventory_bins_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_bins" ADD CONSTRAINT "inventory_bins_tenant_id_warehouse_id_inventory_warehouses_tenant_id_id_fk" FOREIGN KEY ("tenant_id","warehouse_id") REFERENCES "public"."inventory_warehouses"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_cost_segments" ADD CONSTRAINT "inventory_cost_segments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_levels" ADD CONSTRAINT "inventory_levels_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_levels" ADD CONSTRAINT "inventory_levels_tenant_id_product_id_inventory_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."inventory_products"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_levels" ADD CONSTRAINT "inventory_levels_tenant_id_warehouse_id_inventory_warehouses_tenant_id_id_fk" FOREIGN KEY ("tenant_id","warehouse_id") REFERENCES "public"."inventory_warehouses"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_lot_levels" ADD CONSTRAINT "inventory_lot_levels_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_lot_levels" ADD CONSTRAINT "inventory_lot_levels_tenant_id_lot_id_inventory_lots_tenant_id_id_fk" FOREIGN KEY ("tenant_id","lot_id") REFERENCES "public"."inventory_lots"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_lots" ADD CONSTRAINT "inventory_lots_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_lots" ADD CONSTRAINT "inventory_lots_tenant_id_product_id_inventory_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."inventory_products"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_movements" ADD CONSTRAINT "inventory_movements_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_movements" ADD CONSTRAINT "inventory_movements_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_movements" ADD CONSTRAINT "inventory_movements_tenant_id_product_id_inventory_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."inventory_products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_movements" ADD CONSTRAINT "inventory_movements_tenant_id_warehouse_id_inventory_warehouses_tenant_id_id_fk" FOREIGN KEY ("tenant_id","warehouse_id") REFERENCES "public"."inventory_warehouses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_movements" ADD CONSTRAINT "inventory_movements_tenant_id_lot_id_inventory_lots_tenant_id_id_fk" FOREIGN KEY ("tenant_id","lot_id") REFERENCES "public"."inventory_lots"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_products" ADD CONSTRAINT "inventory_products_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_products" ADD CONSTRAINT "inventory_products_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_products" ADD CONSTRAINT "inventory_products_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_reorder_rules" ADD CONSTRAINT "inventory_reorder_rules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_reorder_rules" ADD CONSTRAINT "inventory_reorder_rules_tenant_id_product_id_inventory_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."inventory_products"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_reorder_rules" ADD CONSTRAINT "inventory_reorder_rules_tenant_id_warehouse_id_inventory_warehouses_tenant_id_id_fk" FOREIGN KEY ("tenant_id","warehouse_id") REFERENCES "public"."inventory_warehouses"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_reservations" ADD CONSTRAINT "inventory_reservations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_reservations" ADD CONSTRAINT "inventory_reservations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_reservations" ADD CONSTRAINT "inventory_reservations_tenant_id_product_id_warehouse_id_inventory_levels_tenant_id_product_id_warehouse_id_fk" FOREIGN KEY ("tenant_id","product_id","warehouse_id") REFERENCES "public"."inventory_levels"("tenant_id","product_id","warehouse_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_warehouses" ADD CONSTRAINT "inventory_warehouses_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_bins_code_idx" ON "inventory_bins" USING btree ("tenant_id","warehouse_id",lower("code"));--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_cost_segments_order_idx" ON "inventory_cost_segments" USING btree ("tenant_id","product_id","warehouse_id","starts_at","start_seq");--> statement-breakpoint
CREATE INDEX "inventory_levels_warehouse_idx" ON "inventory_levels" USING btree ("tenant_id","warehouse_id","product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_lots_number_idx" ON "inventory_lots" USING btree ("tenant_id","product_id",lower("number"));--> statement-breakpoint
CREATE INDEX "inventory_movements_place_idx" ON "inventory_movements" USING btree ("tenant_id","product_id","warehouse_id","effective_at","seq");--> statement-breakpoint
CREATE INDEX "inventory_movements_product_idx" ON "inventory_movements" USING btree ("tenant_id","product_id","effective_at","seq");--> statement-breakpoint
CREATE INDEX "inventory_movements_reference_idx" ON "inventory_movements" USING btree ("tenant_id","reference_type","reference_id") WHERE reference_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_products_sku_idx" ON "inventory_products" USING btree ("tenant_id","sku_key");--> statement-breakpoint
CREATE INDEX "inventory_products_updated_idx" ON "inventory_products" USING btree ("tenant_id","updated_at","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "inventory_products_name_idx" ON "inventory_products" USING btree ("tenant_id","sort_name","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "inventory_products_sku_sort_idx" ON "inventory_products" USING btree ("tenant_id","sku_key","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "inventory_products_barcode_idx" ON "inventory_products" USING btree ("tenant_id","barcode") WHERE barcode is not null;--> statement-breakpoint
CREATE INDEX "inventory_products_search_idx" ON "inventory_products" USING gin ("tenant_id","search");--> statement-breakpoint
CREATE INDEX "inventory_products_trash_idx" ON "inventory_products" USING btree ("tenant_id","deleted_at","id") WHERE deleted_at is not null;--> statement-breakpoint
CREATE INDEX "inventory_reservations_open_idx" ON "inventory_reservations" USING btree ("tenant_id","reference_type","reference_id") WHERE released_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_warehouses_code_idx" ON "inventory_warehouses" USING btree ("tenant_id",lower("code"));--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_warehouses_default_idx" ON "inventory_warehouses" USING btree ("tenant_id") WHERE is_default;--> statement-breakpoint

-- Inventory: tenant RLS on every table. The ledger is append-only for the app role (SELECT
-- and INSERT only, like audit_log), and a trigger refuses UPDATE and DELETE for every role,
-- so a posted movement can only be corrected by a new one. (Rows still go with their
-- tenant: the tenant's ON DELETE CASCADE runs as the referential action, see below.)
GRANT SELECT, INSERT, UPDATE, DELETE ON inventory_warehouses, inventory_bins, inventory_products, inventory_lots,
  inventory_reorder_rules, inventory_levels, inventory_lot_levels, inventory_cost_segments, inventory_reservations TO neuroops_app;--> statement-breakpoint
GRANT SELECT, INSERT ON inventory_movements TO neuroops_app;--> statement-breakpoint
SELECT neuroops_enable_tenant_rls(t) FROM unnest(ARRAY[
  'inventory_warehouses', 'inventory_bins', 'inventory_products', 'inventory_lots', 'inventory_reorder_rules',
  'inventory_levels', 'inventory_lot_levels', 'inventory_cost_segments', 'inventory_movements', 'inventory_reservations'
]::regclass[]) AS t;--> statement-breakpoint

-- The ledger refuses changes. A tenant's deletion cascades through the foreign key: that
-- runs with pg_trigger_depth() > 0, which is the only way a movement row ever goes.
CREATE OR REPLACE FUNCTION neuroops_inventory_ledger_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'inventory movements are append-only: post a correcting movement instead'
    USING ERRCODE = 'restrict_violation';
END $fn$;--> statement-breakpoint
CREATE TRIGGER inventory_movements_append_only BEFORE UPDATE OR DELETE ON inventory_movements
  FOR EACH ROW EXECUTE FUNCTION neuroops_inventory_ledger_is_append_only();--> statement-breakpoint
CREATE TRIGGER inventory_movements_no_truncate BEFORE TRUNCATE ON inventory_movements
  FOR EACH STATEMENT EXECUTE FUNCTION neuroops_inventory_ledger_is_append_only();--> statement-breakpoint

-- Every organization has a default warehouse: the existing ones get theirs here, new ones
-- from the inventory module's onTenantCreated hook.
INSERT INTO inventory_warehouses (tenant_id, code, name, is_default)
SELECT id, 'MAIN', 'Main warehouse', true FROM tenants WHERE id <> '00000000-0000-0000-0000-000000000001'
ON CONFLICT DO NOTHING;
