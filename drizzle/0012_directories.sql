-- Read-only directories other modules may join, so no module reads another's tables:
-- accounts publishes who a user is (never their password hash, tokens or session
-- version), orgs publishes who is a member of the current tenant. Both views run with
-- the caller's rights (security_invoker), so the tenant policy of memberships applies:
-- outside a tenant transaction member_directory is empty.
CREATE VIEW user_profiles WITH (security_invoker = true) AS
  SELECT id, name, email FROM users;--> statement-breakpoint
CREATE VIEW member_directory WITH (security_invoker = true) AS
  SELECT m.tenant_id, m.user_id, u.name, u.email, m.role, m.created_at AS joined_at, m.last_active_at
    FROM memberships m
    JOIN users u ON u.id = m.user_id;--> statement-breakpoint
GRANT SELECT ON user_profiles, member_directory TO neuroops_app;
