import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../db/tenant";
import { Conflict, NotFound, ValidationFailed, pgErrorCode } from "../../platform/errors";
import { parseInput, plainText } from "../../platform/validate";
import { recordAudit } from "../audit/service";
import type { CrmActor } from "./common";
import { crmPipelines, crmStages, dealStatus, type DealStatus } from "./schema";

/*
 * Pipelines and their ordered stages, configured by admins. Every tenant has exactly one
 * default pipeline (created with the organization). A stage's outcome says what moving a
 * deal into it means: open stages keep it open, a won or lost stage closes it. So a
 * pipeline always keeps at least one open stage, a stage holding deals changes its
 * outcome only when that cannot contradict them, and a stage is removed only once empty
 * or with its deals moved to a stage of the same pipeline and outcome.
 */

export type Stage = { id: string; pipelineId: string; name: string; position: number; probability: number; outcome: DealStatus };
export type Pipeline = { id: string; name: string; position: number; isDefault: boolean; archivedAt: Date | null; stages: (Stage & { dealCount?: number })[] };

const pipelineName = plainText().trim().min(1, "Give the pipeline a name.").max(80, "A pipeline name can be at most 80 characters.");
const stageName = plainText().trim().min(1, "Give the stage a name.").max(60, "A stage name can be at most 60 characters.");
const probability = z.number("Enter a probability from 0 to 100.").int("Use a whole number from 0 to 100.").min(0, "Use 0 to 100.").max(100, "Use 0 to 100.");
const outcome = z.enum(dealStatus.enumValues);

/** Without a probability: won stages count fully, lost ones not at all, open ones half. */
const DEFAULT_PROBABILITY: Record<DealStatus, number> = { open: 50, won: 100, lost: 0 };

const stageInput = z.object({ name: stageName, probability: probability.optional(), outcome: outcome.default("open") });

export const createPipelineInput = z.object({
  name: pipelineName,
  stages: z.array(stageInput).min(1, "Add at least one stage.").max(30, "A pipeline can have at most 30 stages."),
});
export const renamePipelineInput = z.object({ id: z.uuid(), name: pipelineName });
export const addStageInput = z.object({
  pipelineId: z.uuid(),
  name: stageName,
  probability: probability.optional(),
  outcome: outcome.default("open"),
  /** 0-based place among the pipeline's stages; left out: an open stage after the last open one, a closed one at the end. */
  position: z.number().int().min(0).max(100).optional(),
});
export const updateStageInput = z.object({ id: z.uuid(), name: stageName.optional(), probability: probability.optional(), outcome: outcome.optional() });
export const reorderStagesInput = z.object({ pipelineId: z.uuid(), stageIds: z.array(z.uuid()).min(1).max(100) });
export const removeStageInput = z.object({ id: z.uuid(), moveDealsToStageId: z.uuid().optional() });
export const archivePipelineInput = z.object({ id: z.uuid(), moveOpenDealsToStageId: z.uuid().optional() });

const PIPELINE_NOT_FOUND = "This pipeline does not exist.";
const STAGE_NOT_FOUND = "This stage does not exist.";

const stageColumns = {
  id: crmStages.id,
  pipelineId: crmStages.pipelineId,
  name: crmStages.name,
  position: crmStages.position,
  probability: crmStages.probability,
  outcome: crmStages.outcome,
};

/** Pipelines (default first, then by position) with their stages in order. `withDealCounts` counts the deals the caller sees per stage. */
export async function listPipelines(tx: TenantTx, options: { includeArchived?: boolean; withDealCounts?: boolean } = {}): Promise<Pipeline[]> {
  const pipelines = await tx
    .select({ id: crmPipelines.id, name: crmPipelines.name, position: crmPipelines.position, isDefault: crmPipelines.isDefault, archivedAt: crmPipelines.archivedAt })
    .from(crmPipelines)
    .where(options.includeArchived ? undefined : isNull(crmPipelines.archivedAt))
    .orderBy(sql`${crmPipelines.isDefault} desc`, asc(crmPipelines.position), asc(sql`lower(${crmPipelines.name})`));
  const stages = await tx.select(stageColumns).from(crmStages).where(isNull(crmStages.archivedAt)).orderBy(asc(crmStages.position), asc(crmStages.id));
  const counts = new Map<string, number>();
  if (options.withDealCounts) {
    const rows = await tx.execute<{ stage_id: string; count: number }>(sql`select stage_id, count(*)::int as count from crm_deals group by stage_id`);
    for (const row of rows) counts.set(row.stage_id, row.count);
  }
  return pipelines.map((p) => ({
    ...p,
    stages: stages
      .filter((s) => s.pipelineId === p.id)
      .map((s) => (options.withDealCounts ? { ...s, dealCount: counts.get(s.id) ?? 0 } : s)),
  }));
}

