import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../db/tenant";
import { Conflict, NotFound, pgErrorCode } from "../../platform/errors";
import { parseInput } from "../../platform/validate";
import { recordAudit } from "../audit/service";
import type { CrmActor } from "./common";
import { companyListInput } from "./companies";
import { contactListInput } from "./contacts";
import { dealListInput } from "./deals";
import { crmEntityType, crmSavedViews, type CrmEntityType } from "./schema";

/*
 * Saved views: a user's named list filters + sort, per entity type. Private to their
 * creator (the service filters by user; RLS keeps them inside the tenant).
 */

/** What a saved view may hold: the list input of its entity type. */
const listInputs: Record<CrmEntityType, z.ZodType> = { contact: contactListInput, company: companyListInput, deal: dealListInput };

const viewName = z.string().trim().min(1, "Give the view a name.").max(60, "A view name can be at most 60 characters.");

export const createViewInput = z.object({
  entityType: z.enum(crmEntityType.enumValues),
  name: viewName,
  query: z.object({ filters: z.record(z.string(), z.unknown()).optional(), sort: z.unknown().optional() }),
});

export const updateViewInput = z.object({ id: z.uuid(), name: viewName.optional(), query: createViewInput.shape.query.optional() });

/** Keeps only filters and sort, checked against the entity's list input. */
function checkedQuery(entityType: CrmEntityType, query: { filters?: unknown; sort?: unknown }): Record<string, unknown> {
  const stored = { filters: query.filters ?? {}, ...(query.sort ? { sort: query.sort } : {}) };
  parseInput(listInputs[entityType], stored);
  return stored;
}

function nameTaken(error: unknown): never {
  if (pgErrorCode(error) === "23505") throw new Conflict("You already have a view with this name. Choose another name.");
  throw error;
}

export async function listViews(tx: TenantTx, actor: CrmActor, entityType: CrmEntityType) {
  return tx
    .select({ id: crmSavedViews.id, name: crmSavedViews.name, entityType: crmSavedViews.entityType, query: crmSavedViews.query, updatedAt: crmSavedViews.updatedAt })
    .from(crmSavedViews)
    .where(and(eq(crmSavedViews.userId, actor.userId), eq(crmSavedViews.entityType, entityType)))
    .orderBy(asc(sql`lower(${crmSavedViews.name})`));
}

export async function createView(tx: TenantTx, actor: CrmActor, rawInput: z.input<typeof createViewInput>) {
  const input = parseInput(createViewInput, rawInput);
  const [view] = await tx
    .insert(crmSavedViews)
    .values({ userId: actor.userId, entityType: input.entityType, name: input.name, query: checkedQuery(input.entityType, input.query) })
    .returning()
    .catch(nameTaken);
  await recordAudit(tx, { action: "crm.view.created", entityType: "crm.view", entityId: view!.id, after: { name: view!.name, entityType: view!.entityType, query: view!.query } });
  return view!;
}

async function ownView(tx: TenantTx, actor: CrmActor, id: string) {
  const [view] = await tx.select().from(crmSavedViews).where(and(eq(crmSavedViews.id, id), eq(crmSavedViews.userId, actor.userId)));
  if (!view) throw new NotFound("This saved view does not exist.");
  return view;
}

export async function updateView(tx: TenantTx, actor: CrmActor, rawInput: z.input<typeof updateViewInput>) {
  const input = parseInput(updateViewInput, rawInput);
  const before = await ownView(tx, actor, input.id);
  const [after] = await tx
    .update(crmSavedViews)
    .set({
      name: input.name ?? before.name,
      query: input.query ? checkedQuery(before.entityType, input.query) : before.query,
      updatedAt: new Date(),
    })
    .where(eq(crmSavedViews.id, input.id))
    .returning()
    .catch(nameTaken);
  await recordAudit(tx, { action: "crm.view.updated", entityType: "crm.view", entityId: input.id, before: { name: before.name, query: before.query }, after: { name: after!.name, query: after!.query } });
  return after!;
}

export async function deleteView(tx: TenantTx, actor: CrmActor, id: string) {
  const before = await ownView(tx, actor, id);
  await tx.delete(crmSavedViews).where(eq(crmSavedViews.id, id));
  await recordAudit(tx, { action: "crm.view.deleted", entityType: "crm.view", entityId: id, before: { name: before.name, query: before.query } });
}
