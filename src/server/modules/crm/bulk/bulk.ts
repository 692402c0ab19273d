import { sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/tenant";
import { defineEvent } from "../../../jobs/events";
import { NotFound, ValidationFailed } from "../../../platform/errors";
import { defineBulk, type BulkEntity, type BulkOutcome, type BulkRequested } from "../../../records/bulk";
import { assertMembers, tagsInput, type CrmActor } from "../common";
import { companyListInput, deleteCompany, updateCompany, companyListConditions } from "../companies/companies";
import { contactListConditions, contactListInput, deleteContact, updateContact } from "../contacts/contacts";
import { dealListConditions, dealListInput, deleteDeal, updateDeal } from "../deals/deals";
import { lostReasonInput } from "../deals/deals-stage";
import { CRM } from "../permissions";
import { findStage } from "../pipelines";
import { crmBulkJobs, crmBulkStatus, lifecycleStage, type CrmEntityType } from "../schema";

/*
 * Bulk actions on the contact, company and deal lists, on the records bulk engine
 * (src/server/records/bulk.ts). Each action calls the record's own update or delete
 * service (validation, visibility, audit entry), after a locked read that tells a
 * record already as asked ("unchanged": no write, no audit entry).
 */

export const CRM_BULK_EVENT = defineEvent<BulkRequested>("crm/bulk.requested");

const tagList = tagsInput.refine((tags) => tags.length > 0, "Enter at least one tag.");

export const crmBulkAction = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("assignOwner"), ownerId: z.uuid("Choose a member.").nullable() }),
    z.object({ type: z.literal("setLifecycle"), lifecycleStage: z.enum(lifecycleStage.enumValues, "Choose a lifecycle stage.") }),
    z.object({ type: z.literal("setStage"), stageId: z.uuid("Choose a stage."), lostReason: lostReasonInput.nullish() }),
    z.object({ type: z.literal("addTags"), tags: tagList }),
    z.object({ type: z.literal("removeTags"), tags: tagList }),
    z.object({ type: z.literal("delete") }),
  ],
  "Choose an action.",
);
export type CrmBulkAction = z.output<typeof crmBulkAction>;

type Current = { owner_id: string | null; tags: string[]; lifecycle_stage?: string; stage_id?: string };

