import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { withTenant, withTenantPipelined, type TenantScope, type TenantTx } from "../../db/tenant";
import { publishEvent } from "../../jobs/publish";
import { Conflict, NotFound, ValidationFailed, pgErrorCode } from "../../platform/errors";
import { parseInput } from "../../platform/validate";
import { recordAudit } from "../audit/service";
import { roleAtLeast } from "../orgs/roles";
import { findMembership } from "../orgs/service";
import type { CrmActor } from "./common";
import { listCustomFields } from "./custom-fields";
import {
  HEAD_BYTES,
  IMPORT_MAX_BYTES,
  IMPORT_TOO_LARGE,
  PREVIEW_ROWS,
  CsvUnreadable,
  checkMapping,
  csvRecords,
  importTargets,
  isBlankRow,
  mappingInput,
  readHead,
  suggestMapping,
  type ByteSource,
  type CsvRecord,
  type ImportEntity,
} from "./import-parse";
import { planBatch, prepareBatch, together, type ImportContext, type PreparedBatch, type RowAction } from "./import-rows";
import { afterCursor, cursorColumn, cursorInput, orderByKey, pageOf, type SortColumn } from "./lists";
import { crmImportErrors, crmImportFiles, crmImports, type ImportStatus } from "./schema";

/*
 * CSV imports of contacts and companies. Upload (route handler) → mapping and preview
 * (procedures) → start: the import is queued with an outbox event in the same
 * transaction, and the job (./jobs.ts) streams the stored file through `runImport` in
 * batches, each its own transaction that also advances the import's counters. An
 * import not started yet is a "draft": status queued with an empty mapping (the table's
 * status enum has no value of its own for it).
 */

export const CRM_IMPORT_EVENT = "crm/import.requested";
export const IMPORT_BATCH_ROWS = 1_000;
const SAMPLE_ROWS = 5;

export type ImportState = "draft" | ImportStatus;
type ImportRow = typeof crmImports.$inferSelect;

const isDraft = (row: ImportRow) => row.status === "queued" && Object.keys(row.mapping).length === 0;
const stateOf = (row: ImportRow): ImportState => (isDraft(row) ? "draft" : row.status);

/** The uploaded rows are the uploader's to see and act on (and admins'): other members get NotFound. */
function assertManages(actor: CrmActor, row: ImportRow): void {
  if (row.createdBy !== actor.userId && !roleAtLeast(actor.role, "admin")) {
    throw new NotFound("This import does not exist, or it was uploaded by someone else.");
  }
}

