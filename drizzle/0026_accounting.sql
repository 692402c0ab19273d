CREATE TYPE "public"."accounting_account_type" AS ENUM('asset', 'liability', 'equity', 'income', 'expense');--> statement-breakpoint
CREATE TYPE "public"."accounting_entry_source" AS ENUM('manual', 'invoice', 'bill', 'payment', 'stock', 'import', 'closing', 'reversal');--> statement-breakpoint
CREATE TYPE "public"."accounting_entry_status" AS ENUM('draft', 'posted');--> statement-breakpoint
CREATE TABLE "accounting_accounts" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"type" "accounting_account_type" NOT NULL,
	"parent_id" uuid,
	"currency" text,
	"active" boolean DEFAULT true NOT NULL,
	"system_key" text,
	"is_tax" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounting_accounts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "accounting_entries" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"number" bigint,
	"date" date NOT NULL,
	"memo" text DEFAULT '' NOT NULL,
	"source" "accounting_entry_source" DEFAULT 'manual' NOT NULL,
	"source_id" text,
	"status" "accounting_entry_status" DEFAULT 'draft' NOT NULL,
	"reversal_of" uuid,
	"posted_at" timestamp with time zone,
	"posted_by" uuid,
	"previous_hash" "bytea",
	"hash" "bytea",
	"created_by" uuid DEFAULT nullif(current_setting('app.user_id', true), '')::uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounting_entries_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "accounting_entries_posted" CHECK ((status = 'posted') = (number is not null and hash is not null and posted_at is not null))
);
--> statement-breakpoint
CREATE TABLE "accounting_lines" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"account_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"debit" numeric(30, 8) DEFAULT '0' NOT NULL,
	"credit" numeric(30, 8) DEFAULT '0' NOT NULL,
	"description" text,
	"contact_id" uuid,
	"company_id" uuid,
	"product_id" uuid,
	CONSTRAINT "accounting_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "accounting_lines_one_side" CHECK (debit >= 0 and credit >= 0 and (debit = 0) <> (credit = 0)),
	CONSTRAINT "accounting_lines_currency" CHECK (currency ~ '^[^[:space:]]{1,24}$')
);
--> statement-breakpoint
CREATE TABLE "accounting_period_balances" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"period" date NOT NULL,
	"closing" boolean DEFAULT false NOT NULL,
	"debit" numeric(30, 8) DEFAULT '0' NOT NULL,
	"credit" numeric(30, 8) DEFAULT '0' NOT NULL,
	CONSTRAINT "accounting_period_balances_tenant_id_account_id_currency_period_closing_pk" PRIMARY KEY("tenant_id","account_id","currency","period","closing")
);
--> statement-breakpoint
CREATE TABLE "accounting_settings" (
	"tenant_id" uuid PRIMARY KEY DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"lock_date" date,
	"member_lock_date" date,
	"tax_lock_date" date,
	"last_number" bigint DEFAULT 0 NOT NULL,
	"last_hash" "bytea",
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounting_settings_lock_order" CHECK (lock_date is null or member_lock_date is null or member_lock_date >= lock_date)
);
--> statement-breakpoint
ALTER TABLE "accounting_accounts" ADD CONSTRAINT "accounting_accounts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_accounts" ADD CONSTRAINT "accounting_accounts_tenant_id_parent_id_accounting_accounts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","parent_id") REFERENCES "public"."accounting_accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_entries" ADD CONSTRAINT "accounting_entries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_entries" ADD CONSTRAINT "accounting_entries_posted_by_users_id_fk" FOREIGN KEY ("posted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_entries" ADD CONSTRAINT "accounting_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_entries" ADD CONSTRAINT "accounting_entries_tenant_id_reversal_of_accounting_entries_tenant_id_id_fk" FOREIGN KEY ("tenant_id","reversal_of") REFERENCES "public"."accounting_entries"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_lines" ADD CONSTRAINT "accounting_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_lines" ADD CONSTRAINT "accounting_lines_tenant_id_entry_id_accounting_entries_tenant_id_id_fk" FOREIGN KEY ("tenant_id","entry_id") REFERENCES "public"."accounting_entries"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_lines" ADD CONSTRAINT "accounting_lines_tenant_id_account_id_accounting_accounts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounting_accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_period_balances" ADD CONSTRAINT "accounting_period_balances_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_period_balances" ADD CONSTRAINT "accounting_period_balances_tenant_id_account_id_accounting_accounts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounting_accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_settings" ADD CONSTRAINT "accounting_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "accounting_accounts_code_idx" ON "accounting_accounts" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "accounting_accounts_system_idx" ON "accounting_accounts" USING btree ("tenant_id","system_key") WHERE system_key is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "accounting_entries_number_idx" ON "accounting_entries" USING btree ("tenant_id","number") WHERE number is not null;--> statement-breakpoint
CREATE INDEX "accounting_entries_date_idx" ON "accounting_entries" USING btree ("tenant_id","date","id");--> statement-breakpoint
CREATE UNIQUE INDEX "accounting_entries_reversal_idx" ON "accounting_entries" USING btree ("tenant_id","reversal_of") WHERE reversal_of is not null;--> statement-breakpoint
CREATE INDEX "accounting_entries_source_idx" ON "accounting_entries" USING btree ("tenant_id","source","source_id") WHERE source_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "accounting_lines_entry_idx" ON "accounting_lines" USING btree ("tenant_id","entry_id","line_no");--> statement-breakpoint
CREATE INDEX "accounting_lines_account_idx" ON "accounting_lines" USING btree ("tenant_id","account_id","entry_id");--> statement-breakpoint

-- Accounting: tenant RLS everywhere. Period balances are written only by the posting
-- trigger (a SECURITY DEFINER function): the app role reads them.
GRANT SELECT, INSERT, UPDATE, DELETE ON accounting_accounts, accounting_entries, accounting_lines TO neuroops_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON accounting_settings TO neuroops_app;--> statement-breakpoint
GRANT SELECT ON accounting_period_balances TO neuroops_app;--> statement-breakpoint
SELECT neuroops_enable_tenant_rls(t) FROM unnest(ARRAY[
  'accounting_accounts', 'accounting_settings', 'accounting_entries', 'accounting_lines', 'accounting_period_balances'
]::regclass[]) AS t;--> statement-breakpoint

-- The canonical text of a posted entry that its hash covers: header, then every line in order
-- (dates and times written independently of the session's DateStyle and time zone).
CREATE OR REPLACE FUNCTION neuroops_accounting_entry_text(e accounting_entries) RETURNS text
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $fn$
  SELECT concat_ws('|', e.tenant_id, e.id, e.number, to_char(e.date, 'YYYY-MM-DD'), e.memo, e.source, coalesce(e.source_id, ''), coalesce(e.reversal_of::text, ''),
                   (extract(epoch FROM e.posted_at) * 1000000)::bigint)
         || coalesce((SELECT string_agg(concat_ws('|', l.line_no, l.account_id, l.currency, l.debit, l.credit, coalesce(l.description, ''),
                                                  coalesce(l.contact_id::text, ''), coalesce(l.company_id::text, ''), coalesce(l.product_id::text, '')), E'\n' ORDER BY l.line_no)
                        FROM accounting_lines l WHERE l.tenant_id = e.tenant_id AND l.entry_id = e.id), '');
$fn$;--> statement-breakpoint

-- SHA-256 over the previous hash (hex, empty for the first entry) and the entry's text.
CREATE OR REPLACE FUNCTION neuroops_accounting_entry_hash(previous bytea, e accounting_entries) RETURNS bytea
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $fn$
  SELECT sha256(convert_to(coalesce(encode(previous, 'hex'), '') || E'\n' || neuroops_accounting_entry_text(e), 'UTF8'));
$fn$;--> statement-breakpoint

-- Posting: lock dates, gapless number, hash chain, period balances. Runs as the migration's
-- owner so that the app role never writes period balances itself.
CREATE OR REPLACE FUNCTION neuroops_accounting_post(e accounting_entries) RETURNS accounting_entries
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  s accounting_settings;
  role text := coalesce(nullif(current_setting('app.role', true), ''), 'member');
BEGIN
  INSERT INTO accounting_settings (tenant_id) VALUES (e.tenant_id) ON CONFLICT DO NOTHING;
  SELECT * INTO s FROM accounting_settings WHERE tenant_id = e.tenant_id FOR UPDATE;
  IF s.lock_date IS NOT NULL AND e.date <= s.lock_date THEN
    RAISE EXCEPTION 'The books are locked up to %: post this entry on a later date.', s.lock_date USING ERRCODE = 'check_violation';
  END IF;
  IF role NOT IN ('owner', 'admin', 'system') AND s.member_lock_date IS NOT NULL AND e.date <= s.member_lock_date THEN
    RAISE EXCEPTION 'The books are locked up to % for members: ask an admin, or post on a later date.', s.member_lock_date USING ERRCODE = 'check_violation';
  END IF;
  IF s.tax_lock_date IS NOT NULL AND e.date <= s.tax_lock_date AND EXISTS (
       SELECT 1 FROM accounting_lines l JOIN accounting_accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
        WHERE l.tenant_id = e.tenant_id AND l.entry_id = e.id AND a.is_tax) THEN
    RAISE EXCEPTION 'Tax is locked up to %: an entry touching a tax account must be dated later.', s.tax_lock_date USING ERRCODE = 'check_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM accounting_lines l JOIN accounting_accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
              WHERE l.tenant_id = e.tenant_id AND l.entry_id = e.id AND NOT a.active) THEN
    RAISE EXCEPTION 'An entry cannot be posted to an inactive account.' USING ERRCODE = 'check_violation';
  END IF;
  e.number := s.last_number + 1;
  e.posted_at := coalesce(e.posted_at, now());
  e.posted_by := coalesce(e.posted_by, nullif(current_setting('app.user_id', true), '')::uuid);
  e.previous_hash := s.last_hash;
  e.hash := neuroops_accounting_entry_hash(s.last_hash, e);
  UPDATE accounting_settings SET last_number = e.number, last_hash = e.hash, updated_at = now() WHERE tenant_id = e.tenant_id;
  INSERT INTO accounting_period_balances (tenant_id, account_id, currency, period, closing, debit, credit)
  SELECT l.tenant_id, l.account_id, l.currency, date_trunc('month', e.date)::date, e.source = 'closing', sum(l.debit), sum(l.credit)
    FROM accounting_lines l WHERE l.tenant_id = e.tenant_id AND l.entry_id = e.id
   GROUP BY l.tenant_id, l.account_id, l.currency
  ON CONFLICT (tenant_id, account_id, currency, period, closing)
  DO UPDATE SET debit = accounting_period_balances.debit + excluded.debit, credit = accounting_period_balances.credit + excluded.credit;
  RETURN e;
END $fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION neuroops_accounting_post(accounting_entries) FROM PUBLIC;--> statement-breakpoint

-- An entry is inserted as a draft; posting is the update draft → posted; a posted entry
-- never changes and is never deleted (a tenant's deletion cascades: pg_trigger_depth() > 1).
-- SECURITY DEFINER: it alone may call neuroops_accounting_post (not granted to the app role,
-- which could otherwise bump the counter or the balances without posting anything).
CREATE OR REPLACE FUNCTION neuroops_accounting_entry_guard() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'posted' AND pg_trigger_depth() <= 1 THEN
      RAISE EXCEPTION 'A posted journal entry cannot be deleted: reverse it.' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'draft' OR NEW.number IS NOT NULL OR NEW.hash IS NOT NULL THEN
      RAISE EXCEPTION 'A journal entry is created as a draft, then posted.' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status = 'posted' THEN
    RAISE EXCEPTION 'A posted journal entry cannot be changed: reverse it.' USING ERRCODE = 'restrict_violation';
  END IF;
  IF NEW.status = 'posted' THEN
    NEW.number := NULL; NEW.hash := NULL; NEW.previous_hash := NULL;
    RETURN neuroops_accounting_post(NEW);
  END IF;
  IF NEW.number IS NOT NULL OR NEW.hash IS NOT NULL THEN
    RAISE EXCEPTION 'Only posting numbers and hashes an entry.' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $fn$;--> statement-breakpoint
CREATE TRIGGER accounting_entries_guard BEFORE INSERT OR UPDATE OR DELETE ON accounting_entries
  FOR EACH ROW EXECUTE FUNCTION neuroops_accounting_entry_guard();--> statement-breakpoint

-- Lines of a posted entry are fixed: none added, changed or removed.
CREATE OR REPLACE FUNCTION neuroops_accounting_line_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  IF (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM accounting_entries e WHERE e.tenant_id = OLD.tenant_id AND e.id = OLD.entry_id AND e.status = 'posted'))
     OR (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM accounting_entries e WHERE e.tenant_id = NEW.tenant_id AND e.id = NEW.entry_id AND e.status = 'posted')) THEN
    RAISE EXCEPTION 'The lines of a posted journal entry cannot be changed: reverse it.' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $fn$;--> statement-breakpoint
