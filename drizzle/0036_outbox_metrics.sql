-- Metrics (issue 17, docs/operations.md "Metrics"). No schema.ts change: functions only.

-- The outbox gauges, read at every scrape of /api/metrics: how many events wait (pending),
-- how many were given up on (dead), and how old the oldest waiting one is. Counts and one
-- age across every tenant, no tenant data: SECURITY DEFINER like neuroops_outbox_counts
-- (drizzle/0004), whose owner-only policy lets it see every row.
CREATE OR REPLACE FUNCTION neuroops_outbox_metrics()
RETURNS TABLE (pending bigint, dead bigint, oldest_pending_age_seconds double precision)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  SELECT count(*) FILTER (WHERE status = 'pending'),
         count(*) FILTER (WHERE status = 'dead'),
         coalesce(extract(epoch FROM clock_timestamp() - min(created_at) FILTER (WHERE status = 'pending')), 0)::double precision
    FROM outbox_events
   WHERE status IN ('pending', 'dead');
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_outbox_metrics() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION neuroops_outbox_metrics() TO neuroops_app;--> statement-breakpoint

-- The claims (drizzle/0015) also return each event's age at the claim, measured by the
-- database's clock (neuroops_outbox_delivery_lag_seconds: creation → start or delivery).
-- A new output column changes the return type, which CREATE OR REPLACE cannot: drop and
-- re-create both (the relay's claim calls the batch claim), same bodies otherwise.
DROP FUNCTION IF EXISTS neuroops_claim_outbox(text, integer, integer);--> statement-breakpoint
DROP FUNCTION IF EXISTS neuroops_claim_outbox_runs(text, integer, integer, jsonb);--> statement-breakpoint
CREATE FUNCTION neuroops_claim_outbox_runs(worker text, lease_seconds integer, batch integer, subscriptions jsonb)
RETURNS TABLE (tenant_id uuid, id uuid, name text, payload jsonb, attempts integer, runs jsonb, age_seconds double precision)
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  WITH claimed AS (
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
    RETURNING o.tenant_id, o.id, o.name, o.payload, o.attempts, o.run_after, o.created_at),
  started AS (
    INSERT INTO job_runs AS r (tenant_id, event_id, function_id, status, attempts)
    SELECT c.tenant_id, c.id, s.function_id, 'running', 1
      FROM claimed c
      JOIN jsonb_to_recordset(subscriptions) AS s(event_name text, function_id text) ON s.event_name = c.name
    ON CONFLICT (tenant_id, event_id, function_id) DO UPDATE
       SET attempts = r.attempts + 1, status = 'running', updated_at = now()
     WHERE r.status <> 'done'
    RETURNING r.tenant_id, r.event_id, r.function_id, r.steps <> '{}'::jsonb AS resumes)
  SELECT c.tenant_id, c.id, c.name, c.payload, c.attempts,
         coalesce((SELECT jsonb_object_agg(s.function_id, s.resumes)
                     FROM started s
                    WHERE s.tenant_id = c.tenant_id AND s.event_id = c.id), '{}'::jsonb),
         extract(epoch FROM clock_timestamp() - c.created_at)::double precision
    FROM claimed c
   ORDER BY c.run_after;
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_claim_outbox_runs(text, integer, integer, jsonb) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION neuroops_claim_outbox_runs(text, integer, integer, jsonb) TO neuroops_app;--> statement-breakpoint
CREATE FUNCTION neuroops_claim_outbox(worker text, lease_seconds integer, batch integer)
RETURNS TABLE (tenant_id uuid, id uuid, name text, payload jsonb, attempts integer, age_seconds double precision)
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  SELECT c.tenant_id, c.id, c.name, c.payload, c.attempts, c.age_seconds FROM neuroops_claim_outbox_runs(worker, lease_seconds, batch, '[]'::jsonb) c;
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_claim_outbox(text, integer, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION neuroops_claim_outbox(text, integer, integer) TO neuroops_app;
