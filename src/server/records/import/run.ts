import { eq, sql } from "drizzle-orm";
import { withTenant, withTenantPipelined, type TenantScope, type TenantTx } from "../../db/tenant";
import type { EventDefinition } from "../../jobs/events";
import { publishEvent } from "../../jobs/publish";
import { recordAudit } from "../../modules/audit/service";
import { PermanentJobError, type MemberRoleName, type TenantJobContext } from "../../jobs/define";
import { ValidationFailed, pgErrorCode } from "../../platform/errors";
import type { ImportStatus, ImportTables } from "../tables";
import { prepareBatch, type ImportAdapter, type ImportBase, type PreparedBatch } from "./batch";
import { together } from "./cells";
import { CsvUnreadable, csvRecords, isBlankRow, type ByteSource, type CsvRecord } from "./parse";
import { readStoredMapping } from "./values";
import type { ImportFinished } from "./engine";
import { countsOf, dropImportFile, headOf, importContext, isDraft, lockImport, stateOf, type ImportRow, type ImportState } from "./store";
import { StoredObjectMissing, readFileRange } from "../../storage";

/*
 * The background run of a started import: the job streams the stored file in batches,
 * each its own transaction that also advances the import's counters, so a retry after a
 * crash resumes after the last committed batch, neither losing nor duplicating rows.
 */

export const IMPORT_BATCH_ROWS = 1_000;

export type RunOptions = {
  batchRows?: number;
  /** Called after each committed batch (tests use it to crash mid-file). */
  afterBatch?: (committedRows: number) => Promise<void> | void;
  /** Bytes of the file read per query (tests use tiny ones to cut rows and characters). */
  chunkBytes?: number;
};

export type RunResult = { state: ImportState | "stopped"; processedRows: number };

/** The import was cancelled, finished, or another run of the job moved it on: this run stops. */
class ImportStopped extends Error {}

type RunConfig = {
  tables: ImportTables;
  adapterFor(entityType: string): ImportAdapter;
  audit: string;
  /** The role the member who started an import must still have when it runs. */
  importRole: MemberRoleName;
  finishedEvent?: EventDefinition<ImportFinished>;
};

/** What the job hands the run: its import, and the member who started it with the job's `asMember`. */
export type ImportJob = { tenantId: string; importId: string; userId: string; asMember: TenantJobContext<never>["asMember"] };

/** A unique key taken by someone else between a batch's lookup and its insert: the batch is planned again. */
async function retryOnRace<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (pgErrorCode(error) !== "23505" || attempt >= 3) throw error;
    }
  }
}

