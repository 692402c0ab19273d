import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../db/tenant";
import { publishEvent } from "../../jobs/publish";
import { recordAudit } from "../../modules/audit/service";
import { roleAtLeast } from "../../modules/orgs/roles";
import { Conflict, NotFound, ValidationFailed } from "../../platform/errors";
import { parseInput, plainText } from "../../platform/validate";
import type { RecordActor } from "../actor";
import { cursorInput, keysetPage, pageOf, type SortColumn } from "../lists";
import type { ImportTables } from "../tables";
import { planBatch, type ImportAdapter, type RowAction } from "./batch";
import { HEAD_BYTES, IMPORT_MAX_BYTES, IMPORT_TOO_LARGE, PREVIEW_ROWS, checkMapping, mappingInput, readHead, suggestMapping, targetOf, type CsvEncoding, type CsvRecord } from "./parse";
import { DATE_ORDERS, checkOptions, choiceColumnValues, dateColumns, storedMapping, valueMappingInput, type ImportOptions } from "./values";
import { guessFields } from "./infer";
import { importRunner } from "./run";
import { countsOf, dropImportFile, headOf, importContext, importModuleOf, isDraft, lockImport, summaryOf, type ImportRow } from "./store";
import { storageKeys, storeThenCommit, type FileLocation } from "../../storage";
import type { MemberRoleName } from "../../jobs/define";
import type { EventDefinition } from "../../jobs/events";

/** The payload of a module's "import requested" event. */
export type ImportRequested = { importId: string; userId: string };
/** The payload of a module's "import finished" event: for the member who started it, with its counts. */
export type ImportFinished = {
  importId: string;
  userId: string;
  entityType: string;
  fileName: string;
  status: "done" | "failed";
  created: number;
  updated: number;
  failed: number;
  skipped: number;
};

/*
 * CSV imports, for any entity with an ImportAdapter. Upload (a route handler stores the
 * file as a draft) → mapping and preview → start: the import is queued with an outbox
 * event in the same transaction, and the module's job streams the stored file through
 * `runImport` (./run.ts) in batches. A module gets its service from `defineImports`
 * with its tables (`importTables`), its adapters by entity type and its event.
 */

const SAMPLE_ROWS = 5;
/** Rows of the file's head read for the distinct values of choice columns and the date order (about 1 MB of a file). */
const VALUE_ROWS = 100_000;
const IMPORT_SORT: SortColumn[] = [{ expr: sql`i.created_at`, cast: "timestamptz" }];

export type ImportEngineConfig<E extends string> = {
  tables: ImportTables;
  /** Entity type → its adapter. */
  adapters: Record<E, ImportAdapter>;
  /** Said when the upload names no known entity type ("Choose what the file holds: contacts or companies."). */
  entityTypeMessage: string;
  /** The outbox event `startImport` publishes ({ importId, userId }); the module's job runs `runImport` on it. */
  event: EventDefinition<ImportRequested>;
  /** Published when an import ends by itself (done, or failed after its retries; not a cancel), for notifications. */
  finishedEvent?: EventDefinition<ImportFinished>;
  /** Audit action prefix and entity type, e.g. "crm.import" (→ "crm.import.started"). */
  audit: string;
  /** The module's capabilities: who may import, and who may see and manage everyone's imports. */
  roles: { import: MemberRoleName; manageAll: MemberRoleName };
};

/** The uploaded rows are the uploader's to see and act on (and admins'): other members get NotFound. */
function assertManages(actor: RecordActor, row: ImportRow, manageAll: MemberRoleName): void {
  if (row.createdBy !== actor.userId && !roleAtLeast(actor.role, manageAll)) {
    throw new NotFound("This import does not exist, or it was uploaded by someone else.");
  }
}

const onlyMapped = (mapping: Record<string, string>) => Object.fromEntries(Object.entries(mapping).filter(([, key]) => key !== ""));

/**
 * Whether the decoded text would hold U+0000: any zero byte in single-byte and UTF-8 text,
 * a zero code unit (two aligned zero bytes) in UTF-16, where zero bytes are otherwise normal.
 */
export function hasNulCharacter(content: Uint8Array, encoding: CsvEncoding): boolean {
  if (encoding !== "utf-16le" && encoding !== "utf-16be") return content.includes(0);
  for (let i = 0; i + 1 < content.length; i += 2) if (content[i] === 0 && content[i + 1] === 0) return true;
  return false;
}