CREATE TRIGGER accounting_lines_guard BEFORE INSERT OR UPDATE OR DELETE ON accounting_lines
  FOR EACH ROW EXECUTE FUNCTION neuroops_accounting_line_guard();--> statement-breakpoint
CREATE TRIGGER accounting_no_truncate BEFORE TRUNCATE ON accounting_lines
  FOR EACH STATEMENT EXECUTE FUNCTION neuroops_accounting_line_guard();--> statement-breakpoint

-- Every posted entry balances per currency and has lines: checked at commit.
CREATE OR REPLACE FUNCTION neuroops_accounting_check_balanced() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
DECLARE
  unbalanced record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM accounting_lines l WHERE l.tenant_id = NEW.tenant_id AND l.entry_id = NEW.id) THEN
    RAISE EXCEPTION 'Journal entry % has no lines.', NEW.number USING ERRCODE = 'check_violation';
  END IF;
  SELECT l.currency, sum(l.debit) AS debit, sum(l.credit) AS credit INTO unbalanced
    FROM accounting_lines l WHERE l.tenant_id = NEW.tenant_id AND l.entry_id = NEW.id
   GROUP BY l.currency HAVING sum(l.debit) <> sum(l.credit) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'Journal entry % does not balance in %: debits %, credits %.', NEW.number, unbalanced.currency, unbalanced.debit, unbalanced.credit
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $fn$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER accounting_entries_balanced AFTER INSERT OR UPDATE ON accounting_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.status = 'posted')
  EXECUTE FUNCTION neuroops_accounting_check_balanced();