/** The pipeline's row, locked so structure changes of one pipeline apply one after the other. */
async function lockPipeline(tx: TenantTx, id: string, options: { allowArchived?: boolean } = {}) {
  const [pipeline] = await tx.select().from(crmPipelines).where(eq(crmPipelines.id, id)).for("update");
  if (!pipeline) throw new NotFound(PIPELINE_NOT_FOUND);
  if (pipeline.archivedAt && !options.allowArchived) throw new Conflict(`The pipeline “${pipeline.name}” is archived; it can no longer be changed.`);
  return pipeline;
}

async function stagesOf(tx: TenantTx, pipelineId: string): Promise<Stage[]> {
  return tx
    .select(stageColumns)
    .from(crmStages)
    .where(and(eq(crmStages.pipelineId, pipelineId), isNull(crmStages.archivedAt)))
    .orderBy(asc(crmStages.position), asc(crmStages.id));
}

/** A stage and its (locked) pipeline. */
async function lockStage(tx: TenantTx, id: string) {
  const [found] = await tx.select({ pipelineId: crmStages.pipelineId }).from(crmStages).where(eq(crmStages.id, id));
  if (!found) throw new NotFound(STAGE_NOT_FOUND);
  const pipeline = await lockPipeline(tx, found.pipelineId);
  // Read under the lock: a concurrent removal has either finished or not started.
  const stages = await stagesOf(tx, found.pipelineId);
  const stage = stages.find((s) => s.id === id);
  if (!stage) throw new NotFound(STAGE_NOT_FOUND);
  return { stage, pipeline, stages };
}

function assertNameFree(stages: Pick<Stage, "id" | "name">[], name: string, exceptId: string | null, field = "name") {
  if (stages.some((s) => s.id !== exceptId && s.name.toLowerCase() === name.toLowerCase())) {
    throw new ValidationFailed({ [field]: [`This pipeline already has a stage named “${name}”. Choose another name.`] });
  }
}

function nameTaken(name: string) {
  return (error: unknown): never => {
    if (pgErrorCode(error) === "23505") throw new Conflict(`A pipeline named “${name}” already exists. Choose another name.`);
    throw error;
  };
}

const snapshotStage = (s: Stage) => ({ id: s.id, name: s.name, position: s.position, probability: s.probability, outcome: s.outcome });

export async function createPipeline(tx: TenantTx, _actor: CrmActor, rawInput: z.input<typeof createPipelineInput>): Promise<Pipeline> {
  const input = parseInput(createPipelineInput, rawInput);
  if (!input.stages.some((s) => s.outcome === "open")) throw new ValidationFailed({ stages: ["A pipeline needs at least one open stage."] });
  const seen = new Set<string>();
  input.stages.forEach((stage, i) => {
    if (seen.has(stage.name.toLowerCase())) throw new ValidationFailed({ [`stages.${i}.name`]: [`Two stages are named “${stage.name}”. Give each stage its own name.`] });
    seen.add(stage.name.toLowerCase());
  });
  const [{ next } = { next: 0 }] = await tx.execute<{ next: number }>(sql`select coalesce(max(position) + 1, 0)::int as next from crm_pipelines`);
  const [pipeline] = await tx.insert(crmPipelines).values({ name: input.name, position: next }).returning().catch(nameTaken(input.name));
  const stages = await tx
    .insert(crmStages)
    .values(input.stages.map((s, i) => ({ pipelineId: pipeline!.id, name: s.name, position: i, probability: s.probability ?? DEFAULT_PROBABILITY[s.outcome], outcome: s.outcome })))
    .returning(stageColumns);
  await recordAudit(tx, { action: "crm.pipeline.created", entityType: "crm.pipeline", entityId: pipeline!.id, after: { name: pipeline!.name, stages: stages.map(snapshotStage) } });
  return { id: pipeline!.id, name: pipeline!.name, position: pipeline!.position, isDefault: false, archivedAt: null, stages };
}

export async function renamePipeline(tx: TenantTx, _actor: CrmActor, rawInput: z.input<typeof renamePipelineInput>) {
  const input = parseInput(renamePipelineInput, rawInput);
  const before = await lockPipeline(tx, input.id);
  await tx.update(crmPipelines).set({ name: input.name, updatedAt: new Date() }).where(eq(crmPipelines.id, input.id)).catch(nameTaken(input.name));
  await recordAudit(tx, { action: "crm.pipeline.renamed", entityType: "crm.pipeline", entityId: input.id, before: { name: before.name }, after: { name: input.name } });
  return { id: input.id, name: input.name };
}

