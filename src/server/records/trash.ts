import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { withTenant, type TenantTx } from "../db/tenant";
import { defineCron, type ScheduledJob } from "../jobs/define";
import { recordAudit } from "../modules/audit/service";
import { Conflict, NotFound } from "../platform/errors";
import { parseInput } from "../platform/validate";
import type { RecordActor } from "./actor";
import { cursorInput, listLimit, orderByKey, pageOf, afterCursor, cursorColumn, type SortColumn } from "./lists";

/*
 * The trash: deleting a record sets its `deleted_at` / `deleted_by` instead of removing the
 * row, so it can be restored exactly for `retentionDays`; after that a scheduled job purges
 * it (hard delete). Nothing else changes when a record is trashed: its activities, links and
 * children keep pointing at it and are hidden by the module's read paths (each reads
 * `deleted_at is null`), so restoring is clearing two columns.
 *
 * A module gives one `TrashKind` per entity (its table, how its name reads, how it is purged)
 * and gets the services: trash, restore, purge ("delete forever"), list, and the purge cron.
 * Record visibility is the database's: a row the caller cannot see cannot be trashed,
 * listed, restored or purged by them (NotFound). Every step is audited per record
 * (`<module>.<kind>.deleted` when trashed, then `restored` or `purged`).
 */

export const TRASH_RETENTION_DAYS = 30;

export type TrashKind<K extends string> = {
  kind: K;
  /** "contact": in messages ("This contact is in the trash."). */
  label: string;
  /** The table, e.g. sql`crm_contacts`; it has id, deleted_at, deleted_by. Aliased `r` below. */
  table: SQL;
  /** The record's name over alias `r`. */
  title: SQL;
  /** A second line over alias `r` (email, domain, amount), or null. */
  subtitle?: SQL;
  /** Extra condition for rows that belong to neither the live list nor the trash (merged away), over `r`. */
  exists?: SQL;
  /** The audit snapshot of the record (names and values), taken before each step. */
  snapshot(tx: TenantTx, id: string): Promise<Record<string, unknown>>;
  /** Checks before a restore (plan capacity, a record it needs): throw to refuse. */
  beforeRestore?(tx: TenantTx, id: string): Promise<void>;
  /** Checks before trashing (e.g. refuse a record that something else depends on): throw to refuse. */
  beforeTrash?(tx: TenantTx, id: string): Promise<void>;
  /** Deletes the row for good with everything that exists only for it. */
  purge(tx: TenantTx, id: string): Promise<void>;
  /**
   * Condition over `r` a trashed record must meet for the expiry purge to take it (e.g. no
   * append-only row references it). The others stay in the trash until restored; `purge`
   * refuses them with its own message when someone deletes them forever.
   */
  purgeable?: SQL;
};

export type TrashConfig<K extends string> = {
  /** Audit prefix and cron id prefix, e.g. "crm". */
  module: string;
  kinds: readonly [TrashKind<K>, ...TrashKind<K>[]];
  retentionDays?: number;
};

export type TrashedRecord<K extends string> = {
  kind: K;
  id: string;
  title: string;
  subtitle: string | null;
  deletedAt: Date;
  deletedBy: { id: string; name: string | null } | null;
  /** When the purge job deletes it for good. */
  purgeAt: Date;
  /** Days left before the purge, rounded up (30 just after deleting, 1 on the last day). */
  daysLeft: number;
};

const live = (k: TrashKind<string>) => (k.exists ? sql`and ${k.exists}` : sql``);

/** Locks the row; NotFound when missing, hidden or merged away. */
async function lockTrashRow(tx: TenantTx, k: TrashKind<string>, id: string) {
  const [row] = await tx.execute<{ id: string; deleted_at: string | null }>(sql`
    select r.id, r.deleted_at from ${k.table} r where r.id = ${id} ${live(k)} for update`);
  if (!row) throw new NotFound(`This ${k.label} does not exist, or you do not have access to it.`);
  return row;
}

function auditTrash(tx: TenantTx, module: string, k: TrashKind<string>, verb: string, id: string, before: unknown, after: unknown) {
  return recordAudit(tx, { action: `${module}.${k.kind}.${verb}`, entityType: `${module}.${k.kind}`, entityId: id, before, after });
}

/**
 * Moves a live record to the trash (the module's delete service calls this, so "delete"
 * keeps its name and signature): locked, checked, `deleted_at`/`deleted_by` set, audited
 * as `<module>.<kind>.deleted`. NotFound when missing, hidden, merged away or already trashed.
 */
export async function moveToTrash(tx: TenantTx, actor: RecordActor, module: string, k: TrashKind<string>, id: string, retentionDays = TRASH_RETENTION_DAYS): Promise<void> {
  const row = await lockTrashRow(tx, k, id);
  if (row.deleted_at) throw new NotFound(`This ${k.label} is already in the trash.`);
  await k.beforeTrash?.(tx, id);
  const before = await k.snapshot(tx, id);
  const [after] = await tx.execute<{ deleted_at: string }>(sql`
    update ${k.table} r set deleted_at = now(), deleted_by = ${actor.userId} where r.id = ${id} returning r.deleted_at`);
  await auditTrash(tx, module, k, "deleted", id, before, { deletedAt: after!.deleted_at, purgeAfterDays: retentionDays });
}