/** The record's fields the actions compare with, locked (visible, not merged away); NotFound otherwise. */
async function current(tx: TenantTx, table: "crm_contacts" | "crm_companies" | "crm_deals", id: string): Promise<Current> {
  const extra = table === "crm_contacts" ? sql`, lifecycle_stage` : table === "crm_deals" ? sql`, stage_id` : sql``;
  const merged = table === "crm_deals" ? sql`` : sql` and merged_into_id is null`;
  const [row] = await tx.execute<Current>(sql`select owner_id, tags${extra} from ${sql.identifier(table)} where id = ${id}${merged} for update`);
  if (!row) throw new NotFound("Not found.");
  return row;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((tag) => b.includes(tag));

/** The tags after the action, or null when it changes nothing. */
function nextTags(action: CrmBulkAction, tags: string[]): string[] | null {
  if (action.type !== "addTags" && action.type !== "removeTags") return null;
  const next = action.type === "addTags" ? [...new Set([...tags, ...action.tags])] : tags.filter((tag) => !action.tags.includes(tag));
  return sameSet(next, tags) ? null : next;
}

/** Owner and tags, which every entity takes: the update's patch, "unchanged", or undefined for another action. */
function commonPatch(action: CrmBulkAction, row: Current): { ownerId: string | null } | { tags: string[] } | "unchanged" | undefined {
  if (action.type === "assignOwner") return row.owner_id === action.ownerId ? "unchanged" : { ownerId: action.ownerId };
  if (action.type === "addTags" || action.type === "removeTags") {
    const tags = nextTags(action, row.tags);
    return tags ? { tags } : "unchanged";
  }
  return undefined;
}

const NOT_FOR: Record<CrmEntityType, CrmBulkAction["type"][]> = {
  contact: ["setStage"],
  company: ["setStage", "setLifecycle"],
  deal: ["setLifecycle"],
};

function refusal(entity: CrmEntityType) {
  return (action: CrmBulkAction) => (NOT_FOR[entity].includes(action.type) ? `This action does not apply to ${entity === "company" ? "companies" : `${entity}s`}.` : null);
}

async function prepare(tx: TenantTx, _actor: CrmActor, action: CrmBulkAction): Promise<void> {
  if (action.type === "assignOwner") await assertMembers(tx, [action.ownerId], "ownerId");
  if (action.type === "setStage") {
    const stage = await findStage(tx, action.stageId);
    if (!stage || stage.pipelineArchivedAt) throw new ValidationFailed({ stageId: ["Choose a stage of an active pipeline."] });
    if (stage.outcome === "lost" && !action.lostReason) throw new ValidationFailed({ lostReason: ["Say why the deals were lost."] });
  }
}

const contactEntity: BulkEntity<CrmBulkAction> = {
  one: "contact",
  many: "contacts",
  filters: contactListInput.shape.filters,
  from: sql`crm_contacts c`,
  id: sql`c.id`,
  conditions: (tx, filters) => contactListConditions(tx, filters as never),
  refuses: refusal("contact"),
  prepare,
  async apply(tx, actor, id, action): Promise<BulkOutcome> {
    if (action.type === "delete") {
      await deleteContact(tx, actor, id);
      return "done";
    }
    const row = await current(tx, "crm_contacts", id);
    const patch = action.type === "setLifecycle" ? (row.lifecycle_stage === action.lifecycleStage ? "unchanged" : { lifecycleStage: action.lifecycleStage }) : commonPatch(action, row);
    if (patch === "unchanged" || patch === undefined) return "unchanged";
    await updateContact(tx, actor, { id, ...patch });
    return "done";
  },
};

const companyEntity: BulkEntity<CrmBulkAction> = {
  one: "company",
  many: "companies",
  filters: companyListInput.shape.filters,
  from: sql`crm_companies co`,
  id: sql`co.id`,
  conditions: (tx, filters) => companyListConditions(tx, filters as never),
  refuses: refusal("company"),
  prepare,
  async apply(tx, actor, id, action): Promise<BulkOutcome> {
    if (action.type === "delete") {
      await deleteCompany(tx, actor, id);
      return "done";
    }
    const patch = commonPatch(action, await current(tx, "crm_companies", id));
    if (patch === "unchanged" || patch === undefined) return "unchanged";
    await updateCompany(tx, actor, { id, ...patch });
    return "done";
  },
};

const dealEntity: BulkEntity<CrmBulkAction> = {
  one: "deal",
  many: "deals",
  filters: dealListInput.shape.filters,
  from: sql`crm_deals d`,
  id: sql`d.id`,
  conditions: (tx, filters) => dealListConditions(tx, filters as never),
  refuses: refusal("deal"),
  prepare,
  async apply(tx, actor, id, action): Promise<BulkOutcome> {
    if (action.type === "delete") {
      await deleteDeal(tx, actor, id);
      return "done";
    }
    const row = await current(tx, "crm_deals", id);
    if (action.type === "setStage") {
      if (row.stage_id === action.stageId) return "unchanged";
      // The stage's pipeline goes with it: the deals land in the chosen stage wherever they were.
      const stage = await findStage(tx, action.stageId);
      if (!stage) throw new ValidationFailed({ stageId: ["Choose a stage of an active pipeline."] });
      await updateDeal(tx, actor, { id, pipelineId: stage.pipelineId, stageId: stage.id, ...(action.lostReason ? { lostReason: action.lostReason } : {}) });
      return "done";
    }
    const patch = commonPatch(action, row);
    if (patch === "unchanged" || patch === undefined) return "unchanged";
    await updateDeal(tx, actor, { id, ...patch });
    return "done";
  },
};

export const { bulkInput, bulkCountInput, runBulk, getBulkJob, cancelBulkJob, countBulkSelection, runBulkJob, failBulkJob } = defineBulk<CrmEntityType, CrmBulkAction, z.input<typeof crmBulkAction>>({
  tables: { status: crmBulkStatus, jobs: crmBulkJobs },
  entities: { contact: contactEntity, company: companyEntity, deal: dealEntity },
  action: crmBulkAction,
  event: CRM_BULK_EVENT,
  audit: "crm.bulk",
  roles: { edit: CRM.edit, manageAll: CRM.manageOthers },
});

export { BULK_BATCH, BULK_IN_REQUEST, BULK_MAX_IDS } from "../../../records/bulk";