export async function setDefaultPipeline(tx: TenantTx, _actor: CrmActor, id: string) {
  const pipeline = await lockPipeline(tx, id);
  if (pipeline.isDefault) return { id };
  const [previous] = await tx.select({ id: crmPipelines.id, name: crmPipelines.name }).from(crmPipelines).where(eq(crmPipelines.isDefault, true)).for("update");
  // The partial unique index allows one default: clear the old one first.
  await tx.update(crmPipelines).set({ isDefault: false, updatedAt: new Date() }).where(eq(crmPipelines.isDefault, true));
  await tx.update(crmPipelines).set({ isDefault: true, updatedAt: new Date() }).where(eq(crmPipelines.id, id));
  await recordAudit(tx, {
    action: "crm.pipeline.default_changed",
    entityType: "crm.pipeline",
    entityId: id,
    before: previous ? { defaultPipelineId: previous.id, name: previous.name } : null,
    after: { defaultPipelineId: id, name: pipeline.name },
  });
  return { id };
}

export async function addStage(tx: TenantTx, _actor: CrmActor, rawInput: z.input<typeof addStageInput>): Promise<Stage> {
  const input = parseInput(addStageInput, rawInput);
  await lockPipeline(tx, input.pipelineId);
  const stages = await stagesOf(tx, input.pipelineId);
  if (stages.length >= 30) throw new Conflict("A pipeline can have at most 30 stages. Remove one before adding another.");
  assertNameFree(stages, input.name, null);
  const position = Math.min(input.position ?? defaultPosition(stages, input.outcome), stages.length);
  // Positions are renumbered 0…n-1 around the new stage.
  await renumber(tx, [...stages.slice(0, position).map((s) => s.id), null, ...stages.slice(position).map((s) => s.id)]);
  const [stage] = await tx
    .insert(crmStages)
    .values({ pipelineId: input.pipelineId, name: input.name, position, probability: input.probability ?? DEFAULT_PROBABILITY[input.outcome], outcome: input.outcome })
    .returning(stageColumns);
  await recordAudit(tx, { action: "crm.pipeline.stage_added", entityType: "crm.pipeline", entityId: input.pipelineId, after: snapshotStage(stage!) });
  return stage!;
}

/** Where a new stage goes when no place is asked for: open stages stay ahead of Won and Lost. */
function defaultPosition(stages: Pick<Stage, "outcome">[], outcome: DealStatus): number {
  if (outcome !== "open") return stages.length;
  return stages.findLastIndex((s) => s.outcome === "open") + 1;
}

/** Sets positions to the order given; a null leaves a gap (for a stage about to be inserted). */
async function renumber(tx: TenantTx, ids: (string | null)[]) {
  const numbered = ids.map((id, position) => ({ id, position })).filter((s): s is { id: string; position: number } => s.id !== null);
  if (!numbered.length) return;
  await tx.execute(sql`
    update crm_stages s set position = o.position
      from unnest(${sql.param(numbered.map((s) => s.id))}::uuid[], ${sql.param(numbered.map((s) => s.position))}::int[]) as o(id, position)
     where s.id = o.id and s.position <> o.position`);
}

export async function updateStage(tx: TenantTx, _actor: CrmActor, rawInput: z.input<typeof updateStageInput>): Promise<Stage> {
  const input = parseInput(updateStageInput, rawInput);
  const { stage: before, stages } = await lockStage(tx, input.id);
  if (input.name !== undefined) assertNameFree(stages, input.name, before.id);
  if (input.outcome !== undefined && input.outcome !== before.outcome) {
    if (before.outcome === "open" && !stages.some((s) => s.id !== before.id && s.outcome === "open")) {
      throw new Conflict("This is the pipeline's only open stage, and a pipeline needs one. Add another open stage first.");
    }
    if (input.outcome !== "open") {
      // A won or lost stage holds only deals of that status (moving a deal in closes it).
      const [row] = await tx.execute<{ count: number }>(sql`
        select count(*)::int as count from crm_deals where stage_id = ${before.id} and status <> ${input.outcome}`);
      if (row && row.count > 0) {
        throw new Conflict(`${row.count} deal${row.count === 1 ? " is" : "s are"} in this stage and not ${input.outcome}. Move them to another stage first.`);
      }
    }
  }
  const [after] = await tx
    .update(crmStages)
    .set({ name: input.name ?? before.name, probability: input.probability ?? before.probability, outcome: input.outcome ?? before.outcome })
    .where(eq(crmStages.id, input.id))
    .returning(stageColumns);
  await recordAudit(tx, { action: "crm.pipeline.stage_updated", entityType: "crm.pipeline", entityId: before.pipelineId, before: snapshotStage(before), after: snapshotStage(after!) });
  return after!;
}

