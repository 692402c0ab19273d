import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/tenant";
import { publishEvent } from "../../../jobs/publish";
import { NotFound, ValidationFailed } from "../../../platform/errors";
import { parseInput, plainText } from "../../../platform/validate";
import { recordAudit } from "../../audit/service";
import { getOrganizationSettings } from "../../orgs/settings";
import { assertMembers, tagsInput, type CrmActor } from "../common";
import { resolveCustomValues } from "../custom-fields";
import { DEAL_ASSIGNED } from "../events";
import { auditClosing, auditStageChange, DEAL_NOT_FOUND, lostReasonInput, nextClosing, type Closing, type StageRef } from "./deals-stage";
import { addFollower, listFollowers } from "../followers";
import { defaultStage, findStage, firstOpenStage } from "../pipelines";
import { crmDealContacts, crmDeals, dealStatus, type DealStatus } from "../schema";
import { crmTrash } from "../trash";

const DEAL_IN_TRASH = "This deal is in the trash. Restore it from CRM → Trash to open it.";

/*
 * Deals: an amount in minor units and a currency, placed in a pipeline's stage, with
 * contacts, a company and an owner. The probability is the stage's unless the deal
 * overrides it. The stage decides the status (see deals-stage.ts for those rules and
 * for the board's moves).
 */

export { dealListConditions, dealListInput, type DealListInput } from "./deals-list";

export const DEAL_STATUS_LABEL: Record<DealStatus, string> = { open: "Open", won: "Won", lost: "Lost" };

/** A quadrillion minor units: far beyond any deal, far inside bigint. */
const MAX_AMOUNT = 10n ** 15n;

export const amountInput = z
  .union([
    z.bigint(),
    z.number().int("Enter the amount in minor units (a whole number).").max(Number.MAX_SAFE_INTEGER, "That amount is too large."),
    plainText().trim().regex(/^-?\d{1,18}$/, "Enter the amount in minor units, like 125000."),
  ])
  .transform((value) => BigInt(value))
  .pipe(z.bigint().min(0n, "An amount cannot be negative.").max(MAX_AMOUNT, "That amount is too large."));

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));
const currencyInput = plainText()
  .trim()
  .toUpperCase()
  .refine((code) => CURRENCIES.has(code), "Choose an ISO 4217 currency code, like USD or EUR.");

const probabilityInput = z.number().int("Use a whole number from 0 to 100.").min(0, "Use 0 to 100.").max(100, "Use 0 to 100.");
const titleInput = plainText().trim().min(1, "Give the deal a title.").max(200, "A title can be at most 200 characters.");
const dateInput = z.iso.date("Use a date like 2026-11-25.");
const contactIdsInput = z
  .array(z.uuid("Choose a contact."))
  .max(50, "At most 50 contacts per deal.")
  .transform((ids) => [...new Set(ids)]);

export const createDealInput = z.object({
  title: titleInput,
  amountMinor: amountInput.default(0n),
  /** The organization's base currency when left out. */
  currency: currencyInput.optional(),
  companyId: z.uuid("Choose a company.").nullish(),
  contactIds: contactIdsInput.default([]),
  /** The creator when left out; null for nobody. */
  ownerId: z.uuid("Choose a member.").nullish(),
  /** The default pipeline's first open stage when both are left out; a pipeline alone means its first open stage. */
  pipelineId: z.uuid("Choose a pipeline.").optional(),
  stageId: z.uuid("Choose a stage.").optional(),
  expectedCloseDate: dateInput.nullish(),
  /** Overrides the stage's probability; null or left out uses the stage's. */
  probability: probabilityInput.nullish(),
  /** Needed when the stage is a lost stage. */
  lostReason: lostReasonInput.nullish(),
  tags: tagsInput.default([]),
  custom: z.record(z.string(), z.unknown()).optional(),
});
export type CreateDealInput = z.input<typeof createDealInput>;

