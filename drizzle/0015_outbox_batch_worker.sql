-- The embedded worker's batch path (src/server/jobs/worker.ts): ONE statement claims a
-- batch of due events and starts their job runs, ONE statement settles a batch. Before,
-- each event cost two tenant transactions (start its runs, settle it): ~9 statements.
--
-- Both functions are SECURITY DEFINER like neuroops_claim_outbox (0004) and as narrow:
-- they touch only outbox_events and job_runs, write only events this worker holds, and
-- return what the claim returned before (ids, names, payloads, attempts) plus, per
-- started run, whether an earlier attempt finished steps — never the steps' results,
-- which the worker reads in the event's own tenant transaction.

-- The functions' owner (this migration's login) writes job_runs too: under FORCE RLS it
-- needs the same owner-only policy as on outbox_events (0004). The app role gains nothing.
DO $$
BEGIN
  EXECUTE format('CREATE POLICY queue_owner ON job_runs AS PERMISSIVE FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END $$;--> statement-breakpoint

-- Claims up to `batch` due events like neuroops_claim_outbox, and in the same statement
-- starts the run of every function subscribed to each (`subscriptions`: a JSON array of
-- {"event_name", "function_id"}): a new run, or the earlier attempt's run again with one
-- more attempt. A run already done is left alone and not returned, so the worker skips it.
-- `runs`: {function id: true when the run has finished steps to resume from}.
CREATE OR REPLACE FUNCTION neuroops_claim_outbox_runs(worker text, lease_seconds integer, batch integer, subscriptions jsonb)
RETURNS TABLE (tenant_id uuid, id uuid, name text, payload jsonb, attempts integer, runs jsonb)
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
    RETURNING o.tenant_id, o.id, o.name, o.payload, o.attempts, o.run_after),
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
                    WHERE s.tenant_id = c.tenant_id AND s.event_id = c.id), '{}'::jsonb)
    FROM claimed c
   ORDER BY c.run_after;
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_claim_outbox_runs(text, integer, integer, jsonb) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION neuroops_claim_outbox_runs(text, integer, integer, jsonb) TO neuroops_app;--> statement-breakpoint

-- Settles a batch of events and their runs, each event only while `worker` still holds
-- it at the attempt it claimed (a worker whose lease expired changes nothing).
-- `events`: [{tenant_id, id, attempts, outcome: done|retry|dead, last_error, retry_ms}];
-- `runs`: [{tenant_id, event_id, function_id, last_error}] (no error: the run is done).
-- Returns the ids of the events it settled: the caller's own input, no tenant data.
CREATE OR REPLACE FUNCTION neuroops_settle_outbox(worker text, events jsonb, runs jsonb)
RETURNS TABLE (id uuid)
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  WITH settled AS (
    UPDATE outbox_events o
       SET status = (CASE x.outcome WHEN 'retry' THEN 'pending' ELSE x.outcome END)::outbox_status,
           locked_by = NULL,
           locked_until = NULL,
           last_error = x.last_error,
           run_after = CASE x.outcome WHEN 'retry' THEN now() + make_interval(secs => x.retry_ms / 1000) ELSE o.run_after END,
           finished_at = CASE x.outcome WHEN 'retry' THEN o.finished_at ELSE now() END,
           updated_at = now()
      FROM jsonb_to_recordset(events) AS x(tenant_id uuid, id uuid, attempts integer, outcome text, last_error text, retry_ms double precision)
     WHERE o.tenant_id = x.tenant_id AND o.id = x.id
       AND o.status = 'running' AND o.locked_by = worker AND o.attempts = x.attempts
       AND x.outcome IN ('done', 'retry', 'dead')
    RETURNING o.tenant_id, o.id),
  finished AS (
    UPDATE job_runs r
       SET status = (CASE WHEN y.last_error IS NULL THEN 'done' ELSE 'failed' END)::job_run_status,
           last_error = y.last_error,
           finished_at = CASE WHEN y.last_error IS NULL THEN now() ELSE r.finished_at END,
           updated_at = now()
      FROM jsonb_to_recordset(runs) AS y(tenant_id uuid, event_id uuid, function_id text, last_error text)
      JOIN settled s ON s.tenant_id = y.tenant_id AND s.id = y.event_id
     WHERE r.tenant_id = y.tenant_id AND r.event_id = y.event_id AND r.function_id = y.function_id
    RETURNING 1)
  SELECT s.id FROM settled s;
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_settle_outbox(text, jsonb, jsonb) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION neuroops_settle_outbox(text, jsonb, jsonb) TO neuroops_app;--> statement-breakpoint

-- The relay's claim (no runs: Inngest runs the functions) becomes the batch claim with no
-- subscriptions, so one definition of "due" and of the lease remains.
CREATE OR REPLACE FUNCTION neuroops_claim_outbox(worker text, lease_seconds integer, batch integer)
RETURNS TABLE (tenant_id uuid, id uuid, name text, payload jsonb, attempts integer)
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  SELECT c.tenant_id, c.id, c.name, c.payload, c.attempts FROM neuroops_claim_outbox_runs(worker, lease_seconds, batch, '[]'::jsonb) c;
$fn$;
