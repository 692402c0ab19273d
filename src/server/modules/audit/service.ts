import { and, desc, eq, gte, lt, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../db/tenant";
import { NotFound } from "../../platform/errors";
import { dateOrDateText, int8Text, plainText } from "../../platform/validate";
import { userProfiles as users } from "../accounts/directory";
import type { AuditFacts } from "./describe";
import { auditLog } from "./schema";

export type AuditEntryInput = {
  action: string; // "<entity>.<verb>", e.g. "organization.created"
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
};

/**
 * Appends one audit row in the caller's tenant transaction, so the entry commits or
 * rolls back with the change it describes. Tenant, actor and request id come from
 * the transaction's settings.
 */
export async function recordAudit(tx: TenantTx, entry: AuditEntryInput): Promise<void> {
  await tx.insert(auditLog).values({
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

export const auditFiltersInput = z
  .object({
    entityType: plainText().max(64).optional(),
    entityId: plainText().max(200).optional(),
    actorUserId: z.uuid().optional(),
    /** An exact action ("member.removed") or a prefix ending in "." ("member."). */
    action: plainText().max(100).optional(),
    from: dateOrDateText("Use a date like 2026-11-25.").optional(),
    to: dateOrDateText("Use a date like 2026-11-25.").optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "The start date must be before the end date.", path: ["to"] });
export type AuditFilters = z.input<typeof auditFiltersInput>;

export const auditListInput = z.intersection(
  auditFiltersInput,
  z.object({
    cursor: int8Text("This page link is no longer valid. Start from the first page.").optional(),
    limit: z.number().int().min(1).max(1000).default(50),
  }),
);
export type AuditListInput = z.input<typeof auditListInput>;

/** Only an object snapshot has named values; anything else counts as empty. */
const objectOrEmpty = (column: typeof auditLog.before | typeof auditLog.after) => sql`case when jsonb_typeof(${column}) = 'object' then ${column} else '{}'::jsonb end`;

/**
 * What an entry's sentence needs (the record's name, the stage it moved to…): the short
 * scalar values of its snapshots, after over before, without the snapshots themselves.
 */
const auditFacts = sql<AuditFacts | null>`(
  select jsonb_object_agg(f.key, f.value)
    from jsonb_each(${objectOrEmpty(auditLog.before)} || ${objectOrEmpty(auditLog.after)}) f
   where jsonb_typeof(f.value) in ('string', 'number', 'boolean') and length(f.value::text) <= 300)`;

const auditSummaryColumns = {
  id: auditLog.id,
  action: auditLog.action,
  entityType: auditLog.entityType,
  entityId: auditLog.entityId,
  createdAt: auditLog.createdAt,
  actorUserId: auditLog.actorUserId,
  actorName: users.name,
  actorEmail: users.email,
  facts: auditFacts,
};
const auditColumns = { ...auditSummaryColumns, before: auditLog.before, after: auditLog.after };

/**
 * Newest first, keyset-paginated on the (tenant_id, id) primary key. Summaries only,
 * unless `withSnapshots` (CSV export): the before/after snapshots can be large and
 * otherwise come with `getAuditEntry`.
 */
export async function listAuditEntries(tx: TenantTx, rawInput: AuditListInput, options: { withSnapshots?: boolean } = {}) {
  const input = auditListInput.parse(rawInput);
  const rows = await tx
    .select(options.withSnapshots ? auditColumns : auditSummaryColumns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(
      and(
        input.cursor ? lt(auditLog.id, BigInt(input.cursor)) : undefined,
        input.entityType ? eq(auditLog.entityType, input.entityType) : undefined,
        input.entityId ? eq(auditLog.entityId, input.entityId) : undefined,
        input.actorUserId ? eq(auditLog.actorUserId, input.actorUserId) : undefined,
        input.action
          ? input.action.endsWith(".")
            ? sql`starts_with(${auditLog.action}, ${input.action})`
            : eq(auditLog.action, input.action)
          : undefined,
        input.from ? gte(auditLog.createdAt, input.from) : undefined,
        input.to ? lte(auditLog.createdAt, input.to) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(input.limit + 1);
  const hasMore = rows.length > input.limit;
  const items = (hasMore ? rows.slice(0, input.limit) : rows).map((row) => ({ ...row, id: row.id.toString() }));
  return { items, nextCursor: hasMore ? items[items.length - 1]!.id : null };
}

export async function getAuditEntry(tx: TenantTx, id: string) {
  const [row] = await tx
    .select(auditColumns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(eq(auditLog.id, BigInt(id)))
    .limit(1);
  if (!row) throw new NotFound("That audit entry does not exist in this organization.");
  return { ...row, id: row.id.toString() };
}

export async function countAuditEntries(tx: TenantTx): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(auditLog);
  return row?.n ?? 0;
}

/** Everyone who appears as an actor in this tenant's log, for the "person" filter. */
export async function listAuditActors(tx: TenantTx) {
  return tx
    .selectDistinct({ id: users.id, name: users.name, email: users.email })
    .from(auditLog)
    .innerJoin(users, eq(users.id, auditLog.actorUserId))
    .orderBy(users.name);
}

/** The action names used in this tenant's log, for the "action" filter. */
export async function listAuditActions(tx: TenantTx) {
  const rows = await tx.selectDistinct({ action: auditLog.action, entityType: auditLog.entityType }).from(auditLog).orderBy(auditLog.action);
  return rows;
}