/** Only the keys given change; null clears (company, owner, date, probability override). `contactIds` replaces the list. */
export const updateDealInput = z.object({
  id: z.uuid(),
  title: titleInput.optional(),
  amountMinor: amountInput.optional(),
  currency: currencyInput.optional(),
  companyId: z.uuid("Choose a company.").nullable().optional(),
  contactIds: contactIdsInput.optional(),
  ownerId: z.uuid("Choose a member.").nullable().optional(),
  pipelineId: z.uuid("Choose a pipeline.").optional(),
  stageId: z.uuid("Choose a stage.").optional(),
  expectedCloseDate: dateInput.nullable().optional(),
  probability: probabilityInput.nullable().optional(),
  status: z.enum(dealStatus.enumValues).optional(),
  lostReason: lostReasonInput.nullable().optional(),
  tags: tagsInput.optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
});
export type UpdateDealInput = z.input<typeof updateDealInput>;

/** Refuses a company or contacts the caller cannot see (or that were merged away). */
async function assertLinksVisible(tx: TenantTx, companyId: string | null | undefined, contactIds: string[] | undefined) {
  if (companyId) {
    const rows = await tx.execute(sql`select 1 from crm_companies where id = ${companyId} and merged_into_id is null and deleted_at is null`);
    if (!rows.length) throw new ValidationFailed({ companyId: ["Choose an existing company."] });
  }
  if (contactIds?.length) {
    const rows = await tx.execute(sql`select 1 from crm_contacts where id = any(${sql.param(contactIds)}::uuid[]) and merged_into_id is null and deleted_at is null`);
    if (rows.length !== contactIds.length) throw new ValidationFailed({ contactIds: ["Choose existing contacts."] });
  }
}

/** The stage a deal goes to: `stageId` (of `pipelineId` when given), else the first open stage of `pipelineId`, else the default's. */
async function resolveStage(tx: TenantTx, pipelineId: string | undefined, stageId: string | undefined): Promise<StageRef> {
  if (stageId) {
    const stage = await findStage(tx, stageId);
    if (!stage || (pipelineId && stage.pipelineId !== pipelineId)) throw new ValidationFailed({ stageId: ["Choose a stage of the deal's pipeline."] });
    if (stage.pipelineArchivedAt) throw new ValidationFailed({ stageId: [`The pipeline “${stage.pipelineName}” is archived. Choose a stage of an active pipeline.`] });
    return stage;
  }
  if (pipelineId) {
    const rows = await tx.execute(sql`select 1 from crm_pipelines where id = ${pipelineId} and archived_at is null`);
    if (!rows.length) throw new ValidationFailed({ pipelineId: ["Choose an active pipeline."] });
    return firstOpenStage(tx, pipelineId);
  }
  return defaultStage(tx);
}

/** Tells the deal's new owner (someone other than the actor) in the change's transaction. */
async function announceDealOwner(tx: TenantTx, actor: CrmActor, dealId: string, ownerId: string, title: string): Promise<void> {
  await publishEvent(tx, { event: DEAL_ASSIGNED, data: { dealId, ownerId, actorId: actor.userId, title } });
}

export async function createDeal(tx: TenantTx, actor: CrmActor, rawInput: CreateDealInput) {
  const input = parseInput(createDealInput, rawInput);
  await assertMembers(tx, [input.ownerId], "ownerId");
  await assertLinksVisible(tx, input.companyId, input.contactIds);
  const stage = await resolveStage(tx, input.pipelineId, input.stageId);
  const closing = nextClosing({ status: "open", closedAt: null, lostReason: null }, stage, true, { lostReason: input.lostReason });
  const custom = await resolveCustomValues(tx, "deal", input.custom, null);
  const currency = input.currency ?? (await getOrganizationSettings(tx)).baseCurrency;
  const id = crypto.randomUUID();
  // Following first: under "own or followed" visibility the creator must see the new row.
  await addFollower(tx, "deal", id, actor.userId);
  await tx.insert(crmDeals).values({
    id,
    title: input.title,
    amountMinor: input.amountMinor,
    currency,
    companyId: input.companyId ?? null,
    ownerId: input.ownerId === undefined ? actor.userId : input.ownerId,
    pipelineId: stage.pipelineId,
    stageId: stage.id,
    expectedCloseDate: input.expectedCloseDate ?? null,
    probability: input.probability ?? null,
    ...closing,
    tags: input.tags,
    custom,
  });
  if (input.contactIds.length) await tx.insert(crmDealContacts).values(input.contactIds.map((contactId) => ({ dealId: id, contactId })));
  const deal = await getDeal(tx, id);
  await recordAudit(tx, { action: "crm.deal.created", entityType: "crm.deal", entityId: id, after: dealAuditSnapshot(deal) });
  if (deal.owner && deal.owner.id !== actor.userId) await announceDealOwner(tx, actor, id, deal.owner.id, deal.title);
  if (deal.status !== "open") await auditClosing(tx, { id, title: deal.title }, { status: "open", closedAt: null, lostReason: null }, deal);
  return deal;
}

