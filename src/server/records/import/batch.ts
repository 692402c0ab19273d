import type { TenantTx } from "../../db/tenant";
import type { ColumnMap, CsvRecord, ImportField } from "./parse";

/*
 * The import adapter of an entity and the batch planner that drives it. One batch of CSV
 * rows becomes records set-based: a handful of statements per batch instead of several
 * per row. The adapter parses and validates a row (the entity's own create rules), finds
 * duplicates by its keys (emails, a domain…) in the database and earlier rows of the
 * batch, and writes creates and updates; the planner decides per row: create, update
 * or skip a duplicate (as the import says), or an error with its reason. Row outcomes
 * count rows: created + updated + skipped + errors = the batch's non-blank rows.
 */

/** What every adapter's context holds: who the import acts for, the duplicate rule and the mapped columns. */
export type ImportBase = {
  /** The member the import acts for (owner of new records by default, audit actor). */
  userId: string;
  onDuplicate: "update" | "skip";
  columns: ColumnMap;
  /** Rewrites a row's cells before the adapter parses them (value mapping, dates, booleans: ./values.ts). */
  rewrite?: ((row: CsvRecord) => CsvRecord) | null;
};

export type RowAction = "create" | "update" | "skip" | "error";
/** `matchedBy` names what made an updated or skipped row a duplicate ("the email ann@example.com"). */
export type RowOutcome = { rowNumber: number; action: RowAction; reason?: string; matchedBy?: string };
export type BatchCounts = { created: number; updated: number; skipped: number; errors: number };
export type BatchPlan = {
  outcomes: RowOutcome[];
  /** Writes the plan; rows refused at write time (plan limit) turn into errors in `outcomes`. */
  write(tx: TenantTx): Promise<BatchCounts>;
};

/** A record a batch creates or updates: its id, whether it is new, and the rows that made it. */
export type ImportedRecord = { id: string; isNew: boolean; rowNumbers: number[] };
export type Parsed<P> = { rowNumber: number; value: P };
export type Fallible<T> = { ok: T } | { error: string };

/**
 * One entity's side of an import. `C` is what parsing needs (loaded once per run), `P` a
 * parsed row, `R` a record as written. Methods, not function properties: an adapter of
 * any entity fits `ImportAdapter` in an engine's list.
 */
export interface ImportAdapter<C extends ImportBase = ImportBase, P = unknown, R extends ImportedRecord = ImportedRecord> {
  /** The entity in messages: "contact", and its plural "contacts". */
  what: string;
  whatPlural: string;
  /** The fields a column can go into (standard and custom), with the header spellings that suggest each. */
  fields(tx: TenantTx): Promise<ImportField[]>;
  /** Mapping rules beyond one column per field and required fields, as messages (e.g. "Choose the column with the name."). */
  checkColumns?(columns: ColumnMap): string[];
  /** Adjusts a suggested mapping (e.g. drops a full-name column when first and last names are mapped). */
  refineSuggestion?(mapping: Record<string, string>): Record<string, string>;
  context(tx: TenantTx, base: ImportBase): Promise<C>;
  parse(ctx: C, row: CsvRecord): Fallible<P>;
  /** Duplicate keys of a row (normalized emails / the domain), with how to name them. */
  keys(value: P): string[];
  /**
   * The rule a key belongs to, when duplicates are matched by rules in order (email, then
   * phone, then name and company): the first rule with a match decides. Without it, every key is one rule.
   */
  ruleOf?(key: string): number;
  describeKey(key: string): string;
  /** Existing records holding the keys: id, or null when one exists the member may not see. */
  lookup(tx: TenantTx, keys: string[]): Promise<Map<string, string | null>>;
  /** Existing records to update, locked. */
  load(tx: TenantTx, ctx: C, ids: string[]): Promise<Map<string, R>>;
  create(ctx: C, parsed: Parsed<P>): Fallible<R>;
  apply(ctx: C, record: R, parsed: Parsed<P>): Fallible<R>;
  recordKeys(record: R): string[];
  /** How many of the new records may be created (plan limits), and why the rest may not. */
  admit?(tx: TenantTx, creates: R[]): Promise<{ admitted: number; reason: string | null }>;
  write(tx: TenantTx, ctx: C, creates: R[], updates: R[]): Promise<void>;
}

type Match<R> = { existing: string } | { record: R };

/**
 * The record a row duplicates: rule by rule (all keys as one rule without `ruleOf`), the
 * first rule whose keys are held decides; a key held by a record the member may not see,
 * or keys of one rule held by different records, is an error.
 */
function firstMatch<C extends ImportBase, P, R extends ImportedRecord>(
  adapter: ImportAdapter<C, P, R>,
  keys: string[],
  index: Map<string, Match<R> | null>,
): { id: string | undefined; key: string | undefined } | { error: string } {
  const rules = new Map<number, string[]>();
  for (const key of keys) {
    const rule = adapter.ruleOf?.(key) ?? 0;
    rules.set(rule, [...(rules.get(rule) ?? []), key]);
  }
  for (const rule of [...rules.keys()].sort((a, b) => a - b)) {
    const ruleKeys = rules.get(rule)!;
    const hidden = ruleKeys.find((key) => index.get(key) === null);
    if (hidden !== undefined) {
      return { error: `Another ${adapter.what} you may not have access to already has ${adapter.describeKey(hidden)}. Ask its owner or an admin to share or merge it.` };
    }
    const held = ruleKeys.map((key) => ({ key, match: index.get(key) })).filter((k): k is { key: string; match: Match<R> } => !!k.match);
    const ids = new Set(held.map((k) => ("existing" in k.match ? k.match.existing : k.match.record.id)));
    if (ids.size > 1) return { error: `${ruleKeys.map((k) => adapter.describeKey(k)).join(" and ")} belong to different ${adapter.whatPlural}. Merge them first, or split the row.` };
    const [id] = ids;
    if (id !== undefined) return { id, key: held[0]!.key };
  }
  return { id: undefined, key: undefined };
}

