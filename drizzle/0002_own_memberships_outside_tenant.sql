-- A user's own memberships across tenants are visible only OUTSIDE a tenant
-- transaction ("which organizations am I in?"). Inside one, exactly one tenant's rows
-- are visible: before this, a member of two organizations saw both memberships there.
DROP POLICY IF EXISTS own_memberships ON memberships;--> statement-breakpoint
CREATE POLICY own_memberships ON memberships AS PERMISSIVE FOR SELECT TO PUBLIC
  USING (
    (SELECT nullif(current_setting('app.tenant_id', true), '')) IS NULL
    AND user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid)
  );
