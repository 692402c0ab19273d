import { sql } from "drizzle-orm";
import { bigint, check, customType, foreignKey, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type PgEnum } from "drizzle-orm/pg-core";
import { currentUserIdDefault, tenantIdColumn, timestamps } from "../db/columns";
import { users } from "../modules/accounts/schema";
import { tenants } from "../modules/orgs/schema";

/*
 * The tables the records layer works on, built per module: a module calls these in its
 * own schema file with its name prefix and its entity-type enum, so the tables are its
 * own (its migrations, its RLS) while saved views and imports run on the same services.
 */

/** A module's enum of entity types (crm_entity_type …). */
type EntityTypes = [string, ...string[]];

/**
 * The entity_type column is typed `string` in the shared tables, so that one service
 * type fits every module's table; the services give values back their module's types.
 */
const anyEntityType = <T extends EntityTypes>(entityType: PgEnum<T>) => entityType as unknown as PgEnum<EntityTypes>;

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/** A user's saved list filters and sort, per entity type. */
export function savedViewsTable<T extends EntityTypes>(name: string, moduleEntityType: PgEnum<T>) {
  const entityType = anyEntityType(moduleEntityType);
  return pgTable(
    name,
    {
      tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
      id: uuid().notNull().defaultRandom(),
      userId: uuid()
        .notNull()
        .default(currentUserIdDefault)
        .references(() => users.id, { onDelete: "cascade" }),
      entityType: entityType().notNull(),
      name: text().notNull(),
      /** The list input (filters + sort) as the list procedure takes it. */
      query: jsonb().$type<Record<string, unknown>>().notNull(),
      ...timestamps(),
    },
    (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex(`${name}_name_key`).on(t.tenantId, t.userId, t.entityType, sql`lower(name)`)],
  );
}
export type SavedViewsTable = ReturnType<typeof savedViewsTable<EntityTypes>>;

export const IMPORT_STATUSES = ["queued", "running", "done", "failed"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * `<prefix>_imports` (a CSV import processed by a background job), `<prefix>_import_files`
 * (the uploaded file, kept until the import finishes) and `<prefix>_import_errors` (rows
 * an import could not take, with the CSV row number and why), and their status enum.
 */
export function importTables<T extends EntityTypes>(prefix: string, moduleEntityType: PgEnum<T>) {
  const entityType = anyEntityType(moduleEntityType);
  const status = pgEnum(`${prefix}_import_status`, IMPORT_STATUSES);
  const imports = pgTable(
    `${prefix}_imports`,
    {
      tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
      id: uuid().notNull().defaultRandom(),
      entityType: entityType().notNull(),
      fileName: text().notNull(),
      /** CSV header → field key (standard or custom). */
      mapping: jsonb().$type<Record<string, string>>().notNull(),
      onDuplicate: text({ enum: ["update", "skip"] }).notNull().default("skip"),
      status: status().notNull().default("queued"),
      totalBytes: bigint({ mode: "number" }).notNull().default(0),
      processedBytes: bigint({ mode: "number" }).notNull().default(0),
      processedRows: integer().notNull().default(0),
      createdCount: integer().notNull().default(0),
      updatedCount: integer().notNull().default(0),
      skippedCount: integer().notNull().default(0),
      errorCount: integer().notNull().default(0),
      failure: text(),
      createdBy: uuid()
        .default(currentUserIdDefault)
        .references(() => users.id, { onDelete: "set null" }),
      ...timestamps(),
      finishedAt: timestamp({ withTimezone: true }),
    },
    (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index(`${prefix}_imports_created_idx`).on(t.tenantId, t.createdAt.desc())],
  );
  const files = pgTable(
    `${prefix}_import_files`,
    {
      tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
      importId: uuid().notNull(),
      /** The file here, or in the object store under `object_key` (src/server/storage); exactly one. */
      content: bytea(),
      objectKey: text(),
      /**
       * With `object_key`: the file's first MB (HEAD_BYTES), which the mapping and preview steps
       * read inside their tenant transaction, where the object store may not be called.
       */
      head: bytea(),
    },
    (t) => [
      primaryKey({ columns: [t.tenantId, t.importId] }),
      foreignKey({ columns: [t.tenantId, t.importId], foreignColumns: [imports.tenantId, imports.id] }).onDelete("cascade"),
      check(`${prefix}_import_files_one_location`, sql`(content is null) <> (object_key is null) and (object_key is null) = (head is null)`),
      check(`${prefix}_import_files_object_key`, sql.raw(`object_key is null or object_key = 'tenant/' || tenant_id::text || '/imports/${prefix}/' || import_id::text`)),
    ],
  );
  const errors = pgTable(
    `${prefix}_import_errors`,
    {
      tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
      importId: uuid().notNull(),
      rowNumber: integer().notNull(),
      reason: text().notNull(),
    },
    (t) => [
      primaryKey({ columns: [t.tenantId, t.importId, t.rowNumber] }),
      foreignKey({ columns: [t.tenantId, t.importId], foreignColumns: [imports.tenantId, imports.id] }).onDelete("cascade"),
    ],
  );
  return { status, imports, files, errors };
}
export type ImportTables = ReturnType<typeof importTables<EntityTypes>>;

export const BULK_STATUSES = ["queued", "running", "done", "failed"] as const;
export type BulkStatus = (typeof BULK_STATUSES)[number];

/**
 * `<prefix>_bulk_jobs`: an action on many records run by a background job (./bulk.ts),
 * with the selection (ids or a list filter), where the run got to (the last record id
 * it handled, committed with each batch) and the report (done, unchanged, skipped with
 * reasons).
 */
export function bulkTables<T extends EntityTypes>(prefix: string, moduleEntityType: PgEnum<T>) {
  const entityType = anyEntityType(moduleEntityType);
  const status = pgEnum(`${prefix}_bulk_status`, BULK_STATUSES);
  const jobs = pgTable(
    `${prefix}_bulk_jobs`,
    {
      tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
      id: uuid().notNull().defaultRandom(),
      entityType: entityType().notNull(),
      /** The action as the bulk procedure took it (validated again when the job runs). */
      action: jsonb().$type<Record<string, unknown>>().notNull(),
      /** `{ ids }` or `{ filters, excludeIds }`. */
      selection: jsonb().$type<Record<string, unknown>>().notNull(),
      status: status().notNull().default("queued"),
      total: integer().notNull().default(0),
      /** The last record id handled (records are taken in id order). */
      cursor: uuid(),
      processedCount: integer().notNull().default(0),
      doneCount: integer().notNull().default(0),
      unchangedCount: integer().notNull().default(0),
      skippedCount: integer().notNull().default(0),
      /** Why records were skipped: reason → how many. */
      skipReasons: jsonb().$type<Record<string, number>>().notNull().default({}),
      failure: text(),
      createdBy: uuid()
        .default(currentUserIdDefault)
        .references(() => users.id, { onDelete: "set null" }),
      ...timestamps(),
      finishedAt: timestamp({ withTimezone: true }),
    },
    (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index(`${prefix}_bulk_jobs_created_idx`).on(t.tenantId, t.createdBy, t.createdAt.desc())],
  );
  return { status, jobs };
}
export type BulkTables = ReturnType<typeof bulkTables<EntityTypes>>;
