-- Under row-level security Postgres uses an index for a condition only when its function
-- is LEAKPROOF (otherwise it must run the policy first), so `search @@ query` fell back to
-- a sequential scan of every tenant's contacts for the app role (seen in EXPLAIN: 2M rows).
-- ts_match_vq (the tsvector @@ tsquery operator) reveals nothing about rows beyond its
-- boolean result and raises no data-dependent errors, so it is marked LEAKPROOF and the
-- (tenant_id, search) GIN indexes serve search. Only a superuser may do this: where the
-- migrating login is not one, a DBA runs this statement once (the app works without it,
-- searches are just slower).
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF;
  ELSE
    RAISE NOTICE 'not a superuser: run ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF as one for indexed CRM search';
  END IF;
END $$;
