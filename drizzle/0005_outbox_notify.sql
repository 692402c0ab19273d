-- Wakes idle workers when events are committed (NOTIFY is delivered at commit, once
-- per transaction and channel), so delivery does not wait for the next poll.
CREATE OR REPLACE FUNCTION neuroops_notify_outbox() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('neuroops_outbox', '');
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
  FOR EACH STATEMENT EXECUTE FUNCTION neuroops_notify_outbox();