const SORT: SortColumn[] = [{ expr: sql`t.deleted_at`, cast: "timestamptz" }];

export function defineTrash<K extends string>(config: TrashConfig<K>) {
  const retentionDays = config.retentionDays ?? TRASH_RETENTION_DAYS;
  const kinds = new Map(config.kinds.map((k) => [k.kind, k]));
  const kindNames = config.kinds.map((k) => k.kind) as [K, ...K[]];
  const kindEnum = z.enum(kindNames);

  const refInput = z.object({ kind: kindEnum, id: z.uuid("Invalid id.") });
  const listTrashInput = z.object({
    kind: kindEnum.nullish(),
    cursor: cursorInput,
    limit: listLimit,
  });

  function kindOf(kind: K): TrashKind<K> {
    const definition = kinds.get(kind);
    if (!definition) throw new NotFound("There is no such kind of record.");
    return definition;
  }

  const lockRow = (tx: TenantTx, k: TrashKind<K>, id: string) => lockTrashRow(tx, k, id);
  const audit = (tx: TenantTx, k: TrashKind<K>, verb: string, id: string, before: unknown, after: unknown) => auditTrash(tx, config.module, k, verb, id, before, after);

  /** Moves a live record to the trash. */
  const trashRecord = (tx: TenantTx, actor: RecordActor, kind: K, id: string) => moveToTrash(tx, actor, config.module, kindOf(kind), id, retentionDays);

  /** Brings a trashed record back exactly as it was (its links never moved). */
  async function restoreRecord(tx: TenantTx, _actor: RecordActor, input: z.input<typeof refInput>): Promise<{ kind: K; id: string }> {
    const { kind, id } = parseInput(refInput, input);
    const k = kindOf(kind);
    const row = await lockRow(tx, k, id);
    if (!row.deleted_at) throw new Conflict(`This ${k.label} is not in the trash.`);
    await k.beforeRestore?.(tx, id);
    await tx.execute(sql`update ${k.table} r set deleted_at = null, deleted_by = null where r.id = ${id}`);
    await audit(tx, k, "restored", id, { deletedAt: row.deleted_at }, await k.snapshot(tx, id));
    return { kind, id };
  }

  async function purgeOne(tx: TenantTx, k: TrashKind<K>, id: string, reason: "expired" | "deleted_forever"): Promise<void> {
    const before = await k.snapshot(tx, id);
    await k.purge(tx, id);
    await audit(tx, k, "purged", id, before, { reason });
  }

  /** "Delete forever": only a record already in the trash. */
  async function purgeRecord(tx: TenantTx, _actor: RecordActor, input: z.input<typeof refInput>): Promise<{ kind: K; id: string }> {
    const { kind, id } = parseInput(refInput, input);
    const k = kindOf(kind);
    const row = await lockRow(tx, k, id);
    if (!row.deleted_at) throw new Conflict(`Only a ${k.label} in the trash can be deleted forever. Delete it first.`);
    await purgeOne(tx, k, id, "deleted_forever");
    return { kind, id };
  }

  const branch = (k: TrashKind<K>, after: SQL | undefined, limit: number) => sql`(
      select ${k.kind}::text as kind, r.id, (${k.title})::text as title, ${k.subtitle ?? sql`null`}::text as subtitle, r.deleted_at, r.deleted_by
        from ${k.table} r
       where r.deleted_at is not null ${live(k)} ${after ? sql`and ${after}` : sql``}
       order by r.deleted_at desc, r.id desc limit ${limit})`;

  /** Trashed records the caller can see, newest first (keyset pages over every kind). */
  async function listTrash(tx: TenantTx, rawInput: z.input<typeof listTrashInput>) {
    const input = parseInput(listTrashInput, rawInput);
    const chosen = input.kind ? [kindOf(input.kind)] : config.kinds;
    const after = afterCursor([{ expr: sql`r.deleted_at`, cast: "timestamptz" }], sql`r.id`, "desc", input.cursor);
    const rows = await tx.execute<{
      kind: K;
      id: string;
      title: string | null;
      subtitle: string | null;
      deleted_at: string;
      deleted_by: string | null;
      deleted_by_name: string | null;
      purge_at: string;
      days_left: number;
      cursor: string;
    }>(sql`
      select t.kind, t.id, t.title, t.subtitle, t.deleted_at, t.deleted_by, u.name as deleted_by_name,
             t.deleted_at + make_interval(days => ${retentionDays}) as purge_at,
             greatest(0, ceil(extract(epoch from (t.deleted_at + make_interval(days => ${retentionDays}) - now())) / 86400))::int as days_left,
             ${cursorColumn(SORT, sql`t.id`)} as cursor
        from (${sql.join(chosen.map((k) => branch(k, after, input.limit + 1)), sql` union all `)}) t
        left join user_profiles u on u.id = t.deleted_by
       order by ${orderByKey(SORT, sql`t.id`, "desc")} limit ${input.limit + 1}`);
    const page = pageOf(rows, input.limit);
    return {
      retentionDays,
      nextCursor: page.nextCursor,
      items: page.items.map(
        (r): TrashedRecord<K> => ({
          kind: r.kind,
          id: r.id,
          title: r.title?.trim() || "(no name)",
          subtitle: r.subtitle,
          deletedAt: new Date(r.deleted_at),
          deletedBy: r.deleted_by ? { id: r.deleted_by, name: r.deleted_by_name } : null,
          purgeAt: new Date(r.purge_at),
          daysLeft: r.days_left,
        }),
      ),
    };
  }

  /** One trashed record (for its page's "in the trash" notice); null when it is not in the trash. */
  async function findTrashed(tx: TenantTx, input: z.input<typeof refInput>): Promise<TrashedRecord<K> | null> {
    const { kind, id } = parseInput(refInput, input);
    const k = kindOf(kind);
    const [row] = await tx.execute<{ deleted_at: string | null }>(sql`select r.deleted_at from ${k.table} r where r.id = ${id} ${live(k)}`);
    if (!row?.deleted_at) return null;
    // The list's query, narrowed to this row: the page is at most one row long.
    const rows = await tx.execute<{ title: string | null; subtitle: string | null; deleted_by: string | null; deleted_by_name: string | null; deleted_at: string; purge_at: string; days_left: number }>(sql`
      select (${k.title})::text as title, ${k.subtitle ?? sql`null`}::text as subtitle, r.deleted_at, r.deleted_by, u.name as deleted_by_name,
             r.deleted_at + make_interval(days => ${retentionDays}) as purge_at,
             greatest(0, ceil(extract(epoch from (r.deleted_at + make_interval(days => ${retentionDays}) - now())) / 86400))::int as days_left
        from ${k.table} r left join user_profiles u on u.id = r.deleted_by where r.id = ${id}`);
    const r = rows[0]!;
    return {
      kind,
      id,
      title: r.title?.trim() || "(no name)",
      subtitle: r.subtitle,
      deletedAt: new Date(r.deleted_at),
      deletedBy: r.deleted_by ? { id: r.deleted_by, name: r.deleted_by_name } : null,
      purgeAt: new Date(r.purge_at),
      daysLeft: r.days_left,
    };
  }

  /**
   * Purges up to `batchSize` records of the tenant trashed more than `retentionDays` ago
   * (oldest first), each audited. Run as the system (it sees every record). Returns how many.
   */
  async function purgeExpired(tx: TenantTx, batchSize = 200, now = new Date()): Promise<number> {
    let purged = 0;
    for (const k of config.kinds) {
      if (purged >= batchSize) break;
      const due = await tx.execute<{ id: string }>(sql`
        select r.id from ${k.table} r
         where r.deleted_at is not null and r.deleted_at < ${now.toISOString()}::timestamptz - make_interval(days => ${retentionDays}) ${live(k)} ${k.purgeable ? sql`and ${k.purgeable}` : sql``}
         order by r.deleted_at, r.id limit ${batchSize - purged} for update skip locked`);
      for (const { id } of due) await purgeOne(tx, k, id, "expired");
      purged += due.length;
    }
    return purged;
  }

  /**
   * The daily purge: `tenantsDue(days)` (a SECURITY DEFINER function of the module that
   * answers only tenant ids) names the tenants with expired trash; each is purged in
   * batches, one transaction per batch, so a large trash never holds one long transaction.
   */
  function purgeCron(options: { cron?: string; tenantsDue: (retentionDays: number) => Promise<string[]>; batchSize?: number }): ScheduledJob {
    return defineCron({
      id: `${config.module}-trash-purge`,
      cron: options.cron ?? "41 3 * * *",
      async handler({ step, logger }) {
        const tenants = await step.run("tenants", () => options.tenantsDue(retentionDays));
        let total = 0;
        for (const tenantId of tenants) {
          const purged = await step.run(`purge-${tenantId}`, () => purgeTenant(tenantId, options.batchSize));
          total += purged;
        }
        logger.info("purged expired trash", { module: config.module, tenants: tenants.length, purged: total, retentionDays });
        return { tenants: tenants.length, purged: total };
      },
    });
  }

  /** Every expired record of one tenant, batch after batch. */
  async function purgeTenant(tenantId: string, batchSize = 200, now = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const purged = await withTenant({ tenantId }, (tx) => purgeExpired(tx, batchSize, now));
      total += purged;
      if (purged < batchSize) return total;
    }
  }

  return {
    retentionDays,
    kinds: kindNames,
    refInput,
    listTrashInput,
    trashRecord,
    restoreRecord,
    purgeRecord,
    listTrash,
    findTrashed,
    purgeExpired,
    purgeTenant,
    purgeCron,
  };
}

export type Trash<K extends string> = ReturnType<typeof defineTrash<K>>;
