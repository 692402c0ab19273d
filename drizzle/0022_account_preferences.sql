CREATE TABLE "user_avatars" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "locale" text DEFAULT 'en-US' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "avatar_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "dismissed_hints" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "user_avatars" ADD CONSTRAINT "user_avatars_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Account preferences (issue 10): time zone, locale, avatar, dismissed hints. user_avatars is
-- global like users (no tenant_id, no RLS), reached only through accounts' profile functions;
-- its bytes live apart so the session check never reads them.
GRANT SELECT, INSERT, UPDATE, DELETE ON user_avatars TO neuroops_app;--> statement-breakpoint
-- The directories gain the avatar's version (columns appended: CREATE OR REPLACE keeps the rest).
CREATE OR REPLACE VIEW user_profiles WITH (security_invoker = true) AS
  SELECT id, name, email, avatar_updated_at FROM users;--> statement-breakpoint
CREATE OR REPLACE VIEW member_directory WITH (security_invoker = true) AS
  SELECT m.tenant_id, m.user_id, u.name, u.email, m.role, m.created_at AS joined_at, m.last_active_at, u.avatar_updated_at
    FROM memberships m
    JOIN users u ON u.id = m.user_id;
