import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../db/tenant";
import { recordAudit } from "../modules/audit/service";
import { Conflict, NotFound, pgErrorCode, ValidationFailed } from "../platform/errors";
import { parseInput, plainText } from "../platform/validate";
import type { RecordActor } from "./actor";
import type { SavedViewsTable } from "./tables";

/*
 * Saved views: a user's named list filters + sort, and the columns shown in their order,
 * per entity type. Private to their creator (the service filters by user; RLS keeps them
 * inside the tenant). A module gets its service from `savedViews` with its table
 * (`savedViewsTable`) and, per entity type, the list input a view's query must fit and the
 * columns its list knows.
 */

export type SavedViewsConfig<E extends string> = {
  table: SavedViewsTable;
  /** Entity type → the list input of that entity's list procedure. */
  listInputs: Record<E, z.ZodType>;
  /** Entity type → the keys of the columns its list can show (custom field columns included). */
  columns: Record<E, (tx: TenantTx) => Promise<readonly string[]>>;
  /** Audit action prefix and entity type, e.g. "crm.view" (→ "crm.view.created"). */
  audit: string;
};

const viewName = plainText().trim().min(1, "Give the view a name.").max(60, "A view name can be at most 60 characters.");

/** At most: far above any list's columns; longer lists are cut, not refused (unknown keys are dropped anyway). */
export const VIEW_MAX_COLUMNS = 100;

const viewQuery = z.object({
  filters: z.record(z.string(), z.unknown()).optional(),
  sort: z.unknown().optional(),
  /** The columns shown, in their order (keys). */
  columns: z.array(z.string().max(100)).max(VIEW_MAX_COLUMNS * 2).optional(),
});

/** A stored query's JSON, at most: far above any real view (every filter set is a few hundred bytes). */
export const VIEW_QUERY_MAX_BYTES = 8 * 1024;
const VIEW_QUERY_TOO_LARGE = "This view has too many filters to save. Remove some and try again.";

export function savedViews<E extends string>(config: SavedViewsConfig<E>) {
  const { table, listInputs, columns: knownColumns, audit } = config;
  const entityTypes = Object.keys(listInputs) as [E, ...E[]];
  type View = Omit<typeof table.$inferSelect, "entityType"> & { entityType: E };

  const createViewInput = z.object({ entityType: z.enum(entityTypes), name: viewName, query: viewQuery });
  const updateViewInput = z.object({ id: z.uuid(), name: viewName.optional(), query: viewQuery.optional() });

  /**
   * What is stored: the filters and sort as the entity's list input parsed them (anything
   * the list does not know is dropped), the sort only when one was given, the columns only
   * when given (each known one once, in the order given; unknown ones dropped), within the cap.
   */
  async function checkedQuery(tx: TenantTx, entityType: E, query: z.output<typeof viewQuery>): Promise<Record<string, unknown>> {
    const parsed = parseInput(listInputs[entityType], { filters: query.filters ?? {}, ...(query.sort ? { sort: query.sort } : {}) }) as { filters: unknown; sort?: unknown };
    const stored: Record<string, unknown> = { filters: parsed.filters, ...(query.sort ? { sort: parsed.sort } : {}) };
    if (query.columns) {
      const known = new Set(await knownColumns[entityType](tx));
      stored.columns = [...new Set(query.columns)].filter((key) => known.has(key)).slice(0, VIEW_MAX_COLUMNS);
    }
    if (Buffer.byteLength(JSON.stringify(stored)) > VIEW_QUERY_MAX_BYTES) throw new ValidationFailed({ query: [VIEW_QUERY_TOO_LARGE] }, VIEW_QUERY_TOO_LARGE);
    return stored;
  }

  function nameTaken(error: unknown): never {
    if (pgErrorCode(error) === "23505") throw new Conflict("You already have a view with this name. Choose another name.");
    throw error;
  }

  async function ownView(tx: TenantTx, actor: RecordActor, id: string): Promise<View> {
    const [view] = await tx.select().from(table).where(and(eq(table.id, id), eq(table.userId, actor.userId)));
    if (!view) throw new NotFound("This saved view does not exist.");
    return view as View;
  }

  async function listViews(tx: TenantTx, actor: RecordActor, entityType: E) {
    const rows = await tx
      .select({ id: table.id, name: table.name, entityType: table.entityType, query: table.query, updatedAt: table.updatedAt })
      .from(table)
      .where(and(eq(table.userId, actor.userId), eq(table.entityType, entityType)))
      .orderBy(asc(sql`lower(${table.name})`));
    return rows as (Omit<(typeof rows)[number], "entityType"> & { entityType: E })[];
  }

  async function createView(tx: TenantTx, actor: RecordActor, rawInput: z.input<typeof createViewInput>): Promise<View> {
    const input = parseInput(createViewInput, rawInput);
    const [view] = await tx
      .insert(table)
      .values({ userId: actor.userId, entityType: input.entityType, name: input.name, query: await checkedQuery(tx, input.entityType as E, input.query) })
      .returning()
      .catch(nameTaken);
    await recordAudit(tx, { action: `${audit}.created`, entityType: audit, entityId: view!.id, after: { name: view!.name, entityType: view!.entityType, query: view!.query } });
    return view as View;
  }

  async function updateView(tx: TenantTx, actor: RecordActor, rawInput: z.input<typeof updateViewInput>): Promise<View> {
    const input = parseInput(updateViewInput, rawInput);
    const before = await ownView(tx, actor, input.id);
    const [after] = await tx
      .update(table)
      .set({ name: input.name ?? before.name, query: input.query ? await checkedQuery(tx, before.entityType, input.query) : before.query, updatedAt: new Date() })
      .where(eq(table.id, input.id))
      .returning()
      .catch(nameTaken);
    await recordAudit(tx, { action: `${audit}.updated`, entityType: audit, entityId: input.id, before: { name: before.name, query: before.query }, after: { name: after!.name, query: after!.query } });
    return after as View;
  }

  async function deleteView(tx: TenantTx, actor: RecordActor, id: string): Promise<void> {
    const before = await ownView(tx, actor, id);
    await tx.delete(table).where(eq(table.id, id));
    await recordAudit(tx, { action: `${audit}.deleted`, entityType: audit, entityId: id, before: { name: before.name, query: before.query } });
  }

  return { createViewInput, updateViewInput, listViews, createView, updateView, deleteView };
}
