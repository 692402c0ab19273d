CREATE TYPE "public"."accounting_document_kind" AS ENUM('invoice', 'bill', 'credit_note', 'supplier_credit');--> statement-breakpoint
CREATE TYPE "public"."accounting_document_status" AS ENUM('draft', 'posted', 'void');--> statement-breakpoint
CREATE TYPE "public"."accounting_payment_direction" AS ENUM('received', 'made');--> statement-breakpoint
CREATE TYPE "public"."accounting_rounding" AS ENUM('half_up', 'half_even');--> statement-breakpoint
CREATE TABLE "accounting_allocations" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"payment_id" uuid,
	"credit_note_id" uuid,
	"amount" bigint NOT NULL,
	"date" date NOT NULL,
	"voided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounting_allocations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "accounting_allocations_amount" CHECK (amount > 0),
	CONSTRAINT "accounting_allocations_source" CHECK ((payment_id is null) <> (credit_note_id is null))
);
--> statement-breakpoint
CREATE TABLE "accounting_document_counters" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"kind" "accounting_document_kind" NOT NULL,
	"year" integer NOT NULL,
	"last_number" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "accounting_document_counters_tenant_id_kind_year_pk" PRIMARY KEY("tenant_id","kind","year")
);
--> statement-breakpoint
CREATE TABLE "accounting_document_line_taxes" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"tax_rate_id" uuid NOT NULL,
	"rate_percent" numeric(9, 4) NOT NULL,
	"inclusive" boolean NOT NULL,
	"base" bigint NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "accounting_document_line_taxes_tenant_id_line_id_tax_rate_id_pk" PRIMARY KEY("tenant_id","line_id","tax_rate_id")
);
--> statement-breakpoint
CREATE TABLE "accounting_document_lines" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"product_id" uuid,
	"description" text NOT NULL,
	"quantity" numeric(20, 6) NOT NULL,
	"unit_price" numeric(30, 6) NOT NULL,
	"discount_percent" numeric(7, 4) DEFAULT '0' NOT NULL,
	"account_id" uuid NOT NULL,
	"net" bigint NOT NULL,
	"tax" bigint NOT NULL,
	"total" bigint NOT NULL,
	CONSTRAINT "accounting_document_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "accounting_document_lines_quantity" CHECK (quantity > 0),
	CONSTRAINT "accounting_document_lines_price" CHECK (unit_price >= 0),
	CONSTRAINT "accounting_document_lines_discount" CHECK (discount_percent >= 0 and discount_percent <= 100)
);
--> statement-breakpoint
CREATE TABLE "accounting_document_settings" (
	"tenant_id" uuid PRIMARY KEY DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"rounding" "accounting_rounding" DEFAULT 'half_up' NOT NULL,
	"payment_terms_days" integer DEFAULT 30 NOT NULL,
	"address" text,
	"footer" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "accounting_documents" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" "accounting_document_kind" NOT NULL,
	"status" "accounting_document_status" DEFAULT 'draft' NOT NULL,
	"number" text,
	"company_id" uuid,
	"contact_id" uuid,
	"party_name" text NOT NULL,
	"party_email" text,
	"party_address" text,
	"issue_date" date NOT NULL,
	"due_date" date,
	"currency" text NOT NULL,
	"reference" text,
	"notes" text,
	"payment_terms" text,
	"warehouse_id" uuid,
	"credit_of" uuid,
	"subtotal" bigint DEFAULT 0 NOT NULL,
	"tax_total" bigint DEFAULT 0 NOT NULL,
	"total" bigint DEFAULT 0 NOT NULL,
	"entry_id" uuid,
	"void_entry_id" uuid,
	"posted_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"created_by" uuid DEFAULT nullif(current_setting('app.user_id', true), '')::uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounting_documents_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "accounting_documents_party" CHECK (company_id is not null or contact_id is not null),
	CONSTRAINT "accounting_documents_posted" CHECK ((status = 'draft') = (number is null) and (status = 'draft') = (entry_id is null)),
	CONSTRAINT "accounting_documents_due" CHECK (due_date is null or due_date >= issue_date)
);
--> statement-breakpoint
CREATE TABLE "accounting_payments" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"direction" "accounting_payment_direction" NOT NULL,
	"date" date NOT NULL,
	"company_id" uuid,
	"contact_id" uuid,
	"party_name" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"account_id" uuid NOT NULL,
	"method" text,
	"reference" text,
	"entry_id" uuid NOT NULL,
	"void_entry_id" uuid,
	"voided_at" timestamp with time zone,
	"created_by" uuid DEFAULT nullif(current_setting('app.user_id', true), '')::uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounting_payments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "accounting_payments_amount" CHECK (amount > 0),
	CONSTRAINT "accounting_payments_party" CHECK (company_id is not null or contact_id is not null)
);
--> statement-breakpoint
CREATE TABLE "accounting_tax_rates" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"rate_percent" numeric(9, 4) NOT NULL,
	"inclusive" boolean DEFAULT false NOT NULL,
	"account_id" uuid NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounting_tax_rates_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "accounting_tax_rates_rate" CHECK (rate_percent >= 0 and rate_percent <= 100)
);
--> statement-breakpoint
ALTER TABLE "accounting_allocations" ADD CONSTRAINT "accounting_allocations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_allocations" ADD CONSTRAINT "accounting_allocations_tenant_id_document_id_accounting_documents_tenant_id_id_fk" FOREIGN KEY ("tenant_id","document_id") REFERENCES "public"."accounting_documents"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_allocations" ADD CONSTRAINT "accounting_allocations_tenant_id_payment_id_accounting_payments_tenant_id_id_fk" FOREIGN KEY ("tenant_id","payment_id") REFERENCES "public"."accounting_payments"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_allocations" ADD CONSTRAINT "accounting_allocations_tenant_id_credit_note_id_accounting_documents_tenant_id_id_fk" FOREIGN KEY ("tenant_id","credit_note_id") REFERENCES "public"."accounting_documents"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_document_counters" ADD CONSTRAINT "accounting_document_counters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_document_line_taxes" ADD CONSTRAINT "accounting_document_line_taxes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_document_line_taxes" ADD CONSTRAINT "accounting_document_line_taxes_tenant_id_line_id_accounting_document_lines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","line_id") REFERENCES "public"."accounting_document_lines"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_document_line_taxes" ADD CONSTRAINT "accounting_document_line_taxes_tenant_id_tax_rate_id_accounting_tax_rates_tenant_id_id_fk" FOREIGN KEY ("tenant_id","tax_rate_id") REFERENCES "public"."accounting_tax_rates"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_document_lines" ADD CONSTRAINT "accounting_document_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_document_lines" ADD CONSTRAINT "accounting_document_lines_tenant_id_document_id_accounting_documents_tenant_id_id_fk" FOREIGN KEY ("tenant_id","document_id") REFERENCES "public"."accounting_documents"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_document_lines" ADD CONSTRAINT "accounting_document_lines_tenant_id_account_id_accounting_accounts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounting_accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_document_settings" ADD CONSTRAINT "accounting_document_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_documents" ADD CONSTRAINT "accounting_documents_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_documents" ADD CONSTRAINT "accounting_documents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_documents" ADD CONSTRAINT "accounting_documents_tenant_id_credit_of_accounting_documents_tenant_id_id_fk" FOREIGN KEY ("tenant_id","credit_of") REFERENCES "public"."accounting_documents"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_documents" ADD CONSTRAINT "accounting_documents_tenant_id_entry_id_accounting_entries_tenant_id_id_fk" FOREIGN KEY ("tenant_id","entry_id") REFERENCES "public"."accounting_entries"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_documents" ADD CONSTRAINT "accounting_documents_tenant_id_void_entry_id_accounting_entries_tenant_id_id_fk" FOREIGN KEY ("tenant_id","void_entry_id") REFERENCES "public"."accounting_entries"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_payments" ADD CONSTRAINT "accounting_payments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_payments" ADD CONSTRAINT "accounting_payments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_payments" ADD CONSTRAINT "accounting_payments_tenant_id_account_id_accounting_accounts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounting_accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_payments" ADD CONSTRAINT "accounting_payments_tenant_id_entry_id_accounting_entries_tenant_id_id_fk" FOREIGN KEY ("tenant_id","entry_id") REFERENCES "public"."accounting_entries"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_tax_rates" ADD CONSTRAINT "accounting_tax_rates_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_tax_rates" ADD CONSTRAINT "accounting_tax_rates_tenant_id_account_id_accounting_accounts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."accounting_accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounting_allocations_document_idx" ON "accounting_allocations" USING btree ("tenant_id","document_id");--> statement-breakpoint
CREATE INDEX "accounting_allocations_payment_idx" ON "accounting_allocations" USING btree ("tenant_id","payment_id") WHERE payment_id is not null;--> statement-breakpoint
CREATE INDEX "accounting_allocations_credit_idx" ON "accounting_allocations" USING btree ("tenant_id","credit_note_id") WHERE credit_note_id is not null;--> statement-breakpoint
CREATE INDEX "accounting_document_line_taxes_doc_idx" ON "accounting_document_line_taxes" USING btree ("tenant_id","document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "accounting_document_lines_doc_idx" ON "accounting_document_lines" USING btree ("tenant_id","document_id","line_no");--> statement-breakpoint
CREATE UNIQUE INDEX "accounting_documents_number_idx" ON "accounting_documents" USING btree ("tenant_id","kind","number") WHERE number is not null;--> statement-breakpoint
CREATE INDEX "accounting_documents_list_idx" ON "accounting_documents" USING btree ("tenant_id","kind","issue_date","id");--> statement-breakpoint
CREATE INDEX "accounting_documents_company_idx" ON "accounting_documents" USING btree ("tenant_id","company_id") WHERE company_id is not null;--> statement-breakpoint
CREATE INDEX "accounting_documents_contact_idx" ON "accounting_documents" USING btree ("tenant_id","contact_id") WHERE contact_id is not null;--> statement-breakpoint
CREATE INDEX "accounting_documents_credit_idx" ON "accounting_documents" USING btree ("tenant_id","credit_of") WHERE credit_of is not null;--> statement-breakpoint
CREATE INDEX "accounting_payments_date_idx" ON "accounting_payments" USING btree ("tenant_id","date","id");--> statement-breakpoint
CREATE INDEX "accounting_payments_company_idx" ON "accounting_payments" USING btree ("tenant_id","company_id") WHERE company_id is not null;--> statement-breakpoint
CREATE INDEX "accounting_payments_contact_idx" ON "accounting_payments" USING btree ("tenant_id","contact_id") WHERE contact_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "accounting_tax_rates_name_idx" ON "accounting_tax_rates" USING btree ("tenant_id",lower("name"));--> statement-breakpoint

-- Documents and payments: tenant RLS everywhere; the app role reads and writes them.
GRANT SELECT, INSERT, UPDATE, DELETE ON accounting_documents, accounting_document_lines, accounting_document_line_taxes, accounting_tax_rates TO neuroops_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON accounting_document_settings, accounting_document_counters, accounting_payments, accounting_allocations TO neuroops_app;--> statement-breakpoint
SELECT neuroops_enable_tenant_rls(t) FROM unnest(ARRAY[
  'accounting_document_settings', 'accounting_tax_rates', 'accounting_document_counters', 'accounting_documents',
  'accounting_document_lines', 'accounting_document_line_taxes', 'accounting_payments', 'accounting_allocations'
]::regclass[]) AS t;--> statement-breakpoint

-- A posted document keeps what it said: only voiding changes it (status, void fields), and
-- its lines and taxes are fixed. Its journal entry is protected by the journal's own rules.
CREATE OR REPLACE FUNCTION neuroops_accounting_document_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' AND pg_trigger_depth() <= 1 THEN
      RAISE EXCEPTION 'Document % is posted: it cannot be deleted, only voided.', OLD.number USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'void' THEN
    RAISE EXCEPTION 'Document % is void: it cannot be changed.', OLD.number USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.status = 'posted' AND (NEW.status <> 'void'
       OR (NEW.kind, NEW.number, NEW.company_id, NEW.contact_id, NEW.party_name, NEW.party_email, NEW.party_address, NEW.issue_date, NEW.due_date,
           NEW.currency, NEW.reference, NEW.notes, NEW.payment_terms, NEW.warehouse_id, NEW.credit_of, NEW.subtotal, NEW.tax_total, NEW.total, NEW.entry_id, NEW.posted_at)
          IS DISTINCT FROM
          (OLD.kind, OLD.number, OLD.company_id, OLD.contact_id, OLD.party_name, OLD.party_email, OLD.party_address, OLD.issue_date, OLD.due_date,
           OLD.currency, OLD.reference, OLD.notes, OLD.payment_terms, OLD.warehouse_id, OLD.credit_of, OLD.subtotal, OLD.tax_total, OLD.total, OLD.entry_id, OLD.posted_at)) THEN
    RAISE EXCEPTION 'Document % is posted: it cannot be changed, only voided or credited.', OLD.number USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $fn$;--> statement-breakpoint
CREATE TRIGGER accounting_documents_guard BEFORE UPDATE OR DELETE ON accounting_documents
  FOR EACH ROW EXECUTE FUNCTION neuroops_accounting_document_guard();--> statement-breakpoint

CREATE OR REPLACE FUNCTION neuroops_accounting_document_line_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
DECLARE
  doc_id uuid := CASE WHEN TG_OP = 'INSERT' THEN NEW.document_id ELSE OLD.document_id END;
  doc_tenant uuid := CASE WHEN TG_OP = 'INSERT' THEN NEW.tenant_id ELSE OLD.tenant_id END;
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  IF EXISTS (SELECT 1 FROM accounting_documents d WHERE d.tenant_id = doc_tenant AND d.id = doc_id AND d.status <> 'draft') THEN
    RAISE EXCEPTION 'The lines of a posted document cannot be changed.' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $fn$;--> statement-breakpoint
CREATE TRIGGER accounting_document_lines_guard BEFORE INSERT OR UPDATE OR DELETE ON accounting_document_lines
  FOR EACH ROW EXECUTE FUNCTION neuroops_accounting_document_line_guard();--> statement-breakpoint
CREATE TRIGGER accounting_document_line_taxes_guard BEFORE INSERT OR UPDATE OR DELETE ON accounting_document_line_taxes
  FOR EACH ROW EXECUTE FUNCTION neuroops_accounting_document_line_guard();
