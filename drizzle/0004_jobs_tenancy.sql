-- Jobs: RLS on the outbox and job runs, and the narrow functions through which the
-- worker sees due rows of every tenant. Everything else the worker does happens
-- inside the row's own tenant transaction.

GRANT SELECT, INSERT, UPDATE ON outbox_events TO neuroops_app;--> statement-breakpoint
SELECT neuroops_enable_tenant_rls('outbox_events');--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON job_runs TO neuroops_app;--> statement-breakpoint
SELECT neuroops_enable_tenant_rls('job_runs');--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON job_schedules TO neuroops_app;--> statement-breakpoint

-- The functions below run as their owner (this migration's login). If that login is
-- not a superuser, FORCE RLS applies to it too: this policy lets it, and only it,
-- see the queue. The app role is not a member of the owner, so it gains nothing.
DO $$
BEGIN
  EXECUTE format('CREATE POLICY queue_owner ON outbox_events AS PERMISSIVE FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END $$;--> statement-breakpoint

-- Claims up to `batch` due events of any tenant for `worker` for `lease_seconds`:
-- pending ones whose time has come, and running ones whose worker's lease expired
-- (it crashed). SKIP LOCKED: concurrent workers never claim the same row.
CREATE OR REPLACE FUNCTION neuroops_claim_outbox(worker text, lease_seconds integer, batch integer)
RETURNS TABLE (tenant_id uuid, id uuid, name text, payload jsonb, attempts integer)
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  UPDATE outbox_events o
     SET status = 'running',
         locked_by = worker,
         locked_until = now() + make_interval(secs => lease_seconds),
         attempts = o.attempts + 1,
         updated_at = now()
    FROM (SELECT e.tenant_id, e.id
            FROM outbox_events e
           WHERE e.status IN ('pending', 'running')
             AND ((e.status = 'pending' AND e.run_after <= now()) OR (e.status = 'running' AND e.locked_until < now()))
           ORDER BY e.run_after
           LIMIT batch
             FOR UPDATE SKIP LOCKED) due
   WHERE o.tenant_id = due.tenant_id AND o.id = due.id
RETURNING o.tenant_id, o.id, o.name, o.payload, o.attempts;
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_claim_outbox(text, integer, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION neuroops_claim_outbox(text, integer, integer) TO neuroops_app;--> statement-breakpoint

-- Queue depth across tenants, for metrics: counts only, no tenant data.
CREATE OR REPLACE FUNCTION neuroops_outbox_counts()
RETURNS TABLE (status outbox_status, events bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  SELECT status, count(*) FROM outbox_events GROUP BY status;
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_outbox_counts() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION neuroops_outbox_counts() TO neuroops_app;--> statement-breakpoint

-- Deletes delivered events older than `keep_days` (the scheduled cleanup job).
CREATE OR REPLACE FUNCTION neuroops_prune_outbox(keep_days integer)
RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  WITH gone AS (
    DELETE FROM outbox_events
     WHERE status IN ('done', 'sent') AND finished_at < now() - make_interval(days => keep_days)
    RETURNING 1)
  SELECT count(*) FROM gone;
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_prune_outbox(integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION neuroops_prune_outbox(integer) TO neuroops_app;
