import { z } from "zod";
import { createTRPCRouter, roleProcedure, tenantProcedure } from "../../../api/trpc";
import { idInput } from "../common";
import { createDeal, createDealInput, deleteDeal, getDeal, updateDeal, updateDealInput } from "../deals/deals";
import { moveDeal, moveDealInput } from "../deals/deals-stage";
import { boardInput, dealListInput, dealsForInput, getBoard, listDeals, listDealsFor } from "../deals/deals-list";
import { CRM } from "../permissions";
import {
  addStage,
  addStageInput,
  archivePipeline,
  archivePipelineInput,
  createPipeline,
  createPipelineInput,
  listPipelines,
  removeStage,
  removeStageInput,
  renamePipeline,
  renamePipelineInput,
  reorderStages,
  reorderStagesInput,
  setDefaultPipeline,
  updateStage,
  updateStageInput,
} from "../pipelines";

/* Deals (members change them, viewers read) and pipelines (admins configure them). */

export const dealsRouter = createTRPCRouter({
  list: tenantProcedure.input(dealListInput).query(({ ctx, input }) => listDeals(ctx.db, input)),
  board: tenantProcedure.input(boardInput).query(({ ctx, input }) => getBoard(ctx.db, input)),
  get: tenantProcedure.input(idInput).query(({ ctx, input }) => getDeal(ctx.db, input.id, ctx.userId)),
  /** The deals of a contact or a company (record pages). */
  forRecord: tenantProcedure.input(dealsForInput).query(({ ctx, input }) => listDealsFor(ctx.db, input)),
  create: roleProcedure(CRM.edit).input(createDealInput).mutation(({ ctx, input }) => createDeal(ctx.db, ctx.actor, input)),
  update: roleProcedure(CRM.edit).input(updateDealInput).mutation(({ ctx, input }) => updateDeal(ctx.db, ctx.actor, input)),
  /** Drag and drop on the board. */
  move: roleProcedure(CRM.edit).input(moveDealInput).mutation(({ ctx, input }) => moveDeal(ctx.db, ctx.actor, input)),
  delete: roleProcedure(CRM.edit).input(idInput).mutation(({ ctx, input }) => deleteDeal(ctx.db, ctx.actor, input.id)),
});

/** Mounted at `crm.pipelines`. */
export const pipelinesRouter = createTRPCRouter({
  list: tenantProcedure
    .input(z.object({ includeArchived: z.boolean().optional(), withDealCounts: z.boolean().optional() }).default({}))
    .query(({ ctx, input }) => listPipelines(ctx.db, input)),
  create: roleProcedure(CRM.configure).input(createPipelineInput).mutation(({ ctx, input }) => createPipeline(ctx.db, ctx.actor, input)),
  rename: roleProcedure(CRM.configure).input(renamePipelineInput).mutation(({ ctx, input }) => renamePipeline(ctx.db, ctx.actor, input)),
  setDefault: roleProcedure(CRM.configure).input(idInput).mutation(({ ctx, input }) => setDefaultPipeline(ctx.db, ctx.actor, input.id)),
  archive: roleProcedure(CRM.configure).input(archivePipelineInput).mutation(({ ctx, input }) => archivePipeline(ctx.db, ctx.actor, input)),
  addStage: roleProcedure(CRM.configure).input(addStageInput).mutation(({ ctx, input }) => addStage(ctx.db, ctx.actor, input)),
  updateStage: roleProcedure(CRM.configure).input(updateStageInput).mutation(({ ctx, input }) => updateStage(ctx.db, ctx.actor, input)),
  reorderStages: roleProcedure(CRM.configure).input(reorderStagesInput).mutation(({ ctx, input }) => reorderStages(ctx.db, ctx.actor, input)),
  removeStage: roleProcedure(CRM.configure).input(removeStageInput).mutation(({ ctx, input }) => removeStage(ctx.db, ctx.actor, input)),
});