/** A batch whose rows are parsed and validated (no database needed), ready to be planned in a transaction (again, if that transaction is retried). */
export type PreparedBatch = { plan(tx: TenantTx): Promise<BatchPlan> };

/** Parses and validates a batch of rows (CPU only: the import does it while the previous batch is being written). */
export function prepareBatch<C extends ImportBase, P, R extends ImportedRecord>(adapter: ImportAdapter<C, P, R>, ctx: C, rows: CsvRecord[]): PreparedBatch {
  const outcomes = new Map<number, RowOutcome>();
  const parsed: Parsed<P>[] = [];
  for (const row of rows) {
    const result = adapter.parse(ctx, ctx.rewrite ? ctx.rewrite(row) : row);
    if ("error" in result) outcomes.set(row.rowNumber, { rowNumber: row.rowNumber, action: "error", reason: result.error });
    else parsed.push({ rowNumber: row.rowNumber, value: result.ok });
  }
  return { plan: (tx) => planWith(adapter, tx, ctx, rows, new Map(outcomes), parsed) };
}

async function planWith<C extends ImportBase, P, R extends ImportedRecord>(
  adapter: ImportAdapter<C, P, R>,
  tx: TenantTx,
  ctx: C,
  rows: CsvRecord[],
  outcomes: Map<number, RowOutcome>,
  parsed: Parsed<P>[],
): Promise<BatchPlan> {
  const holders = await adapter.lookup(tx, [...new Set(parsed.flatMap((p) => adapter.keys(p.value)))]);
  const existing = ctx.onDuplicate === "update" ? await adapter.load(tx, ctx, [...new Set([...holders.values()].filter((id): id is string => !!id))]) : new Map<string, R>();
  // Key → what holds it now: an existing record (by id) or one this batch creates.
  const index = new Map<string, Match<R> | null>();
  for (const [key, id] of holders) index.set(key, id && (ctx.onDuplicate === "skip" || existing.has(id)) ? { existing: id } : null);
  const creates: R[] = [];
  const touched = new Map<string, R>();

  for (const row of parsed) {
    const keys = adapter.keys(row.value);
    const fail = (reason: string) => outcomes.set(row.rowNumber, { rowNumber: row.rowNumber, action: "error", reason });
    const match = firstMatch(adapter, keys, index);
    if ("error" in match) {
      fail(match.error);
      continue;
    }
    const matchId = match.id;
    if (matchId === undefined) {
      const created = adapter.create(ctx, row);
      if ("error" in created) {
        fail(created.error);
        continue;
      }
      const record = { ...created.ok, rowNumbers: [row.rowNumber] };
      creates.push(record);
      for (const key of adapter.recordKeys(record)) index.set(key, { record });
      outcomes.set(row.rowNumber, { rowNumber: row.rowNumber, action: "create" });
      continue;
    }
    const matchedBy = adapter.describeKey(match.key!);
    if (ctx.onDuplicate === "skip") {
      outcomes.set(row.rowNumber, { rowNumber: row.rowNumber, action: "skip", matchedBy });
      continue;
    }
    const current = touched.get(matchId) ?? existing.get(matchId) ?? creates.find((r) => r.id === matchId)!;
    const applied = adapter.apply(ctx, current, row);
    if ("error" in applied) {
      fail(applied.error);
      continue;
    }
    const next = { ...applied.ok, rowNumbers: [...current.rowNumbers, row.rowNumber] };
    if (next.isNew) creates[creates.findIndex((r) => r.id === matchId)] = next;
    else touched.set(matchId, next);
    for (const key of adapter.recordKeys(next)) index.set(key, { record: next });
    outcomes.set(row.rowNumber, { rowNumber: row.rowNumber, action: "update", matchedBy });
  }

  const ordered = () => rows.map((row) => outcomes.get(row.rowNumber)).filter((o): o is RowOutcome => !!o);
  const plan: BatchPlan = {
    outcomes: ordered(),
    async write(writeTx) {
      let admitted = creates;
      if (adapter.admit) {
        const room = await adapter.admit(writeTx, creates);
        admitted = creates.slice(0, room.admitted);
        for (const refused of creates.slice(room.admitted)) {
          for (const rowNumber of refused.rowNumbers) outcomes.set(rowNumber, { rowNumber, action: "error", reason: room.reason ?? "Not imported." });
        }
      }
      await adapter.write(writeTx, ctx, admitted, [...touched.values()]);
      plan.outcomes = ordered();
      const count = (action: RowAction) => plan.outcomes.filter((o) => o.action === action).length;
      return { created: count("create"), updated: count("update"), skipped: count("skip"), errors: count("error") };
    },
  };
  return plan;
}

/** Plans a batch of rows (reads only: the preview uses it as is). `write` on the result applies it. */
export function planBatch<C extends ImportBase, P, R extends ImportedRecord>(adapter: ImportAdapter<C, P, R>, tx: TenantTx, ctx: C, rows: CsvRecord[]): Promise<BatchPlan> {
  return prepareBatch(adapter, ctx, rows).plan(tx);
}