export function importRunner({ tables, adapterFor, audit, importRole, finishedEvent }: RunConfig) {
  /** Tells subscribers (notifications) that the import ended, in the transaction that ends it; once per import. */
  async function publishFinished(tx: TenantTx, row: ImportRow): Promise<void> {
    if (!finishedEvent || !row.createdBy || (row.status !== "done" && row.status !== "failed")) return;
    const data: ImportFinished = {
      importId: row.id,
      userId: row.createdBy,
      entityType: row.entityType,
      fileName: row.fileName,
      status: row.status,
      created: row.createdCount,
      updated: row.updatedCount,
      failed: row.errorCount,
      skipped: row.skippedCount,
    };
    await publishEvent(tx, { event: finishedEvent, data, idempotencyKey: row.id });
  }

  /** Ends an import as failed with `message` (unless it already ended): the job's last word when it gives up. */
  async function failImport(scope: TenantScope, importId: string, message: string): Promise<void> {
    await withTenant(scope, async (tx) => {
      const [row] = await tx.select().from(tables.imports).where(eq(tables.imports.id, importId)).for("update");
      if (!row || row.status === "done" || row.status === "failed") return;
      const [after] = await tx
        .update(tables.imports)
        .set({ status: "failed", failure: message.slice(0, 2_000), finishedAt: new Date(), updatedAt: new Date() })
        .where(eq(tables.imports.id, importId))
        .returning();
      await dropImportFile(tx, tables, importId);
      await recordAudit(tx, { action: `${audit}.finished`, entityType: audit, entityId: importId, after: countsOf(after!) });
      await publishFinished(tx, after!);
    });
  }

  /**
   * Imports the file of a started import, for `userId` with their current role (record
   * visibility, owner default, audit actor). Resumable: each batch commits its rows
   * together with `processed_rows`, and a later run skips that many rows.
   */
  async function runImport(job: ImportJob, options: RunOptions = {}): Promise<RunResult> {
    const { tenantId, importId, userId } = job;
    const batchRows = options.batchRows ?? IMPORT_BATCH_ROWS;
    let role: MemberRoleName;
    try {
      role = await job.asMember(userId, importRole, async (_tx, actor) => actor.role);
    } catch (error) {
      if (!(error instanceof PermanentJobError)) throw error;
      await failImport({ tenantId, userId }, importId, "The member who started this import can no longer import (not a member, or now a viewer). Ask a member to upload the file again.");
      return { state: "failed", processedRows: 0 };
    }
    const scope: TenantScope = { tenantId, userId, role };

    const start = await withTenant(scope, async (tx) => {
      const row = await lockImport(tx, tables, importId);
      if (row.status === "done" || row.status === "failed" || isDraft(row)) return { row, head: null, ctx: null, adapter: null, objectKey: null };
      if (row.status === "queued") await tx.update(tables.imports).set({ status: "running", updatedAt: new Date() }).where(eq(tables.imports.id, importId));
      const head = await headOf(tx, tables, importId, 0);
      const [file] = await tx.select({ objectKey: tables.files.objectKey }).from(tables.files).where(eq(tables.files.importId, importId));
      const adapter = adapterFor(row.entityType);
      const { mapping, options } = readStoredMapping(row.mapping);
      const ctx = await importContext(tx, adapter, { userId, onDuplicate: row.onDuplicate, mapping, options, headers: head.headers }).catch((error: unknown) => {
        if (error instanceof ValidationFailed) return new Error(`The column mapping no longer fits the fields: ${Object.values(error.fields).flat().join(" ")}`);
        throw error;
      });
      return { row, head, ctx, adapter, objectKey: file?.objectKey ?? null };
    });
    if (!start.head || !start.ctx || !start.adapter) return { state: stateOf(start.row), processedRows: start.row.processedRows };
    if (start.ctx instanceof Error) {
      await failImport(scope, importId, start.ctx.message);
      return { state: "failed", processedRows: start.row.processedRows };
    }
    const ctx: ImportBase = start.ctx;
    const adapter = start.adapter;
    const objectKey = start.objectKey;

    const source: ByteSource = {
      totalBytes: start.row.totalBytes,
      bytesRead: 0,
      chunkBytes: options.chunkBytes,
      // An object-stored file is read in ranges outside any transaction (the start above read its
      // key from the import's row, in the tenant); one removed by a cancel stops the run.
      read: (offset, length) =>
        objectKey
          ? readFileRange(objectKey, offset, length).catch((error: unknown) => {
              throw error instanceof StoredObjectMissing ? new ImportStopped("the file is gone") : error;
            })
          : withTenant(scope, async (tx) => {
              const [chunk] = await tx.execute<{ bytes: Buffer }>(sql`select substring(content from ${offset + 1} for ${length}) as bytes from ${tables.files} where import_id = ${importId}`);
              if (!chunk?.bytes) throw new ImportStopped("the file is gone");
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
            select status, processed_rows, set_config('synchronous_commit', 'off', true) from ${tables.imports} where id = ${importId} for update`),
          async (tx, [current]) => {
            if (!current || current.status !== "running" || current.processed_rows !== committed) throw new ImportStopped();
            const plan = await prepared.plan(tx);
            const counts = await plan.write(tx);
            const errors = plan.outcomes.filter((o) => o.action === "error").map((o) => ({ row_number: o.rowNumber, reason: o.reason ?? "Not imported." }));
            await together(tx, [
              ...(errors.length
                ? [sql`insert into ${tables.errors} (import_id, row_number, reason)
                       select ${importId}::uuid, row_number, reason from jsonb_to_recordset(${JSON.stringify(errors)}::jsonb) as e(row_number int, reason text)
                       on conflict do nothing`]
                : []),
              sql`update ${tables.imports}
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
      const prepared = prepareBatch(adapter, ctx, pending);
      const consumed = pendingRows;
      pending = [];
      pendingRows = 0;
      await writing;
      writing = commit(prepared, consumed);
      writing.catch(() => undefined); // awaited by the next flush or at the end
    };

    try {
      let seen = 0;
      for await (const record of csvRecords(source, start.head.delimiter, start.head.encoding)) {
        // Rows an earlier run committed.
        if (++seen <= start.row.processedRows) continue;
        pendingRows++;
        if (!isBlankRow(record.cells)) pending.push(record);
        if (pendingRows >= batchRows) await flush();
      }
      if (pendingRows > 0) await flush();
      await writing;
      await withTenant(scope, async (tx) => {
        const current = await lockImport(tx, tables, importId);
        if (current.status !== "running" || current.processedRows !== committed) throw new ImportStopped();
        const [after] = await tx
          .update(tables.imports)
          .set({ status: "done", processedBytes: current.totalBytes, finishedAt: new Date(), updatedAt: new Date() })
          .where(eq(tables.imports.id, importId))
          .returning();
        await dropImportFile(tx, tables, importId);
        await recordAudit(tx, { action: `${audit}.finished`, entityType: audit, entityId: importId, after: countsOf(after!) });
        await publishFinished(tx, after!);
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

  return { runImport, failImport };
}
