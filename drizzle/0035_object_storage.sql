ALTER TABLE "user_avatars" ALTER COLUMN "bytes" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "ai_document_files" ALTER COLUMN "bytes" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "crm_import_files" ALTER COLUMN "content" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "inventory_import_files" ALTER COLUMN "content" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_logos" ALTER COLUMN "bytes" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "user_avatars" ADD COLUMN "object_key" text;--> statement-breakpoint
ALTER TABLE "ai_document_files" ADD COLUMN "object_key" text;--> statement-breakpoint
ALTER TABLE "crm_import_files" ADD COLUMN "object_key" text;--> statement-breakpoint
ALTER TABLE "crm_import_files" ADD COLUMN "head" "bytea";--> statement-breakpoint
ALTER TABLE "inventory_import_files" ADD COLUMN "object_key" text;--> statement-breakpoint
ALTER TABLE "inventory_import_files" ADD COLUMN "head" "bytea";--> statement-breakpoint
ALTER TABLE "tenant_logos" ADD COLUMN "object_key" text;--> statement-breakpoint
ALTER TABLE "user_avatars" ADD CONSTRAINT "user_avatars_one_location" CHECK ((bytes is null) <> (object_key is null));--> statement-breakpoint
ALTER TABLE "user_avatars" ADD CONSTRAINT "user_avatars_object_key" CHECK (object_key is null or object_key like 'users/' || user_id::text || '/avatar/%');--> statement-breakpoint
ALTER TABLE "ai_document_files" ADD CONSTRAINT "ai_document_files_one_location" CHECK ((bytes is null) <> (object_key is null));--> statement-breakpoint
ALTER TABLE "ai_document_files" ADD CONSTRAINT "ai_document_files_object_key" CHECK (object_key is null or object_key = 'tenant/' || tenant_id::text || '/ai-documents/' || document_id::text);--> statement-breakpoint
ALTER TABLE "crm_import_files" ADD CONSTRAINT "crm_import_files_one_location" CHECK ((content is null) <> (object_key is null) and (object_key is null) = (head is null));--> statement-breakpoint
ALTER TABLE "crm_import_files" ADD CONSTRAINT "crm_import_files_object_key" CHECK (object_key is null or object_key = 'tenant/' || tenant_id::text || '/imports/crm/' || import_id::text);--> statement-breakpoint
ALTER TABLE "inventory_import_files" ADD CONSTRAINT "inventory_import_files_one_location" CHECK ((content is null) <> (object_key is null) and (object_key is null) = (head is null));--> statement-breakpoint
ALTER TABLE "inventory_import_files" ADD CONSTRAINT "inventory_import_files_object_key" CHECK (object_key is null or object_key = 'tenant/' || tenant_id::text || '/imports/inventory/' || import_id::text);--> statement-breakpoint
ALTER TABLE "tenant_logos" ADD CONSTRAINT "tenant_logos_one_location" CHECK ((bytes is null) <> (object_key is null));--> statement-breakpoint
ALTER TABLE "tenant_logos" ADD CONSTRAINT "tenant_logos_object_key" CHECK (object_key is null or object_key like 'tenant/' || tenant_id::text || '/logo/%');