function summaryOf(row: ImportRow, createdByName: string | null = null) {
  return {
    id: row.id,
    entityType: row.entityType as ImportEntity,
    fileName: row.fileName,
    state: stateOf(row),
    onDuplicate: row.onDuplicate,
    mapping: row.mapping,
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
export type ImportSummary = ReturnType<typeof summaryOf>;

async function lockImport(tx: TenantTx, id: string): Promise<ImportRow> {
  const [row] = await tx.select().from(crmImports).where(eq(crmImports.id, id)).for("update");
  if (!row) throw new NotFound("This import does not exist.");
  return row;
}

/** The first HEAD_BYTES of the stored file, and whether that is all of it. */
async function fileHead(tx: TenantTx, importId: string): Promise<{ bytes: Uint8Array; complete: boolean } | null> {
  const [row] = await tx.execute<{ head: Buffer; size: number }>(sql`
    select substring(content from 1 for ${HEAD_BYTES}) as head, octet_length(content) as size from crm_import_files where import_id = ${importId}`);
  return row ? { bytes: row.head, complete: Number(row.size) <= HEAD_BYTES } : null;
}

async function headOf(tx: TenantTx, importId: string, rowLimit = PREVIEW_ROWS) {
  const head = await fileHead(tx, importId);
  if (!head) throw new Conflict("The uploaded file of this import is gone (the import finished or was cancelled). Upload it again.");
  return readHead(head.bytes, head.complete, rowLimit);
}

async function importContext(tx: TenantTx, entity: ImportEntity, userId: string, onDuplicate: "update" | "skip", mapping: Record<string, string>, headers: string[]) {
  const customFields = await listCustomFields(tx, entity);
  const columns = checkMapping(entity, headers, mapping, customFields);
  const members = await tx.execute<{ id: string; email: string }>(sql`select u.id, lower(u.email) as email from memberships m join users u on u.id = m.user_id`);
  const [org] = await tx.execute<{ currency: string }>(sql`select base_currency as currency from tenants where id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)`);
  const context: ImportContext = { entity, userId, onDuplicate, columns, customFields, members: new Map(members.map((m) => [m.email, m.id])), currency: org?.currency ?? "USD" };
  return context;
}

/** A draft's file: headers, a few rows, the fields and a suggested mapping (for the mapping step). */
async function draftDetails(tx: TenantTx, row: ImportRow) {
  const entity = row.entityType as ImportEntity;
  const fields = await listCustomFields(tx, entity);
  const head = await headOf(tx, row.id, SAMPLE_ROWS);
  return { headers: head.headers, sampleRows: head.rows, targets: importTargets(entity, fields), suggestedMapping: suggestMapping(entity, head.headers, fields) };
}

// ---------------------------------------------------------------------------------------
// Upload, mapping, preview, start, cancel

export const createImportInput = z.object({
  entityType: z.enum(["contact", "company"], "Choose what the file holds: contacts or companies."),
  fileName: z.string().trim().min(1).max(255).catch("import.csv"),
});

/** Stores an uploaded CSV as a draft import; returns what the mapping step needs. */
export async function createImport(tx: TenantTx, actor: CrmActor, rawInput: { entityType: string; fileName?: string }, content: Uint8Array) {
  const input = parseInput(createImportInput, rawInput);
  if (content.byteLength > IMPORT_MAX_BYTES) throw new ValidationFailed({ file: [IMPORT_TOO_LARGE] }, IMPORT_TOO_LARGE);
  const fields = await listCustomFields(tx, input.entityType);
  const head = readHead(content.subarray(0, HEAD_BYTES), content.byteLength <= HEAD_BYTES, SAMPLE_ROWS);
  const [row] = await tx
    .insert(crmImports)
    .values({ entityType: input.entityType, fileName: input.fileName, mapping: {}, totalBytes: content.byteLength, createdBy: actor.userId })
    .returning();
  await tx.insert(crmImportFiles).values({ importId: row!.id, content: Buffer.from(content.buffer, content.byteOffset, content.byteLength) });
  return {
    ...summaryOf(row!),
    headers: head.headers,
    sampleRows: head.rows,
    targets: importTargets(input.entityType, fields),
    suggestedMapping: suggestMapping(input.entityType, head.headers, fields),
  };
}

/** One import with its progress; a draft also carries its headers, sample rows and suggested mapping (for its uploader and admins). */
export async function getImport(tx: TenantTx, actor: CrmActor, id: string) {
  const [found] = await tx.execute<{ name: string | null }>(sql`select u.name from crm_imports i left join users u on u.id = i.created_by where i.id = ${id}`);
  const [row] = await tx.select().from(crmImports).where(eq(crmImports.id, id));
  if (!row || !found) throw new NotFound("This import does not exist.");
  const summary = summaryOf(row, found.name);
  const mayManage = row.createdBy === actor.userId || roleAtLeast(actor.role, "admin");
  return { ...summary, draft: isDraft(row) && mayManage ? await draftDetails(tx, row) : null };
}

export const importListInput = z.object({
  entityType: z.enum(["contact", "company"]).optional(),
  cursor: cursorInput,
  limit: z.number().int().min(1).max(100).default(20),
});

const IMPORT_SORT: SortColumn[] = [{ expr: sql`i.created_at`, cast: "timestamptz" }];

/** Imports of the tenant, newest first (keyset). */
export async function listImports(tx: TenantTx, rawInput: z.input<typeof importListInput>) {
  const input = parseInput(importListInput, rawInput);
  const id = sql`i.id`;
  const conditions = [sql`true`];
  if (input.entityType) conditions.push(sql`i.entity_type = ${input.entityType}`);
  const after = afterCursor(IMPORT_SORT, id, "desc", input.cursor);
  if (after) conditions.push(after);
  const rows = await tx.execute<{ id: string; creator: string | null; cursor: string }>(sql`
    select i.id, u.name as creator, ${cursorColumn(IMPORT_SORT, id)} as cursor
      from crm_imports i left join users u on u.id = i.created_by
     where ${sql.join(conditions, sql` and `)}
     order by ${orderByKey(IMPORT_SORT, id, "desc")} limit ${input.limit + 1}`);
  const page = pageOf(rows, input.limit);
  const ids = page.items.map((r) => r.id);
  const full = ids.length ? await tx.select().from(crmImports).where(sql`${crmImports.id} = any(${sql.param(ids)}::uuid[])`) : [];
  const byId = new Map(full.map((r) => [r.id, r]));
  return { nextCursor: page.nextCursor, items: page.items.map((r) => summaryOf(byId.get(r.id)!, r.creator)) };
}

export const importErrorsInput = z.object({
  id: z.uuid(),
  /** The last row number of the previous page. */
  afterRow: z.number().int().min(0).nullish(),
  limit: z.number().int().min(1).max(500).default(100),
});

/** The rows an import refused, by row number (keyset on it). */
export async function listImportErrors(tx: TenantTx, rawInput: z.input<typeof importErrorsInput>) {
  const input = parseInput(importErrorsInput, rawInput);
  const [exists] = await tx.select({ id: crmImports.id }).from(crmImports).where(eq(crmImports.id, input.id));
  if (!exists) throw new NotFound("This import does not exist.");
  const rows = await tx
    .select({ rowNumber: crmImportErrors.rowNumber, reason: crmImportErrors.reason })
    .from(crmImportErrors)
    .where(sql`${crmImportErrors.importId} = ${input.id} and ${crmImportErrors.rowNumber} > ${input.afterRow ?? 0}`)
    .orderBy(crmImportErrors.rowNumber)
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  return { items, nextAfterRow: rows.length > input.limit ? items[items.length - 1]!.rowNumber : null };
}

export const importMappingInput = z.object({
  id: z.uuid(),
  mapping: mappingInput,
  onDuplicate: z.enum(["update", "skip"]).default("skip"),
});

const onlyMapped = (mapping: Record<string, string>) => Object.fromEntries(Object.entries(mapping).filter(([, key]) => key !== ""));

/**
 * The first PREVIEW_ROWS rows validated with a mapping, as the import would treat them
 * (create, update or skip a duplicate, or the error), without writing anything.
 */
export async function previewImport(tx: TenantTx, actor: CrmActor, rawInput: z.input<typeof importMappingInput>) {
  const input = parseInput(importMappingInput, rawInput);
  const [row] = await tx.select().from(crmImports).where(eq(crmImports.id, input.id));
  if (!row) throw new NotFound("This import does not exist.");
  assertManages(actor, row);
  if (!isDraft(row)) throw new Conflict("This import has already been started; its preview is no longer available.");
  const head = await headOf(tx, row.id);
  const mapping = onlyMapped(input.mapping);
  const ctx = await importContext(tx, row.entityType as ImportEntity, actor.userId, input.onDuplicate, mapping, head.headers);
  const records: CsvRecord[] = head.rows.map((cells, i) => ({ rowNumber: i + 2, cells }));
  const plan = await planBatch(tx, ctx, records);
  const byRow = new Map(plan.outcomes.map((o) => [o.rowNumber, o]));
  const mappedHeaders = Object.keys(mapping);
  return {
    headers: mappedHeaders,
    rows: records.map((record) => ({
      rowNumber: record.rowNumber,
      action: byRow.get(record.rowNumber)?.action ?? ("error" as RowAction),
      reason: byRow.get(record.rowNumber)?.reason ?? null,
      cells: Object.fromEntries(mappedHeaders.map((header) => [header, record.cells[head.headers.indexOf(header)] ?? ""])),
    })),
  };
}

/** Starts a draft: stores the mapping, audits, and queues the job in the same transaction. */
export async function startImport(tx: TenantTx, actor: CrmActor, rawInput: z.input<typeof importMappingInput>) {
  const input = parseInput(importMappingInput, rawInput);
  const row = await lockImport(tx, input.id);
  assertManages(actor, row);
  if (!isDraft(row)) throw new Conflict(row.status === "failed" ? "This import was cancelled or failed; upload the file again." : "This import has already been started.");
  const head = await headOf(tx, row.id, 0);
  const mapping = onlyMapped(input.mapping);
  checkMapping(row.entityType as ImportEntity, head.headers, mapping, await listCustomFields(tx, row.entityType));
  const [started] = await tx
    .update(crmImports)
    .set({ mapping, onDuplicate: input.onDuplicate, updatedAt: new Date() })
    .where(eq(crmImports.id, row.id))
    .returning();
  await recordAudit(tx, {
    action: "crm.import.started",
    entityType: "crm.import",
    entityId: row.id,
    after: { entityType: row.entityType, fileName: row.fileName, totalBytes: row.totalBytes, onDuplicate: input.onDuplicate, mapping },
  });
  // The job acts for whoever started the import (their role decides what it may see and update).
  await publishEvent(tx, { name: CRM_IMPORT_EVENT, data: { importId: row.id, userId: actor.userId }, idempotencyKey: row.id });
  return summaryOf(started!);
}

/** Stops an import (a draft, queued or running): rows already imported stay. */
export async function cancelImport(tx: TenantTx, actor: CrmActor, id: string) {
  const row = await lockImport(tx, id);
  assertManages(actor, row);
  if (row.status === "done" || row.status === "failed") throw new Conflict("This import has already finished.");
  const [name] = await tx.execute<{ name: string }>(sql`select name from users where id = ${actor.userId}`);
  const [after] = await tx
    .update(crmImports)
    .set({ status: "failed", failure: `Cancelled by ${name?.name ?? "a member"}. Rows imported before that stay.`, finishedAt: new Date(), updatedAt: new Date() })
    .where(eq(crmImports.id, id))
    .returning();
  await tx.delete(crmImportFiles).where(eq(crmImportFiles.importId, id));
  await recordAudit(tx, { action: "crm.import.cancelled", entityType: "crm.import", entityId: id, after: countsOf(after!) });
  return summaryOf(after!);
}

const countsOf = (row: ImportRow) => ({
  status: row.status,
  processedRows: row.processedRows,
  created: row.createdCount,
  updated: row.updatedCount,
  skipped: row.skippedCount,
  errors: row.errorCount,
  failure: row.failure,
});

// ---------------------------------------------------------------------------------------
// The job's work

/** The import was cancelled, finished, or another run of the job moved it on: this run stops. */
class ImportStopped extends Error {}

export type RunOptions = {
  batchRows?: number;
  /** Called after each committed batch (tests use it to crash mid-file). */
  afterBatch?: (committedRows: number) => Promise<void> | void;
  /** Bytes of the file read per query (tests use tiny ones to cut rows and characters). */
  chunkBytes?: number;
};

export type RunResult = { state: ImportState | "stopped"; processedRows: number };

/** Ends an import as failed with `message` (unless it already ended): the job's last word when it gives up. */
export async function failImport(scope: TenantScope, importId: string, message: string): Promise<void> {
  await withTenant(scope, async (tx) => {
    const [row] = await tx.select().from(crmImports).where(eq(crmImports.id, importId)).for("update");
    if (!row || row.status === "done" || row.status === "failed") return;
    const [after] = await tx
      .update(crmImports)
      .set({ status: "failed", failure: message.slice(0, 2_000), finishedAt: new Date(), updatedAt: new Date() })
      .where(eq(crmImports.id, importId))
      .returning();
    await tx.delete(crmImportFiles).where(eq(crmImportFiles.importId, importId));
    await recordAudit(tx, { action: "crm.import.finished", entityType: "crm.import", entityId: importId, after: countsOf(after!) });
  });
}

/** A unique email taken by someone else between a batch's lookup and its insert: the batch is planned again. */
async function retryOnRace<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (pgErrorCode(error) !== "23505" || attempt >= 3) throw error;
    }
  }
}

