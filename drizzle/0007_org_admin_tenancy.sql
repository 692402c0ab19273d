-- Organization administration: grants and RLS for the new tables, the platform
-- tenant that account emails are queued under, and the super admin's member counts.

GRANT SELECT, INSERT, UPDATE ON invitations TO neuroops_app;--> statement-breakpoint
SELECT neuroops_enable_tenant_rls('invitations');--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_logos TO neuroops_app;--> statement-breakpoint
SELECT neuroops_enable_tenant_rls('tenant_logos');--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON user_tokens TO neuroops_app;--> statement-breakpoint

-- Account emails (password reset, email verification) belong to no organization; they
-- go through the outbox of this reserved tenant, which has no members. Its slug cannot
-- be produced by slugify (leading hyphen), so no organization can take it.
INSERT INTO tenants (id, slug, name)
VALUES ('00000000-0000-0000-0000-000000000001', '-platform', 'NeuroOps platform')
ON CONFLICT (id) DO NOTHING;--> statement-breakpoint

-- Member counts of many tenants at once, for the super admin's organization list.
-- Counts only: no member data crosses tenants.
CREATE OR REPLACE FUNCTION neuroops_tenant_member_counts(tenant_ids uuid[])
RETURNS TABLE (tenant_id uuid, members bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  SELECT m.tenant_id, count(*) FROM memberships m WHERE m.tenant_id = ANY(tenant_ids) GROUP BY m.tenant_id;
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_tenant_member_counts(uuid[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION neuroops_tenant_member_counts(uuid[]) TO neuroops_app;--> statement-breakpoint
-- As for the queue: lets the functions' owner (if not a superuser) count members.
DO $$
BEGIN
  EXECUTE format('CREATE POLICY members_owner_count ON memberships AS PERMISSIVE FOR SELECT TO %I USING (true)', current_user);
END $$;