export async function reorderStages(tx: TenantTx, _actor: CrmActor, rawInput: z.input<typeof reorderStagesInput>): Promise<Stage[]> {
  const input = parseInput(reorderStagesInput, rawInput);
  await lockPipeline(tx, input.pipelineId);
  const stages = await stagesOf(tx, input.pipelineId);
  const given = new Set(input.stageIds);
  if (given.size !== input.stageIds.length || given.size !== stages.length || stages.some((s) => !given.has(s.id))) {
    throw new ValidationFailed({ stageIds: ["List every stage of this pipeline exactly once. The stages may have changed meanwhile; reload and try again."] });
  }
  await renumber(tx, input.stageIds);
  const after = await stagesOf(tx, input.pipelineId);
  await recordAudit(tx, {
    action: "crm.pipeline.stages_reordered",
    entityType: "crm.pipeline",
    entityId: input.pipelineId,
    before: { stages: stages.map((s) => s.name) },
    after: { stages: after.map((s) => s.name) },
  });
  return after;
}

type MovedDeal = { id: string; status: DealStatus };

/** Audits each moved deal's stage change, as a drag on the board would (the record timelines show these). */
async function auditMovedDeals(
  tx: TenantTx,
  moved: MovedDeal[],
  from: { pipelineId: string; stageId: string; stageName: string },
  to: { pipelineId: string; stageId: string; stageName: string },
) {
  for (const deal of moved) {
    await recordAudit(tx, {
      action: "crm.deal.stage_changed",
      entityType: "crm.deal",
      entityId: deal.id,
      before: { ...from, status: deal.status },
      after: { ...to, status: deal.status },
    });
  }
}

/**
 * Removes an empty stage, or moves its deals to `moveDealsToStageId` (same pipeline,
 * same outcome, so no deal changes status) and removes it. Admins see every deal, so
 * "empty" is checked against all of them; the foreign key is the backstop.
 */
export async function removeStage(tx: TenantTx, _actor: CrmActor, rawInput: z.input<typeof removeStageInput>) {
  const input = parseInput(removeStageInput, rawInput);
  const { stage, stages } = await lockStage(tx, input.id);
  if (stage.outcome === "open" && !stages.some((s) => s.id !== stage.id && s.outcome === "open")) {
    throw new Conflict("This is the pipeline's only open stage, and a pipeline needs one. Add another open stage first.");
  }
  let target: Stage | undefined;
  if (input.moveDealsToStageId) {
    target = stages.find((s) => s.id === input.moveDealsToStageId && s.id !== stage.id);
    if (!target) throw new ValidationFailed({ moveDealsToStageId: ["Choose another stage of the same pipeline."] });
    if (target.outcome !== stage.outcome) {
      throw new ValidationFailed({ moveDealsToStageId: [`Choose a stage whose deals are ${stage.outcome}, like this one, so no deal changes its status.`] });
    }
  }
  const [{ count } = { count: 0 }] = await tx.execute<{ count: number }>(sql`select count(*)::int as count from crm_deals where stage_id = ${stage.id}`);
  let moved: MovedDeal[] = [];
  if (count > 0) {
    if (!target) throw new Conflict(`${count} deal${count === 1 ? " is" : "s are"} in the stage “${stage.name}”. Choose a stage to move ${count === 1 ? "it" : "them"} to, then remove it.`);
    moved = await tx.execute<MovedDeal>(sql`
      update crm_deals set stage_id = ${target.id}, stage_changed_at = now(), updated_at = now()
       where stage_id = ${stage.id} returning id, status`);
    await auditMovedDeals(tx, moved, { pipelineId: stage.pipelineId, stageId: stage.id, stageName: stage.name }, { pipelineId: target.pipelineId, stageId: target.id, stageName: target.name });
  }
  await tx
    .delete(crmStages)
    .where(eq(crmStages.id, stage.id))
    .catch((error: unknown) => {
      if (pgErrorCode(error) === "23503") throw new Conflict("A deal was just added to this stage. Try removing it again.");
      throw error;
    });
  await renumber(tx, stages.filter((s) => s.id !== stage.id).map((s) => s.id));
  await recordAudit(tx, {
    action: "crm.pipeline.stage_removed",
    entityType: "crm.pipeline",
    entityId: stage.pipelineId,
    before: snapshotStage(stage),
    after: { movedDeals: moved.length, movedToStageId: target && moved.length ? target.id : null },
  });
  return { movedDeals: moved.length };
}

