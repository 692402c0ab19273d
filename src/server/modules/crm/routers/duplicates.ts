import { createTRPCRouter, roleProcedure, tenantProcedure } from "../../../api/trpc";
import { idInput } from "../common";
import { companyDuplicates, contactDuplicates, duplicateListInput, listDuplicates } from "../merge/duplicates";
import { draftDuplicates, draftDuplicatesInput } from "../merge/draft-duplicates";
import { listMergesForRecord, mergeInput, mergeRecords, mergesForRecordInput, previewMerge, undoMergeInput, undoMerge } from "../merge/merge";
import { CRM } from "../permissions";

/* Duplicate suggestions (viewers read them), merge and undo (members and above). */
export const duplicatesRouter = createTRPCRouter({
  forContact: tenantProcedure.input(idInput).query(({ ctx, input }) => contactDuplicates(ctx.db, input.id)),
  forCompany: tenantProcedure.input(idInput).query(({ ctx, input }) => companyDuplicates(ctx.db, input.id)),
  list: tenantProcedure.input(duplicateListInput).query(({ ctx, input }) => listDuplicates(ctx.db, input)),
  /** Existing records a contact or company being created looks like (the forms warn, with a link). */
  forDraft: roleProcedure(CRM.read).input(draftDuplicatesInput).query(({ ctx, input }) => draftDuplicates(ctx.db, input)),
  preview: tenantProcedure.input(mergeInput).query(({ ctx, input }) => previewMerge(ctx.db, input)),
  merge: roleProcedure(CRM.edit).input(mergeInput).mutation(({ ctx, input }) => mergeRecords(ctx.db, ctx.actor, input)),
  undo: roleProcedure(CRM.edit).input(undoMergeInput).mutation(({ ctx, input }) => undoMerge(ctx.db, ctx.actor, input)),
  merges: createTRPCRouter({
    forRecord: tenantProcedure.input(mergesForRecordInput).query(({ ctx, input }) => listMergesForRecord(ctx.db, input)),
  }),
});
