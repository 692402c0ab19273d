import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/tenant";
import { NotFound, ValidationFailed } from "../../../platform/errors";
import { multilineText, parseInput } from "../../../platform/validate";
import { recordAudit } from "../../audit/service";
import type { CrmActor } from "../common";
import { crmDeals, type DealStatus } from "../schema";

/*
 * How a deal moves through stages. The stage decides the status: moving into a won or
 * lost stage closes the deal (lost needs a reason), moving back into an open stage
 * reopens it; in an open stage a deal can also be marked won or lost where it stands.
 * Stage changes, wins, losses and reopenings are audited as their own actions (record
 * timelines show them).
 */

export const DEAL_NOT_FOUND = "This deal does not exist, or you do not have access to it.";

export const lostReasonInput = multilineText().trim().max(500, "A lost reason can be at most 500 characters.");

export const moveDealInput = z.object({ dealId: z.uuid(), stageId: z.uuid("Choose a stage."), lostReason: lostReasonInput.nullish() });

export type Closing = { status: DealStatus; closedAt: Date | null; lostReason: string | null };
export type StageRef = { id: string; name: string; outcome: DealStatus; pipelineId: string };

/**
 * The status, closing time and lost reason after a deal goes to `stage` (or stays, when
 * `stageChanged` is false) with an optional requested status and lost reason.
 */
export function nextClosing(
  current: Closing,
  stage: Pick<StageRef, "name" | "outcome">,
  stageChanged: boolean,
  requested: { status?: DealStatus | undefined; lostReason?: string | null | undefined },
  now = new Date(),
): Closing {
  const status = stage.outcome !== "open" ? stage.outcome : (requested.status ?? (stageChanged ? "open" : current.status));
  if (requested.status && requested.status !== status) {
    throw new ValidationFailed({ status: [`Deals in the stage “${stage.name}” are ${stage.outcome}. Move the deal to another stage to change its status.`] });
  }
  const given = requested.lostReason === undefined ? undefined : requested.lostReason || null;
  const lostReason = status !== "lost" ? null : given !== undefined ? given : current.status === "lost" ? current.lostReason : null;
  if (status === "lost" && !lostReason) throw new ValidationFailed({ lostReason: ["Say why the deal was lost."] });
  const closedAt = status === "open" ? null : status === current.status && current.closedAt ? current.closedAt : now;
  return { status, closedAt, lostReason };
}

export type Placement = { pipelineId: string; stageId: string; stageName: string; status: DealStatus };

/** The deal an audit entry is about: its title goes into the entry, so the log can name it after it is renamed or deleted. */
export type DealRef = { id: string; title: string };

export async function auditStageChange(tx: TenantTx, deal: DealRef, before: Placement, after: Placement) {
  await recordAudit(tx, {
    action: "crm.deal.stage_changed",
    entityType: "crm.deal",
    entityId: deal.id,
    before: { stageId: before.stageId, stageName: before.stageName, status: before.status, pipelineId: before.pipelineId },
    after: { title: deal.title, stageId: after.stageId, stageName: after.stageName, status: after.status, pipelineId: after.pipelineId },
  });
}

/** `crm.deal.won` / `crm.deal.lost` when a deal closes (or closes the other way), `crm.deal.reopened` when it opens again. */
export async function auditClosing(tx: TenantTx, deal: DealRef, before: Closing, after: Closing) {
  if (before.status === after.status) return;
  const action = after.status === "open" ? "crm.deal.reopened" : `crm.deal.${after.status}`;
  await recordAudit(tx, {
    action,
    entityType: "crm.deal",
    entityId: deal.id,
    before: { status: before.status, lostReason: before.lostReason },
    after: { title: deal.title, status: after.status, lostReason: after.lostReason, closedAt: after.closedAt },
  });
}

/**
 * The board's drag and drop: one locking read (deal + both stages), one update, and the
 * stage-change (and won/lost) audit entries. Stays within the deal's pipeline.
 */
export async function moveDeal(tx: TenantTx, _actor: CrmActor, rawInput: z.input<typeof moveDealInput>) {
  const input = parseInput(moveDealInput, rawInput);
  const [row] = await tx.execute<{
    title: string;
    pipeline_id: string;
    stage_id: string;
    stage_name: string;
    pipeline_archived: boolean;
    status: DealStatus;
    lost_reason: string | null;
    closed_at: string | null;
    stage_changed_at: string;
    to_id: string | null;
    to_name: string | null;
    to_outcome: DealStatus | null;
  }>(sql`
    select d.title, d.pipeline_id, d.stage_id, s.name as stage_name, p.archived_at is not null as pipeline_archived, d.status, d.lost_reason,
           d.closed_at, d.stage_changed_at, t.id as to_id, t.name as to_name, t.outcome as to_outcome
      from crm_deals d
      join crm_stages s on s.tenant_id = d.tenant_id and s.id = d.stage_id
      join crm_pipelines p on p.tenant_id = d.tenant_id and p.id = d.pipeline_id
      left join crm_stages t on t.tenant_id = d.tenant_id and t.id = ${input.stageId} and t.pipeline_id = d.pipeline_id and t.archived_at is null
     where d.id = ${input.dealId} and d.deleted_at is null
       for update of d`);
  if (!row) throw new NotFound(DEAL_NOT_FOUND);
  if (!row.to_id || !row.to_name || !row.to_outcome) throw new ValidationFailed({ stageId: ["Choose a stage of this deal's pipeline."] });
  const current: Closing = { status: row.status, closedAt: row.closed_at ? new Date(row.closed_at) : null, lostReason: row.lost_reason };
  if (row.to_id === row.stage_id) {
    return { id: input.dealId, stageId: row.stage_id, ...current, stageChangedAt: new Date(row.stage_changed_at) };
  }
  if (row.pipeline_archived) throw new ValidationFailed({ stageId: ["This deal's pipeline is archived. Move the deal to an active pipeline from its page."] });
  const closing = nextClosing(current, { name: row.to_name, outcome: row.to_outcome }, true, { lostReason: input.lostReason });
  const stageChangedAt = new Date();
  await tx
    .update(crmDeals)
    .set({ stageId: row.to_id, ...closing, stageChangedAt, updatedAt: stageChangedAt })
    .where(eq(crmDeals.id, input.dealId));
  const deal = { id: input.dealId, title: row.title };
  await auditStageChange(
    tx,
    deal,
    { pipelineId: row.pipeline_id, stageId: row.stage_id, stageName: row.stage_name, status: row.status },
    { pipelineId: row.pipeline_id, stageId: row.to_id, stageName: row.to_name, status: closing.status },
  );
  await auditClosing(tx, deal, current, closing);
  return { id: input.dealId, stageId: row.to_id, ...closing, stageChangedAt };
}

