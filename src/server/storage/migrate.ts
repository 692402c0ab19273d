import { createHash } from "node:crypto";
import { buffer as collect } from "node:stream/consumers";
import { sql, type SQL } from "drizzle-orm";
import { runtimeDb, type Tx } from "../db/client";
import { withTenant } from "../db/tenant";
import type { ObjectStore } from "./types";

/*
 * Moves stored files between Postgres (`bytes` in the row) and the object store
 * (`object_key`), table by table and row by row: `npm run storage:migrate` (scripts/).
 *
 * Nothing is lost at any point: the copy is written and checked first (size and SHA-256
 * against the row), then ONE statement per row switches the row to the copy and clears
 * the other location, and only if the row still holds what was copied. A crash before
 * that statement leaves the row as it was (at most an orphan object, reported by
 * `--check-orphans`); after it, the row is already moved. Running it again continues.
 * No object-store call is made while a transaction is open.
 */

/** One table of files, described for the migration (the script lists them; this layer names no module). */
export type FileTable = {
  /** For the progress lines: "logos", "crm import files"… */
  label: string;
  table: string;
  /** The bytea column ("bytes", or "content" for import files). */
  bytesColumn: string;
  /** The row's id column: tenant_id (one logo per tenant), document_id, import_id, user_id. */
  idColumn: string;
  /** Tenant tables are read in each tenant's transaction; user_avatars is global. */
  scope: "tenant" | "global";
  /** The key of a row's object, from the row's own tenant and id. */
  keyOf(tenantId: string | null, id: string): string;
  /** The stored content type: a column, or a fixed type. */
  contentType: { column: string } | { fixed: string };
  /** With an object, the row keeps the file's first `keepHeadBytes` in `head` (import files). */
  keepHeadBytes?: number;
  /** Rows left where they are (e.g. files of imports being run right now), as a condition on the row. */
  skipWhere?: string;
  /** The object-key prefix of every object this table may hold for a tenant (for the orphan check). */
  prefixOf?(tenantId: string | null): string;
};

export type Direction = "s3" | "postgres";
export type TableReport = { label: string; moved: number; bytes: number; failed: number; skipped: number; remaining: number };
export type MigrateOptions = {
  direction: Direction;
  store: ObjectStore;
  tables: FileTable[];
  batchSize?: number;
  /** Progress lines (the script prints them). */
  log?: (line: string) => void;
  /** Tests: called after each row is copied and before its row switches (to crash there). */
  afterCopy?: (key: string) => Promise<void> | void;
};

type Runner = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
const id = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);

/** Every tenant id (tenants is a global table the app role may read). */
async function tenantIds(): Promise<string[]> {
  const rows = await runtimeDb().execute<{ id: string }>(sql`select id from tenants order by id`);
  return rows.map((row) => row.id);
}

function scopesOf(table: FileTable, tenants: string[]): { tenantId: string | null; run: Runner }[] {
  if (table.scope === "global") return [{ tenantId: null, run: (fn) => runtimeDb().transaction(fn) }];
  return tenants.map((tenantId) => ({ tenantId, run: (fn) => withTenant({ tenantId, role: "system" }, (tx) => fn(tx)) }));
}

