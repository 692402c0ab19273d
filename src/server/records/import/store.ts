import { eq, getTableName, sql } from "drizzle-orm";
import { deleteAfterCommit } from "../../storage";
import type { TenantTx } from "../../db/tenant";
import { Conflict, NotFound } from "../../platform/errors";
import type { ImportStatus, ImportTables } from "../tables";
import type { ImportAdapter, ImportBase } from "./batch";
import { HEAD_BYTES, PREVIEW_ROWS, checkMapping, readHead } from "./parse";
import { cellRewriter, readStoredMapping, type ImportOptions } from "./values";

/*
 * An import's row and stored file, shared by the engine's steps (./engine.ts) and its
 * background run (./run.ts). An import not started yet is a "draft": status queued with
 * an empty mapping (the status enum has no value of its own for it).
 */

export type ImportState = "draft" | ImportStatus;
export type ImportRow = ImportTables["imports"]["$inferSelect"];

export const isDraft = (row: ImportRow) => row.status === "queued" && Object.keys(row.mapping).length === 0;
export const stateOf = (row: ImportRow): ImportState => (isDraft(row) ? "draft" : row.status);

export function summaryOf<E extends string>(row: ImportRow, createdByName: string | null = null) {
  return {
    id: row.id,
    entityType: row.entityType as E,
    fileName: row.fileName,
    state: stateOf(row),
    onDuplicate: row.onDuplicate,
    mapping: readStoredMapping(row.mapping).mapping,
    totalBytes: row.totalBytes,
    processedBytes: row.processedBytes,
    processedRows: row.processedRows,
    createdCount: row.createdCount,
    updatedCount: row.updatedCount,
    skippedCount: row.skippedCount,
    errorCount: row.errorCount,
    failure: row.failure,
    createdBy: row.createdBy ? { id: row.createdBy, name: createdByName } : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    finishedAt: row.finishedAt,
  };
}
export type ImportSummary<E extends string = string> = ReturnType<typeof summaryOf<E>>;

export const countsOf = (row: ImportRow) => ({
  status: row.status,
  processedRows: row.processedRows,
  created: row.createdCount,
  updated: row.updatedCount,
  skipped: row.skippedCount,
  errors: row.errorCount,
  failure: row.failure,
});

export async function lockImport(tx: TenantTx, tables: ImportTables, id: string): Promise<ImportRow> {
  const [row] = await tx.select().from(tables.imports).where(eq(tables.imports.id, id)).for("update");
  if (!row) throw new NotFound("This import does not exist.");
  return row;
}

/**
 * The first HEAD_BYTES of the stored file, and whether that is all of it. An object-stored
 * file keeps its head in the row (`head`), so this never calls the object store.
 */
async function fileHead(tx: TenantTx, tables: ImportTables, importId: string): Promise<{ bytes: Uint8Array; complete: boolean } | null> {
  const [row] = await tx.execute<{ head: Buffer; size: number }>(sql`
    select substring(coalesce(f.content, f.head) from 1 for ${HEAD_BYTES}) as head, coalesce(octet_length(f.content), i.total_bytes) as size
      from ${tables.files} f join ${tables.imports} i on i.id = f.import_id
     where f.import_id = ${importId}`);
  return row ? { bytes: row.head, complete: Number(row.size) <= HEAD_BYTES } : null;
}

/** The module's name in the import's object keys (`tenant/{id}/imports/{module}/…`): the tables' prefix. */
export const importModuleOf = (tables: ImportTables) => getTableName(tables.files).replace(/_import_files$/, "");

/** Drops an import's stored file: the row now, its object (if any) once the transaction commits. */
export async function dropImportFile(tx: TenantTx, tables: ImportTables, importId: string): Promise<void> {
  const removed = await tx.delete(tables.files).where(eq(tables.files.importId, importId)).returning({ objectKey: tables.files.objectKey });
  deleteAfterCommit(tx, removed.map((row) => row.objectKey));
}

/** Headers, the first `rowLimit` rows, the delimiter and the encoding of the stored file. */
export async function headOf(tx: TenantTx, tables: ImportTables, importId: string, rowLimit = PREVIEW_ROWS) {
  const head = await fileHead(tx, tables, importId);
  if (!head) throw new Conflict("The uploaded file of this import is gone (the import finished or was cancelled). Upload it again.");
  return readHead(head.bytes, head.complete, rowLimit);
}

/** The adapter's context for a mapping: ValidationFailed on "mapping" when it does not fit the file or the fields. */
export async function importContext<C extends ImportBase>(
  tx: TenantTx,
  adapter: ImportAdapter<C>,
  base: { userId: string; onDuplicate: "update" | "skip"; mapping: Record<string, string>; headers: string[]; options?: ImportOptions },
): Promise<C> {
  const fields = await adapter.fields(tx);
  const columns = checkMapping(adapter, base.headers, base.mapping, fields);
  return adapter.context(tx, { userId: base.userId, onDuplicate: base.onDuplicate, columns, rewrite: cellRewriter(fields, columns, base.options ?? {}) });
}