export function defineImports<E extends string>(config: ImportEngineConfig<E>) {
  const { tables, adapters, audit } = config;
  const entityTypes = Object.keys(adapters) as [E, ...E[]];
  const adapterFor = (entityType: string): ImportAdapter => adapters[entityType as E];
  const summary = (row: ImportRow, createdByName: string | null = null) => summaryOf<E>(row, createdByName);

  /**
   * The fields, their targets and a suggested mapping for a file's headers (for the mapping
   * step), with the type and options a new field for each column would get (`head` holds up
   * to VALUE_ROWS rows for those guesses; the first SAMPLE_ROWS are shown).
   */
  async function mappingStep(tx: TenantTx, entityType: string, head: { headers: string[]; rows: string[][] }) {
    const adapter = adapterFor(entityType);
    const fields = await adapter.fields(tx);
    const suggested = suggestMapping(fields, head.headers);
    return {
      headers: head.headers,
      sampleRows: head.rows.slice(0, SAMPLE_ROWS),
      targets: fields.map(targetOf),
      suggestedMapping: adapter.refineSuggestion?.(suggested) ?? suggested,
      newFieldGuesses: guessFields(head.headers, head.rows),
    };
  }

  const NOT_TEXT = "The file contains NUL bytes, so it is not a text CSV. Save it again as CSV (UTF-8) and upload that.";

  const createImportInput = z.object({
    entityType: z.enum(entityTypes, config.entityTypeMessage),
    // A display name only: any directories a client put in it are dropped, anything odd becomes import.csv.
    fileName: plainText()
      .transform((name) => name.split(/[\\/]/).pop()!.trim())
      .pipe(z.string().min(1).max(255))
      .catch("import.csv"),
  });

  /** The checks an upload passes before anything is stored. */
  function checkUpload(rawInput: { entityType: string; fileName?: string }, content: Uint8Array) {
    const input = parseInput(createImportInput, rawInput);
    if (content.byteLength > IMPORT_MAX_BYTES) throw new ValidationFailed({ file: [IMPORT_TOO_LARGE] }, IMPORT_TOO_LARGE);
    const head = readHead(content.subarray(0, HEAD_BYTES), content.byteLength <= HEAD_BYTES, VALUE_ROWS);
    // A NUL character is never part of a text CSV, and Postgres cannot store one in text.
    if (hasNulCharacter(content, head.encoding)) throw new ValidationFailed({ file: [NOT_TEXT] }, NOT_TEXT);
    return { input, head };
  }

  /** Stores an uploaded CSV as a draft import, kept in the row; returns what the mapping step needs. */
  async function createImport(tx: TenantTx, actor: RecordActor, rawInput: { entityType: string; fileName?: string }, content: Uint8Array) {
    return createDraft(tx, actor, checkUpload(rawInput, content), content);
  }

  /** The draft's rows; with `stored`, the file is already in the object store under that import id. */
  async function createDraft(
    tx: TenantTx,
    actor: RecordActor,
    { input, head }: ReturnType<typeof checkUpload>,
    content: Uint8Array,
    stored?: { id: string; location: FileLocation },
  ) {
    const step = await mappingStep(tx, input.entityType, head);
    const [row] = await tx
      .insert(tables.imports)
      .values({ id: stored?.id, entityType: input.entityType, fileName: input.fileName, mapping: {}, totalBytes: content.byteLength, createdBy: actor.userId })
      .returning();
    const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    const location = stored?.location ?? { bytes, objectKey: null };
    await tx.insert(tables.files).values({
      importId: row!.id,
      content: location.bytes,
      objectKey: location.objectKey,
      // The mapping steps read the head inside their transaction: it stays in the row.
      head: location.objectKey ? bytes.subarray(0, HEAD_BYTES) : null,
    });
    return { ...summary(row!), ...step };
  }

  /**
   * The upload path: checks the file, stores it where files go (S3 when configured, outside
   * any transaction, under the admitted tenant's key), then creates the draft in a tenant
   * transaction; if that fails, the object is deleted again. The bytes are not copied.
   */
  async function uploadImport(
    enter: <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>,
    tenantId: string,
    actor: RecordActor,
    rawInput: { entityType: string; fileName?: string },
    content: Uint8Array,
  ) {
    const checked = checkUpload(rawInput, content);
    const id = randomUUID();
    return storeThenCommit(storageKeys.importFile(tenantId, importModuleOf(tables), id), content, { contentType: "text/csv", size: content.byteLength }, (location) =>
      enter((tx) => createDraft(tx, actor, checked, content, { id, location })),
    );
  }

  /** One import with its progress; a draft also carries its headers, sample rows and suggested mapping (for its uploader and admins). */
  async function getImport(tx: TenantTx, actor: RecordActor, id: string) {
    const [found] = await tx.execute<{ name: string | null }>(sql`select u.name from ${tables.imports} i left join user_profiles u on u.id = i.created_by where i.id = ${id}`);
    const [row] = await tx.select().from(tables.imports).where(eq(tables.imports.id, id));
    if (!row || !found) throw new NotFound("This import does not exist.");
    const mayManage = row.createdBy === actor.userId || roleAtLeast(actor.role, config.roles.manageAll);
    const draft = isDraft(row) && mayManage ? await mappingStep(tx, row.entityType, await headOf(tx, tables, row.id, VALUE_ROWS)) : null;
    return { ...summary(row, found.name), draft };
  }

  const importListInput = z.object({
    entityType: z.enum(entityTypes).optional(),
    cursor: cursorInput,
    limit: z.number().int().min(1).max(100).default(20),
  });

  /** Imports of the tenant, newest first (keyset). */
  async function listImports(tx: TenantTx, rawInput: z.input<typeof importListInput>) {
    const input = parseInput(importListInput, rawInput);
    const query = keysetPage(IMPORT_SORT, sql`i.id`, "desc", input.cursor, input.entityType ? [sql`i.entity_type = ${input.entityType}`] : []);
    const rows = await tx.execute<{ id: string; creator: string | null; cursor: string }>(sql`
      select i.id, u.name as creator, ${query.cursor} as cursor
        from ${tables.imports} i left join user_profiles u on u.id = i.created_by
       where ${query.where}
       order by ${query.order} limit ${input.limit + 1}`);
    const page = pageOf(rows, input.limit);
    const ids = page.items.map((r) => r.id);
    const full = ids.length ? await tx.select().from(tables.imports).where(sql`${tables.imports.id} = any(${sql.param(ids)}::uuid[])`) : [];
    const byId = new Map(full.map((r) => [r.id, r]));
    return { nextCursor: page.nextCursor, items: page.items.map((r) => summary(byId.get(r.id)!, r.creator)) };
  }

  const importErrorsInput = z.object({
    id: z.uuid(),
    /** The last row number of the previous page. */
    afterRow: z.number().int().min(0).max(2_147_483_647).nullish(),
    limit: z.number().int().min(1).max(500).default(100),
  });

  /** The rows an import refused, by row number (keyset on it). */
  async function listImportErrors(tx: TenantTx, rawInput: z.input<typeof importErrorsInput>) {
    const input = parseInput(importErrorsInput, rawInput);
    const [exists] = await tx.select({ id: tables.imports.id }).from(tables.imports).where(eq(tables.imports.id, input.id));
    if (!exists) throw new NotFound("This import does not exist.");
    const rows = await tx
      .select({ rowNumber: tables.errors.rowNumber, reason: tables.errors.reason })
      .from(tables.errors)
      .where(sql`${tables.errors.importId} = ${input.id} and ${tables.errors.rowNumber} > ${input.afterRow ?? 0}`)
      .orderBy(tables.errors.rowNumber)
      .limit(input.limit + 1);
    const items = rows.slice(0, input.limit);
    return { items, nextAfterRow: rows.length > input.limit ? items[items.length - 1]!.rowNumber : null };
  }

  const importMappingInput = z.object({
    id: z.uuid(),
    mapping: mappingInput,
    onDuplicate: z.enum(["update", "skip"]).default("skip"),
    /** For columns mapped to a field with a list of values: each value in the file → an allowed value, or "" (left empty). */
    valueMapping: valueMappingInput.optional(),
    /** How to read dates like 03/04/2024: day first or month first. */
    dateOrder: z.enum(DATE_ORDERS).optional(),
  });
  const optionsOf = (input: z.output<typeof importMappingInput>): ImportOptions => ({ valueMapping: input.valueMapping, dateOrder: input.dateOrder });

  /**
   * The first PREVIEW_ROWS rows validated with a mapping, as the import would treat them
   * (create, update or skip a duplicate, or the error), without writing anything.
   */
  async function previewImport(tx: TenantTx, actor: RecordActor, rawInput: z.input<typeof importMappingInput>) {
    const input = parseInput(importMappingInput, rawInput);
    const [row] = await tx.select().from(tables.imports).where(eq(tables.imports.id, input.id));
    if (!row) throw new NotFound("This import does not exist.");
    assertManages(actor, row, config.roles.manageAll);
    if (!isDraft(row)) throw new Conflict("This import has already been started; its preview is no longer available.");
    const head = await headOf(tx, tables, row.id, VALUE_ROWS);
    const mapping = onlyMapped(input.mapping);
    const adapter = adapterFor(row.entityType);
    const options = optionsOf(input);
    const ctx = await importContext(tx, adapter, { userId: actor.userId, onDuplicate: input.onDuplicate, mapping, options, headers: head.headers });
    const fields = await adapter.fields(tx);
    const records: CsvRecord[] = head.rows.slice(0, PREVIEW_ROWS).map((cells, i) => ({ rowNumber: i + 2, cells }));
    const plan = await planBatch(adapter, tx, ctx, records);
    const byRow = new Map(plan.outcomes.map((o) => [o.rowNumber, o]));
    const mappedHeaders = Object.keys(mapping);
    const wholeFile = row.totalBytes <= HEAD_BYTES && head.rows.length < VALUE_ROWS;
    return {
      headers: mappedHeaders,
      rows: records.map((record) => ({
        rowNumber: record.rowNumber,
        action: byRow.get(record.rowNumber)?.action ?? ("error" as RowAction),
        reason: byRow.get(record.rowNumber)?.reason ?? null,
        cells: Object.fromEntries(mappedHeaders.map((header) => [header, record.cells[head.headers.indexOf(header)] ?? ""])),
      })),
      /** The rows found to be duplicates, and by which rule ("the phone +1 555…"). */
      matches: plan.outcomes.filter((o) => o.matchedBy).map((o) => ({ rowNumber: o.rowNumber, matchedBy: o.matchedBy! })),
      /** The columns mapped to fields with a list of values: their distinct values, row counts and what each becomes. */
      values: choiceColumnValues(fields, ctx.columns, head.rows, options, wholeFile),
      /** The columns mapped to date fields, and those whose dates read both ways (the import needs `dateOrder`). */
      dates: dateColumns(fields, ctx.columns, head.rows),
      encoding: head.encoding,
      delimiter: head.delimiter,
    };
  }

  /** Starts a draft: stores the mapping, audits, and queues the job in the same transaction. */
  async function startImport(tx: TenantTx, actor: RecordActor, rawInput: z.input<typeof importMappingInput>) {
    const input = parseInput(importMappingInput, rawInput);
    const row = await lockImport(tx, tables, input.id);
    assertManages(actor, row, config.roles.manageAll);
    if (!isDraft(row)) throw new Conflict(row.status === "failed" ? "This import was cancelled or failed; upload the file again." : "This import has already been started.");
    const head = await headOf(tx, tables, row.id, VALUE_ROWS);
    const mapping = onlyMapped(input.mapping);
    const adapter = adapterFor(row.entityType);
    const fields = await adapter.fields(tx);
    const columns = checkMapping(adapter, head.headers, mapping, fields);
    const options = optionsOf(input);
    checkOptions(fields, mapping, options, dateColumns(fields, columns, head.rows));
    const [started] = await tx.update(tables.imports).set({ mapping: storedMapping(mapping, options), onDuplicate: input.onDuplicate, updatedAt: new Date() }).where(eq(tables.imports.id, row.id)).returning();
    await recordAudit(tx, {
      action: `${audit}.started`,
      entityType: audit,
      entityId: row.id,
      after: { entityType: row.entityType, fileName: row.fileName, totalBytes: row.totalBytes, onDuplicate: input.onDuplicate, mapping, ...options },
    });
    // The job acts for whoever started the import (their role decides what it may see and update).
    await publishEvent(tx, { event: config.event, data: { importId: row.id, userId: actor.userId }, idempotencyKey: row.id });
    return summary(started!);
  }

  /** Stops an import (a draft, queued or running): rows already imported stay. */
  async function cancelImport(tx: TenantTx, actor: RecordActor, id: string) {
    const row = await lockImport(tx, tables, id);
    assertManages(actor, row, config.roles.manageAll);
    if (row.status === "done" || row.status === "failed") throw new Conflict("This import has already finished.");
    const [name] = await tx.execute<{ name: string }>(sql`select name from user_profiles where id = ${actor.userId}`);
    const [after] = await tx
      .update(tables.imports)
      .set({ status: "failed", failure: `Cancelled by ${name?.name ?? "a member"}. Rows imported before that stay.`, finishedAt: new Date(), updatedAt: new Date() })
      .where(eq(tables.imports.id, id))
      .returning();
    await dropImportFile(tx, tables, id);
    await recordAudit(tx, { action: `${audit}.cancelled`, entityType: audit, entityId: id, after: countsOf(after!) });
    return summary(after!);
  }

  const { runImport, failImport } = importRunner({ tables, adapterFor, audit, importRole: config.roles.import, finishedEvent: config.finishedEvent });

  return {
    createImportInput,
    importListInput,
    importErrorsInput,
    importMappingInput,
    createImport,
    uploadImport,
    getImport,
    listImports,
    listImportErrors,
    previewImport,
    startImport,
    cancelImport,
    runImport,
    failImport,
  };
}