/** The table's skip condition, checked again in each row's switch (a run may have started since the batch was read). */
const skipOf = (table: FileTable): SQL => (table.skipWhere ? sql` and not (${sql.raw(table.skipWhere)})` : sql``);

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Moves every file of `tables` to `direction`; answers one report per table. */
export async function migrateStorage(options: MigrateOptions): Promise<TableReport[]> {
  const log = options.log ?? (() => undefined);
  const batchSize = options.batchSize ?? 50;
  const tenants = await tenantIds();
  const reports: TableReport[] = [];
  for (const table of options.tables) {
    const report: TableReport = { label: table.label, moved: 0, bytes: 0, failed: 0, skipped: 0, remaining: 0 };
    for (const scope of scopesOf(table, tenants)) {
      const failedIds = new Set<string>();
      for (;;) {
        const batch = await pendingBatch(table, scope.run, options.direction, batchSize, [...failedIds]);
        if (batch.length === 0) break;
        for (const row of batch) {
          try {
            const moved = options.direction === "s3" ? await toObjectStore(table, scope, row.id, options) : await toPostgres(table, scope, row.id, row.objectKey!, options);
            if (moved === null) report.skipped++;
            else {
              report.moved++;
              report.bytes += moved;
            }
          } catch (error) {
            failedIds.add(row.id);
            report.failed++;
            log(`  ! ${table.label} ${scope.tenantId ? `tenant ${scope.tenantId} ` : ""}${table.idColumn} ${row.id}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        log(`  ${table.label}: ${report.moved} moved (${formatBytes(report.bytes)}), ${report.failed} failed`);
      }
    }
    report.remaining = await remaining(table, tenants, options.direction);
    reports.push(report);
  }
  return reports;
}

async function pendingBatch(table: FileTable, run: Runner, direction: Direction, limit: number, exclude: string[]) {
  const where = direction === "s3" ? sql`${id(table.bytesColumn)} is not null` : sql`object_key is not null`;
  const skip = skipOf(table);
  const notFailed: SQL = exclude.length ? sql` and not (${id(table.idColumn)} = any(${sql.param(exclude)}::uuid[]))` : sql``;
  return run((tx) =>
    tx.execute<{ id: string; objectKey: string | null }>(sql`
      select ${id(table.idColumn)}::text as id, object_key as "objectKey" from ${id(table.table)}
       where ${where}${skip}${notFailed} order by ${id(table.idColumn)} limit ${limit}`),
  );
}

/** Rows still in the other location (skipped ones included). */
async function remaining(table: FileTable, tenants: string[], direction: Direction): Promise<number> {
  const where = direction === "s3" ? sql`${id(table.bytesColumn)} is not null` : sql`object_key is not null`;
  let count = 0;
  for (const scope of scopesOf(table, tenants)) {
    const [row] = await scope.run((tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from ${id(table.table)} where ${where}`));
    count += Number(row?.n ?? 0);
  }
  return count;
}

/** Copies one row's bytes to the object store, checks the copy, then switches the row. Answers the size, or null if the row changed meanwhile. */
async function toObjectStore(table: FileTable, scope: { tenantId: string | null; run: Runner }, rowId: string, options: MigrateOptions): Promise<number | null> {
  const contentType = "column" in table.contentType ? id(table.contentType.column) : sql`${table.contentType.fixed}::text`;
  const [row] = await scope.run((tx) =>
    tx.execute<{ bytes: Buffer; content_type: string }>(sql`
      select ${id(table.bytesColumn)} as bytes, ${contentType} as content_type from ${id(table.table)}
       where ${id(table.idColumn)} = ${rowId} and ${id(table.bytesColumn)} is not null`),
  );
  if (!row) return null;
  const key = table.keyOf(scope.tenantId, rowId);
  const digest = sha256(row.bytes);
  const put = await options.store.put(key, row.bytes, { contentType: row.content_type, size: row.bytes.length });
  const landed = await options.store.head(key);
  if (put.sha256 !== digest || landed?.size !== row.bytes.length) {
    await options.store.delete(key);
    throw new Error(`the copy of ${key} does not match (size ${landed?.size ?? "none"} of ${row.bytes.length}): left in Postgres`);
  }
  await options.afterCopy?.(key);
  const head: SQL = table.keepHeadBytes ? sql`, head = substring(${id(table.bytesColumn)} from 1 for ${table.keepHeadBytes})` : sql``;
  // One statement: the row switches to the object only if it still holds the bytes that were copied.
  const switched = await scope.run((tx) =>
    tx.execute(sql`
      update ${id(table.table)} set object_key = ${key}, ${id(table.bytesColumn)} = null${head}
       where ${id(table.idColumn)} = ${rowId} and ${id(table.bytesColumn)} is not null and sha256(${id(table.bytesColumn)}) = decode(${digest}, 'hex')${skipOf(table)}
       returning 1`),
  );
  if (switched.length === 0) {
    await options.store.delete(key);
    return null;
  }
  return row.bytes.length;
}

/** Reads one row's object back into the row (checked against the object's size), then deletes the object. */
async function toPostgres(table: FileTable, scope: { tenantId: string | null; run: Runner }, rowId: string, key: string, options: MigrateOptions): Promise<number | null> {
  const info = await options.store.head(key);
  if (!info) throw new Error(`its object ${key} is missing from ${options.store.name}: the row is left as it is`);
  const object = await options.store.get(key);
  const bytes = await collect(object.body);
  if (bytes.length !== info.size) throw new Error(`read ${bytes.length} of ${info.size} bytes of ${key}: left in ${options.store.name}`);
  await options.afterCopy?.(key);
  const head: SQL = table.keepHeadBytes ? sql`, head = null` : sql``;
  const switched = await scope.run((tx) =>
    tx.execute(sql`
      update ${id(table.table)} set ${id(table.bytesColumn)} = ${bytes}, object_key = null${head}
       where ${id(table.idColumn)} = ${rowId} and object_key = ${key}${skipOf(table)}
       returning 1`),
  );
  if (switched.length === 0) return null;
  // The row is committed with its bytes: the object is no longer needed.
  await options.store.delete(key);
  return bytes.length;
}

/**
 * Objects under the tables' prefixes that no row points at (left by a crash between a copy
 * and its row switch, or a delete that failed after its commit). `remove` deletes them.
 */
export async function findOrphans(store: ObjectStore, tables: FileTable[], remove = false): Promise<string[]> {
  const tenants = await tenantIds();
  const orphans: string[] = [];
  const referenced = new Set<string>();
  const prefixes = new Set<string>();
  for (const table of tables) {
    if (!table.prefixOf) continue;
    for (const scope of scopesOf(table, tenants)) {
      const rows = await scope.run((tx) => tx.execute<{ key: string }>(sql`select object_key as key from ${id(table.table)} where object_key is not null`));
      for (const row of rows) referenced.add(row.key);
      if (scope.tenantId || table.scope === "global") prefixes.add(table.prefixOf(scope.tenantId));
    }
  }
  for (const prefix of prefixes) {
    for await (const object of store.list(prefix)) if (!referenced.has(object.key)) orphans.push(object.key);
  }
  if (remove) for (const key of orphans) await store.delete(key);
  return orphans;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
