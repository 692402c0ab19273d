CREATE TYPE "public"."notification_kind" AS ENUM('task_assigned', 'task_overdue', 'deal_assigned', 'mention', 'import_finished');--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" uuid NOT NULL,
	"kind" "notification_kind" NOT NULL,
	"in_app" boolean NOT NULL,
	"email" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_user_id_kind_pk" PRIMARY KEY("user_id","kind")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" "notification_kind" NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"entity_type" text,
	"entity_id" uuid,
	"actor_id" uuid,
	"idempotency_key" text NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_idempotency_idx" ON "notifications" USING btree ("tenant_id","user_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("tenant_id","user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("tenant_id","user_id") WHERE read_at is null;--> statement-breakpoint

-- Notifications: the app role reads, writes and marks them; only the notifications jobs
-- insert (as the system) and members never delete (rows go with their tenant or user).
GRANT SELECT, INSERT, UPDATE ON notifications TO neuroops_app;--> statement-breakpoint
SELECT neuroops_enable_tenant_rls('notifications'::regclass);--> statement-breakpoint

-- A member sees and marks their own notifications only; the system (jobs) sees the
-- tenant's. RESTRICTIVE: ANDed with the tenant policy, it can only hide rows. No user and
-- no role set → nothing (fails closed).
CREATE POLICY notifications_recipient ON notifications AS RESTRICTIVE FOR ALL TO PUBLIC
  USING (user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid)
         OR (SELECT current_setting('app.role', true)) = 'system')
  WITH CHECK (user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid)
         OR (SELECT current_setting('app.role', true)) = 'system');--> statement-breakpoint

-- Preferences: a global table (no tenant), like user_sessions, reached only through
-- the notifications module's preference functions, always for the signed-in user.
GRANT SELECT, INSERT, UPDATE, DELETE ON notification_preferences TO neuroops_app;--> statement-breakpoint

-- The overdue-task schedule (crm-tasks-overdue) asks which tenants have open, assigned
-- tasks whose due time passed after `since`; it then reads and publishes each tenant's
-- inside that tenant's transaction. Narrow like neuroops_claim_outbox: tenant ids only.
-- Under FORCE RLS the function's owner (this migration's login) needs to read the tasks.
DO $$
BEGIN
  EXECUTE format('CREATE POLICY crm_overdue_scan ON crm_activities AS PERMISSIVE FOR SELECT TO %I USING (true)', current_user);
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION neuroops_crm_tenants_with_overdue_tasks(since timestamptz)
RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  SELECT DISTINCT a.tenant_id
    FROM crm_activities a
   WHERE a.kind = 'task' AND a.done_at IS NULL AND a.assignee_id IS NOT NULL
     AND a.due_at > since AND a.due_at <= now();
$fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_crm_tenants_with_overdue_tasks(timestamptz) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION neuroops_crm_tenants_with_overdue_tasks(timestamptz) TO neuroops_app;
