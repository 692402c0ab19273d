-- CRM: grants, tenant RLS on every CRM table, record visibility, and the default pipeline.

GRANT SELECT, INSERT, UPDATE ON crm_settings TO neuroops_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON crm_companies, crm_contacts, crm_contact_channels, crm_pipelines, crm_stages,
  crm_deals, crm_deal_contacts, crm_activities, crm_followers, crm_custom_fields, crm_saved_views,
  crm_import_files, crm_import_errors TO neuroops_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON crm_merges, crm_imports TO neuroops_app;--> statement-breakpoint
SELECT neuroops_enable_tenant_rls(t) FROM unnest(ARRAY[
  'crm_settings', 'crm_companies', 'crm_contacts', 'crm_contact_channels', 'crm_pipelines', 'crm_stages', 'crm_deals',
  'crm_deal_contacts', 'crm_activities', 'crm_followers', 'crm_custom_fields', 'crm_saved_views', 'crm_merges',
  'crm_imports', 'crm_import_files', 'crm_import_errors']::regclass[]) AS t;--> statement-breakpoint

-- Record visibility. The tenant transaction sets app.role to the caller's membership role
-- (or 'system' for jobs and seeds). Owners and admins see every record; members and
-- viewers see every record unless the tenant's CRM settings say "own_or_followed" for
-- their role. No role set → only own or followed records (fails closed).
-- Wrapped in (SELECT …) by the policies, so it runs once per query (an init plan).
CREATE OR REPLACE FUNCTION neuroops_crm_sees_all() RETURNS boolean
LANGUAGE sql STABLE AS $fn$
  SELECT CASE current_setting('app.role', true)
    WHEN 'owner' THEN true
    WHEN 'admin' THEN true
    WHEN 'system' THEN true
    WHEN 'member' THEN coalesce((SELECT s.member_visibility = 'all' FROM crm_settings s), true)
    WHEN 'viewer' THEN coalesce((SELECT s.viewer_visibility = 'all' FROM crm_settings s), true)
    ELSE false
  END;
$fn$;--> statement-breakpoint

-- A RESTRICTIVE policy is ANDed with the tenant policy: it can only hide rows, never add any.
-- Inserts are not restricted (WITH CHECK true); the service makes the creator a follower.
DO $$
DECLARE
  entity record;
BEGIN
  FOR entity IN SELECT * FROM (VALUES ('crm_companies', 'company'), ('crm_contacts', 'contact'), ('crm_deals', 'deal')) AS v(tbl, kind)
  LOOP
    EXECUTE format('DROP POLICY IF EXISTS crm_record_visibility ON %I', entity.tbl);
    EXECUTE format(
      'CREATE POLICY crm_record_visibility ON %I AS RESTRICTIVE FOR ALL TO PUBLIC '
      'USING ((SELECT neuroops_crm_sees_all()) '
      '  OR owner_id = (SELECT nullif(current_setting(''app.user_id'', true), '''')::uuid) '
      '  OR id IN (SELECT f.entity_id FROM crm_followers f WHERE f.entity_type = %L '
      '            AND f.user_id = (SELECT nullif(current_setting(''app.user_id'', true), '''')::uuid))) '
      'WITH CHECK (true)',
      entity.tbl, entity.kind);
  END LOOP;
END $$;--> statement-breakpoint

-- The default pipeline of the current tenant (idempotent). One definition, used by
-- organization creation (through the CRM service) and by the back-fill below.
CREATE OR REPLACE FUNCTION neuroops_crm_ensure_default_pipeline() RETURNS uuid
LANGUAGE plpgsql AS $fn$
DECLARE
  pipeline uuid;
BEGIN
  SELECT id INTO pipeline FROM crm_pipelines WHERE is_default;
  IF pipeline IS NOT NULL THEN
    RETURN pipeline;
  END IF;
  INSERT INTO crm_pipelines (name, position, is_default) VALUES ('Sales', 0, true) RETURNING id INTO pipeline;
  INSERT INTO crm_stages (pipeline_id, name, position, probability, outcome)
  VALUES (pipeline, 'Lead in', 0, 10, 'open'),
         (pipeline, 'Qualified', 1, 25, 'open'),
         (pipeline, 'Proposal sent', 2, 50, 'open'),
         (pipeline, 'Negotiation', 3, 75, 'open'),
         (pipeline, 'Won', 4, 100, 'won'),
         (pipeline, 'Lost', 5, 0, 'lost');
  RETURN pipeline;
END
$fn$;--> statement-breakpoint

-- Existing organizations get their default pipeline (the platform tenant is not one).
DO $$
DECLARE
  tenant record;
BEGIN
  FOR tenant IN SELECT id FROM tenants WHERE id <> '00000000-0000-0000-0000-000000000001' LOOP
    PERFORM set_config('app.tenant_id', tenant.id::text, true);
    PERFORM neuroops_crm_ensure_default_pipeline();
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END $$;
--> statement-breakpoint

-- Live contacts of the current tenant for the plan limit, whoever asks: the SET clause
-- lifts record visibility for this count only (tenant isolation still applies).
CREATE OR REPLACE FUNCTION neuroops_crm_live_contact_count() RETURNS integer
LANGUAGE sql STABLE SET app.role = 'system' AS $fn$
  SELECT count(*)::int FROM crm_contacts WHERE merged_into_id IS NULL;
$fn$;
