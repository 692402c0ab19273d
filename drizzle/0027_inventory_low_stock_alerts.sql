ALTER TYPE "public"."notification_kind" ADD VALUE 'stock_low';--> statement-breakpoint

-- Low-stock alerts (inventory-low-stock, daily): which tenants have a product at or below
-- its reorder point, with the same conditions as lowStock() in
-- src/server/modules/inventory/stock/reads.ts (live, active product; open warehouse;
-- on hand − reserved ≤ reorder point, no level row counting as 0). Each tenant's products
-- are then read and published inside that tenant's own transaction. Narrow like
-- neuroops_crm_tenants_with_overdue_tasks (0021): tenant ids only. Under FORCE RLS the
-- function's owner (this migration's login) needs to read the four tables.
DO $$
BEGIN
  EXECUTE format('CREATE POLICY inventory_low_stock_scan ON inventory_reorder_rules AS PERMISSIVE FOR SELECT TO %I USING (true)', current_user);
  EXECUTE format('CREATE POLICY inventory_low_stock_scan ON inventory_products AS PERMISSIVE FOR SELECT TO %I USING (true)', current_user);
  EXECUTE format('CREATE POLICY inventory_low_stock_scan ON inventory_warehouses AS PERMISSIVE FOR SELECT TO %I USING (true)', current_user);
  EXECUTE format('CREATE POLICY inventory_low_stock_scan ON inventory_levels AS PERMISSIVE FOR SELECT TO %I USING (true)', current_user);
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION neuroops_inventory_tenants_with_low_stock()
RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  SELECT DISTINCT r.tenant_id
    FROM inventory_reorder_rules r
    JOIN inventory_products p ON p.tenant_id = r.tenant_id AND p.id = r.product_id AND p.deleted_at IS NULL AND p.active
    JOIN inventory_warehouses w ON w.tenant_id = r.tenant_id AND w.id = r.warehouse_id AND w.archived_at IS NULL
    LEFT JOIN inventory_levels l ON l.tenant_id = r.tenant_id AND l.product_id = r.product_id AND l.warehouse_id = r.warehouse_id
   WHERE coalesce(l.on_hand - l.reserved, 0) <= r.reorder_point;
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_inventory_tenants_with_low_stock() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION neuroops_inventory_tenants_with_low_stock() TO neuroops_app;