/**
 * Archives a pipeline that is not the default. Its open deals must go first: to
 * `moveOpenDealsToStageId`, an open stage of another active pipeline. Closed deals stay
 * (reports and lists keep them).
 */
export async function archivePipeline(tx: TenantTx, _actor: CrmActor, rawInput: z.input<typeof archivePipelineInput>) {
  const input = parseInput(archivePipelineInput, rawInput);
  const pipeline = await lockPipeline(tx, input.id, { allowArchived: true });
  if (pipeline.archivedAt) throw new Conflict(`The pipeline “${pipeline.name}” is already archived.`);
  if (pipeline.isDefault) throw new Conflict("The default pipeline cannot be archived. Make another pipeline the default first.");
  const [{ count } = { count: 0 }] = await tx.execute<{ count: number }>(sql`select count(*)::int as count from crm_deals where pipeline_id = ${input.id} and status = 'open'`);
  if (count > 0 && !input.moveOpenDealsToStageId) {
    throw new Conflict(`${count} open deal${count === 1 ? " is" : "s are"} in this pipeline. Choose a stage of another pipeline to move ${count === 1 ? "it" : "them"} to, then archive it.`);
  }
  let moved = 0;
  if (input.moveOpenDealsToStageId) {
    const [target] = await tx.execute<{ id: string; name: string; pipeline_id: string }>(sql`
      select s.id, s.name, s.pipeline_id from crm_stages s join crm_pipelines p on p.tenant_id = s.tenant_id and p.id = s.pipeline_id
       where s.id = ${input.moveOpenDealsToStageId} and s.outcome = 'open' and s.archived_at is null and p.archived_at is null and p.id <> ${input.id}`);
    if (!target) throw new ValidationFailed({ moveOpenDealsToStageId: ["Choose an open stage of another active pipeline."] });
    // The join reads each deal's stage before the update: the audit's "before".
    const rows = await tx.execute<MovedDeal & { stage_id: string; stage_name: string }>(sql`
      update crm_deals d set pipeline_id = ${target.pipeline_id}, stage_id = ${target.id}, stage_changed_at = now(), updated_at = now()
        from crm_stages s
       where s.tenant_id = d.tenant_id and s.id = d.stage_id and d.pipeline_id = ${input.id} and d.status = 'open'
      returning d.id, d.status, s.id as stage_id, s.name as stage_name`);
    for (const row of rows) {
      await auditMovedDeals(tx, [row], { pipelineId: input.id, stageId: row.stage_id, stageName: row.stage_name }, { pipelineId: target.pipeline_id, stageId: target.id, stageName: target.name });
    }
    moved = rows.length;
  }
  await tx.update(crmPipelines).set({ archivedAt: new Date(), updatedAt: new Date() }).where(eq(crmPipelines.id, input.id));
  await recordAudit(tx, { action: "crm.pipeline.archived", entityType: "crm.pipeline", entityId: input.id, before: { name: pipeline.name }, after: { movedOpenDeals: moved } });
  return { movedOpenDeals: moved };
}

/** The stage a deal goes to by default: the default pipeline's first open stage. */
export async function defaultStage(tx: TenantTx): Promise<Stage> {
  const [row] = await tx.execute<{ pipeline_id: string }>(sql`select neuroops_crm_ensure_default_pipeline() as pipeline_id`);
  return firstOpenStage(tx, row!.pipeline_id);
}

export async function firstOpenStage(tx: TenantTx, pipelineId: string): Promise<Stage> {
  const [stage] = await tx
    .select(stageColumns)
    .from(crmStages)
    .where(and(eq(crmStages.pipelineId, pipelineId), eq(crmStages.outcome, "open"), isNull(crmStages.archivedAt)))
    .orderBy(asc(crmStages.position), asc(crmStages.id))
    .limit(1);
  if (!stage) throw new NotFound(PIPELINE_NOT_FOUND);
  return stage;
}

/** A stage with its pipeline's name and archived state, for placing a deal; null when it does not exist. */
export async function findStage(tx: TenantTx, stageId: string) {
  const [row] = await tx
    .select({ ...stageColumns, pipelineName: crmPipelines.name, pipelineArchivedAt: crmPipelines.archivedAt })
    .from(crmStages)
    .innerJoin(crmPipelines, and(eq(crmPipelines.tenantId, crmStages.tenantId), eq(crmPipelines.id, crmStages.pipelineId)))
    .where(and(eq(crmStages.id, stageId), isNull(crmStages.archivedAt)));
  return row ?? null;
}