/**
 * Imports the file of a started import, for `userId` with their current role (record
 * visibility, owner default, audit actor). Resumable: each batch commits its rows
 * together with `processed_rows`, and a later run skips that many rows, so a retry after
 * a crash neither loses nor duplicates rows.
 */
export async function runImport(job: { tenantId: string; importId: string; userId: string }, options: RunOptions = {}): Promise<RunResult> {
  const { tenantId, importId, userId } = job;
  const batchRows = options.batchRows ?? IMPORT_BATCH_ROWS;
  const membership = await withTenant({ tenantId, userId }, (tx) => findMembership(tx, tenantId, userId));
  if (!membership || membership.suspendedAt || !roleAtLeast(membership.role, "member")) {
    await failImport({ tenantId, userId }, importId, "The member who started this import can no longer import (not a member, or now a viewer). Ask a member to upload the file again.");
    return { state: "failed", processedRows: 0 };
  }
  const scope: TenantScope = { tenantId, userId, role: membership.role };

  const start = await withTenant(scope, async (tx) => {
    const row = await lockImport(tx, importId);
    if (row.status === "done" || row.status === "failed" || isDraft(row)) return { row, head: null, ctx: null };
    if (row.status === "queued") await tx.update(crmImports).set({ status: "running", updatedAt: new Date() }).where(eq(crmImports.id, importId));
    const head = await headOf(tx, importId, 0);
    const ctx = await importContext(tx, row.entityType as ImportEntity, userId, row.onDuplicate, row.mapping, head.headers).catch((error: unknown) => {
      if (error instanceof ValidationFailed) return new Error(`The column mapping no longer fits the fields: ${Object.values(error.fields).flat().join(" ")}`);
      throw error;
    });
    return { row, head, ctx };
  });
  if (!start.head || !start.ctx) return { state: stateOf(start.row), processedRows: start.row.processedRows };
  if (start.ctx instanceof Error) {
    await failImport(scope, importId, start.ctx.message);
    return { state: "failed", processedRows: start.row.processedRows };
  }
  const ctx = start.ctx;

  const source: ByteSource = {
    totalBytes: start.row.totalBytes,
    bytesRead: 0,
    chunkBytes: options.chunkBytes,
    read: (offset, length) =>
      withTenant(scope, async (tx) => {
        const [chunk] = await tx.execute<{ bytes: Buffer }>(sql`select substring(content from ${offset + 1} for ${length}) as bytes from crm_import_files where import_id = ${importId}`);
        if (!chunk) throw new ImportStopped("the file is gone");
        return chunk.bytes;
      }),
  };

  let committed = start.row.processedRows;
  /** Commits one prepared batch: its rows, errors and counters in one transaction, if the import is still this run's. */
  const commit = async (prepared: PreparedBatch, consumed: number) => {
    await retryOnRace(() =>
      withTenantPipelined(
        scope,
        // A batch lost to a server crash right after its commit is safe to lose: its rows and
        // processed_rows go together, so the retry redoes exactly that batch. Not waiting for
        // the WAL flush of each of the many batches is worth it.
        (tx) => tx.execute<{ status: ImportStatus; processed_rows: number }>(sql`
          select status, processed_rows, set_config('synchronous_commit', 'off', true) from crm_imports where id = ${importId} for update`),
        async (tx, [current]) => {
          if (!current || current.status !== "running" || current.processed_rows !== committed) throw new ImportStopped();
          const plan = await prepared.plan(tx);
          const counts = await plan.write(tx);
          const errors = plan.outcomes.filter((o) => o.action === "error").map((o) => ({ row_number: o.rowNumber, reason: o.reason ?? "Not imported." }));
          await together(tx, [
            ...(errors.length
              ? [sql`insert into crm_import_errors (import_id, row_number, reason)
                     select ${importId}::uuid, row_number, reason from jsonb_to_recordset(${JSON.stringify(errors)}::jsonb) as e(row_number int, reason text)
                     on conflict do nothing`]
              : []),
            sql`update crm_imports
                   set processed_rows = processed_rows + ${consumed},
                       processed_bytes = greatest(processed_bytes, ${Math.min(source.bytesRead, source.totalBytes)}),
                       created_count = created_count + ${counts.created}, updated_count = updated_count + ${counts.updated},
                       skipped_count = skipped_count + ${counts.skipped}, error_count = error_count + ${counts.errors}, updated_at = now()
                 where id = ${importId}`,
          ]);
        },
      ),
    );
    committed += consumed;
    await options.afterBatch?.(committed);
  };

  // Batch n+1 is read from the file and validated while batch n is being written (one
  // transaction at a time, in order: the CPU work overlaps the database's).
  let writing: Promise<void> = Promise.resolve();
  let pending: CsvRecord[] = [];
  let pendingRows = 0;
  const flush = async () => {
    const prepared = prepareBatch(ctx, pending);
    const consumed = pendingRows;
    pending = [];
    pendingRows = 0;
    await writing;
    writing = commit(prepared, consumed);
    writing.catch(() => undefined); // awaited by the next flush or at the end
  };

  try {
    let seen = 0;
    for await (const record of csvRecords(source, start.head.delimiter)) {
      // Rows an earlier run committed.
      if (++seen <= start.row.processedRows) continue;
      pendingRows++;
      if (!isBlankRow(record.cells)) pending.push(record);
      if (pendingRows >= batchRows) await flush();
    }
    if (pendingRows > 0) await flush();
    await writing;
    await withTenant(scope, async (tx) => {
      const current = await lockImport(tx, importId);
      if (current.status !== "running" || current.processedRows !== committed) throw new ImportStopped();
      const [after] = await tx
        .update(crmImports)
        .set({ status: "done", processedBytes: current.totalBytes, finishedAt: new Date(), updatedAt: new Date() })
        .where(eq(crmImports.id, importId))
        .returning();
      await tx.delete(crmImportFiles).where(eq(crmImportFiles.importId, importId));
      await recordAudit(tx, { action: "crm.import.finished", entityType: "crm.import", entityId: importId, after: countsOf(after!) });
    });
    return { state: "done", processedRows: committed };
  } catch (error) {
    // A read error may come while a batch is still being written: let it settle first.
    await writing.catch(() => undefined);
    if (error instanceof ImportStopped) return { state: "stopped", processedRows: committed };
    if (error instanceof CsvUnreadable) {
      await failImport(scope, importId, `The file could not be read after row ${committed + 1}: ${error.message} The rows up to there were imported.`);
      return { state: "failed", processedRows: committed };
    }
    throw error;
  }
}