--> statement-breakpoint

-- The standard small-business chart, defined once here: the module's onTenantCreated hook
-- calls it for new organizations, and this migration for the existing ones.
CREATE OR REPLACE FUNCTION neuroops_accounting_create_standard_chart() RETURNS void
LANGUAGE sql SET search_path = public, pg_temp AS $fn$
  INSERT INTO accounting_settings (tenant_id) VALUES (nullif(current_setting('app.tenant_id', true), '')::uuid) ON CONFLICT DO NOTHING;
  INSERT INTO accounting_accounts (code, name, type, system_key, is_tax)
  VALUES ('1000', 'Cash', 'asset', 'cash', false),
         ('1010', 'Bank', 'asset', 'bank', false),
         ('1200', 'Accounts receivable', 'asset', 'receivable', false),
         ('1300', 'Inventory', 'asset', 'inventory', false),
         ('2000', 'Accounts payable', 'liability', 'payable', false),
         ('2200', 'Sales tax payable', 'liability', 'sales_tax', true),
         ('3000', 'Owner''s equity', 'equity', 'equity', false),
         ('3900', 'Retained earnings', 'equity', 'retained_earnings', false),
         ('4000', 'Sales', 'income', 'sales', false),
         ('5000', 'Cost of goods sold', 'expense', 'cogs', false),
         ('6000', 'Rent', 'expense', NULL, false),
         ('6100', 'Salaries and wages', 'expense', NULL, false),
         ('6200', 'Utilities', 'expense', NULL, false),
         ('6300', 'Office supplies', 'expense', NULL, false),
         ('6400', 'Bank fees', 'expense', 'bank_fees', false),
         ('6900', 'Other expenses', 'expense', NULL, false)
  ON CONFLICT DO NOTHING;
$fn$;--> statement-breakpoint
DO $$
DECLARE t uuid;
BEGIN
  FOR t IN SELECT id FROM tenants WHERE id <> '00000000-0000-0000-0000-000000000001' LOOP
    PERFORM set_config('app.tenant_id', t::text, true);
    PERFORM neuroops_accounting_create_standard_chart();
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END $$;
