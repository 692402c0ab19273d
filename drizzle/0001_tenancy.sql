-- Tenancy: the app role, grants, and forced row-level security on every tenant table.
-- Hand-written (drizzle-kit has no FORCE RLS); the catalog test in
-- src/server/db/rls.test.ts fails if a table with tenant_id misses any of it.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'neuroops_app') THEN
    CREATE ROLE neuroops_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END $$;--> statement-breakpoint

-- The migrating (owner) login may switch to the app role; never the other way round.
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'neuroops_app', 'MEMBER') THEN
    EXECUTE format('GRANT neuroops_app TO %I', current_user);
  END IF;
END $$;--> statement-breakpoint

GRANT USAGE ON SCHEMA public TO neuroops_app;--> statement-breakpoint

-- One definition of the tenant policy, used by this and every later migration:
--   SELECT neuroops_enable_tenant_rls('table_name');
-- The sub-select makes the planner evaluate the setting once per query (an init plan);
-- nullif turns the '' left behind by an ended set_config(..., true) into "no tenant".
CREATE OR REPLACE FUNCTION neuroops_enable_tenant_rls(target regclass) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', target);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s AS PERMISSIVE FOR ALL TO PUBLIC '
    'USING (tenant_id = (SELECT nullif(current_setting(''app.tenant_id'', true), '''')::uuid)) '
    'WITH CHECK (tenant_id = (SELECT nullif(current_setting(''app.tenant_id'', true), '''')::uuid))',
    target);
END
$fn$;--> statement-breakpoint

-- Global tables: no tenant_id, reached only through narrow service functions.
GRANT SELECT, INSERT, UPDATE ON users TO neuroops_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON tenants TO neuroops_app;--> statement-breakpoint

-- memberships: tenant-scoped, plus each user may read their own rows across tenants.
GRANT SELECT, INSERT, UPDATE, DELETE ON memberships TO neuroops_app;--> statement-breakpoint
SELECT neuroops_enable_tenant_rls('memberships');--> statement-breakpoint
CREATE POLICY own_memberships ON memberships AS PERMISSIVE FOR SELECT TO PUBLIC
  USING (user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid));--> statement-breakpoint

-- audit_log: append-only for the app role (no UPDATE/DELETE grant).
GRANT SELECT, INSERT ON audit_log TO neuroops_app;--> statement-breakpoint
SELECT neuroops_enable_tenant_rls('audit_log');