export type DealDetail = Awaited<ReturnType<typeof getDeal>>;

/**
 * A deal with its contacts, company, owner, pipeline, stage and followers; NotFound if
 * missing, in the trash (unless `includeTrashed`) or not visible. Trashed contacts are left
 * out and a trashed company has no name (their links stay for the restore).
 */
export async function getDeal(tx: TenantTx, id: string, viewerId?: string, options: { includeTrashed?: boolean } = {}) {
  const [row] = await tx.execute<{
    id: string;
    title: string;
    amount_minor: bigint | string;
    currency: string;
    company_id: string | null;
    company_name: string | null;
    owner_id: string | null;
    owner_name: string | null;
    pipeline_id: string;
    pipeline_name: string;
    stage_id: string;
    stage_name: string;
    stage_outcome: DealStatus;
    stage_probability: number;
    probability: number | null;
    expected_close_date: string | null;
    status: DealStatus;
    lost_reason: string | null;
    closed_at: string | null;
    deleted_at: string | null;
    stage_changed_at: string;
    tags: string[];
    custom: Record<string, unknown>;
    created_by: string | null;
    created_at: string;
    updated_at: string;
  }>(sql`
    select d.id, d.title, d.amount_minor, d.currency, d.company_id, co.name as company_name, d.owner_id, u.name as owner_name,
           d.pipeline_id, p.name as pipeline_name, d.stage_id, s.name as stage_name, s.outcome as stage_outcome,
           s.probability as stage_probability, d.probability, d.expected_close_date::text as expected_close_date, d.status,
           d.lost_reason, d.closed_at, d.deleted_at, d.stage_changed_at, d.tags, d.custom, d.created_by, d.created_at, d.updated_at
      from crm_deals d
      join crm_stages s on s.tenant_id = d.tenant_id and s.id = d.stage_id
      join crm_pipelines p on p.tenant_id = d.tenant_id and p.id = d.pipeline_id
      left join crm_companies co on co.tenant_id = d.tenant_id and co.id = d.company_id and co.deleted_at is null
      left join user_profiles u on u.id = d.owner_id
     where d.id = ${id}`);
  if (!row) throw new NotFound(DEAL_NOT_FOUND);
  if (row.deleted_at && !options.includeTrashed) throw new NotFound(DEAL_IN_TRASH);
  // Only the contacts the caller may see.
  const contacts = await tx.execute<{ id: string; first_name: string; last_name: string; primary_email: string | null }>(sql`
    select c.id, c.first_name, c.last_name, c.primary_email
      from crm_deal_contacts dc join crm_contacts c on c.tenant_id = dc.tenant_id and c.id = dc.contact_id
     where dc.deal_id = ${id} and c.merged_into_id is null and c.deleted_at is null
     order by lower(c.last_name), lower(c.first_name), c.id`);
  const followers = await listFollowers(tx, "deal", id);
  return {
    id: row.id,
    title: row.title,
    amountMinor: BigInt(row.amount_minor),
    currency: row.currency,
    company: row.company_id ? { id: row.company_id, name: row.company_name } : null,
    contacts: contacts.map((c) => ({ id: c.id, name: `${c.first_name} ${c.last_name}`.trim(), email: c.primary_email })),
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name } : null,
    pipeline: { id: row.pipeline_id, name: row.pipeline_name },
    stage: { id: row.stage_id, name: row.stage_name, outcome: row.stage_outcome, probability: row.stage_probability },
    /** The deal's own override, or null. */
    probability: row.probability,
    effectiveProbability: row.probability ?? row.stage_probability,
    expectedCloseDate: row.expected_close_date,
    status: row.status,
    lostReason: row.lost_reason,
    closedAt: row.closed_at ? new Date(row.closed_at) : null,
    stageChangedAt: new Date(row.stage_changed_at),
    tags: row.tags,
    custom: row.custom,
    createdBy: row.created_by,
    followers,
    following: viewerId ? followers.some((f) => f.id === viewerId) : false,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** The fields an audit entry keeps (amount as text: json has no bigint). */
export function dealAuditSnapshot(deal: DealDetail) {
  return {
    title: deal.title,
    amountMinor: deal.amountMinor.toString(),
    currency: deal.currency,
    companyId: deal.company?.id ?? null,
    contactIds: deal.contacts.map((c) => c.id),
    ownerId: deal.owner?.id ?? null,
    pipelineId: deal.pipeline.id,
    stageId: deal.stage.id,
    status: deal.status,
    lostReason: deal.lostReason,
    expectedCloseDate: deal.expectedCloseDate,
    probability: deal.probability,
    tags: deal.tags,
    custom: deal.custom,
  };
}

/** The deal row with its stage, locked (visible deals only) so concurrent changes apply one after the other. */
async function lockDeal(tx: TenantTx, id: string) {
  const [row] = await tx.execute<{
    id: string;
    pipeline_id: string;
    stage_id: string;
    stage_name: string;
    stage_outcome: DealStatus;
    pipeline_archived: boolean;
    status: DealStatus;
    lost_reason: string | null;
    closed_at: string | null;
    owner_id: string | null;
    custom: Record<string, unknown>;
  }>(sql`
    select d.id, d.pipeline_id, d.stage_id, s.name as stage_name, s.outcome as stage_outcome, p.archived_at is not null as pipeline_archived,
           d.status, d.lost_reason, d.closed_at, d.owner_id, d.custom
      from crm_deals d
      join crm_stages s on s.tenant_id = d.tenant_id and s.id = d.stage_id
      join crm_pipelines p on p.tenant_id = d.tenant_id and p.id = d.pipeline_id
     where d.id = ${id} and d.deleted_at is null
       for update of d`);
  if (!row) throw new NotFound(DEAL_NOT_FOUND);
  return { ...row, closing: { status: row.status, closedAt: row.closed_at ? new Date(row.closed_at) : null, lostReason: row.lost_reason } satisfies Closing };
}

export async function updateDeal(tx: TenantTx, actor: CrmActor, rawInput: UpdateDealInput) {
  const input = parseInput(updateDealInput, rawInput);
  const current = await lockDeal(tx, input.id);
  const before = await getDeal(tx, input.id);
  if (input.ownerId) await assertMembers(tx, [input.ownerId], "ownerId");
  // The company already linked passes even if the caller cannot see it (the form sends it back unchanged).
  await assertLinksVisible(tx, input.companyId === before.company?.id ? undefined : input.companyId, input.contactIds);

  const placementGiven = (input.pipelineId !== undefined && input.pipelineId !== current.pipeline_id) || (input.stageId !== undefined && input.stageId !== current.stage_id);
  const stage: StageRef = placementGiven
    ? await resolveStage(tx, input.pipelineId ?? current.pipeline_id, input.stageId)
    : { id: current.stage_id, name: current.stage_name, outcome: current.stage_outcome, pipelineId: current.pipeline_id };
  const stageChanged = stage.id !== current.stage_id;
  const closing = nextClosing(current.closing, stage, stageChanged, { status: input.status, lostReason: input.lostReason });
  if (!stageChanged && current.pipeline_archived && closing.status === "open" && current.status !== "open") {
    throw new ValidationFailed({ status: ["This deal's pipeline is archived. Move the deal to a stage of an active pipeline to reopen it."] });
  }
  const custom = input.custom === undefined ? current.custom : await resolveCustomValues(tx, "deal", input.custom, current.custom);

  const changes: Partial<typeof crmDeals.$inferInsert> = { ...closing, custom, updatedAt: new Date() };
  if (input.title !== undefined) changes.title = input.title;
  if (input.amountMinor !== undefined) changes.amountMinor = input.amountMinor;
  if (input.currency !== undefined) changes.currency = input.currency;
  if (input.companyId !== undefined) changes.companyId = input.companyId;
  if (input.ownerId !== undefined) changes.ownerId = input.ownerId;
  if (input.expectedCloseDate !== undefined) changes.expectedCloseDate = input.expectedCloseDate;
  if (input.probability !== undefined) changes.probability = input.probability;
  if (input.tags !== undefined) changes.tags = input.tags;
  if (stageChanged) Object.assign(changes, { pipelineId: stage.pipelineId, stageId: stage.id, stageChangedAt: new Date() });
  if (input.ownerId !== undefined && input.ownerId !== current.owner_id && input.ownerId !== actor.userId) {
    // Whoever hands a deal to someone else keeps seeing it, whatever the visibility settings.
    await addFollower(tx, "deal", input.id, actor.userId);
  }
  await tx.update(crmDeals).set(changes).where(eq(crmDeals.id, input.id));
  if (input.contactIds !== undefined) await replaceContacts(tx, input.id, input.contactIds);

  const after = await getDeal(tx, input.id, actor.userId);
  const { stageId: _bs, pipelineId: _bp, status: _bst, lostReason: _bl, ...beforeFields } = dealAuditSnapshot(before);
  const { stageId: _as, pipelineId: _ap, status: _ast, lostReason: _al, ...afterFields } = dealAuditSnapshot(after);
  if (JSON.stringify(beforeFields) !== JSON.stringify(afterFields)) {
    await recordAudit(tx, { action: "crm.deal.updated", entityType: "crm.deal", entityId: input.id, before: dealAuditSnapshot(before), after: dealAuditSnapshot(after) });
  }
  if (stageChanged) {
    await auditStageChange(
      tx,
      { id: input.id, title: after.title },
      { pipelineId: current.pipeline_id, stageId: current.stage_id, stageName: current.stage_name, status: current.status },
      { pipelineId: stage.pipelineId, stageId: stage.id, stageName: stage.name, status: closing.status },
    );
  }
  await auditClosing(tx, { id: input.id, title: after.title }, current.closing, closing);
  if (input.ownerId && input.ownerId !== current.owner_id && input.ownerId !== actor.userId) await announceDealOwner(tx, actor, input.id, input.ownerId, after.title);
  return after;
}

/**
 * Links the deal to exactly `contactIds` among the contacts the caller sees; links to
 * contacts hidden from them stay (they could not have chosen to remove those).
 */
async function replaceContacts(tx: TenantTx, dealId: string, contactIds: string[]) {
  await tx.execute(sql`
    delete from crm_deal_contacts dc
     where dc.deal_id = ${dealId} and dc.contact_id <> all(${sql.param(contactIds)}::uuid[])
       and exists (select 1 from crm_contacts c where c.tenant_id = dc.tenant_id and c.id = dc.contact_id and c.deleted_at is null)`);
  if (contactIds.length) {
    await tx
      .insert(crmDealContacts)
      .values(contactIds.map((contactId) => ({ dealId, contactId })))
      .onConflictDoNothing();
  }
}

/**
 * Deletes a deal: it moves to the trash with its activities and contact links (hidden, not
 * removed), restorable for 30 days, then purged (see ../trash.ts).
 */
export async function deleteDeal(tx: TenantTx, actor: CrmActor, id: string): Promise<void> {
  await crmTrash.trashRecord(tx, actor, "deal", id);
}
