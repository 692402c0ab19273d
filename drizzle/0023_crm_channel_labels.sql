-- What each email or phone is ("work", "home", "mobile", "fax"…), kept from import headers and editable in the contact form.
-- Nullable without a default: no table rewrite, existing channels have no label; the table's RLS is unchanged.
ALTER TABLE "crm_contact_channels" ADD COLUMN "label" text;--> statement-breakpoint
ALTER TABLE "crm_contact_channels" ADD CONSTRAINT "crm_contact_channels_label_check" CHECK (label is null or length(label) between 1 and 30);