import { createTRPCRouter, roleProcedure, tenantProcedure } from "../../../api/trpc";
import { idInput } from "../common";
import { cancelImport, getImport, importErrorsInput, importListInput, importMappingInput, listImportErrors, listImports, previewImport, startImport } from "../imports/imports";
import { CRM } from "../permissions";

/*
 * CSV imports: the upload is a route handler (POST /api/crm/imports, a file does not
 * fit tRPC); mapping, preview, start and progress are here. Viewers may follow
 * imports; members import.
 */
export const importsRouter = createTRPCRouter({
  list: tenantProcedure.input(importListInput).query(({ ctx, input }) => listImports(ctx.db, input)),
  get: tenantProcedure.input(idInput).query(({ ctx, input }) => getImport(ctx.db, ctx.actor, input.id)),
  errors: tenantProcedure.input(importErrorsInput).query(({ ctx, input }) => listImportErrors(ctx.db, input)),
  preview: roleProcedure(CRM.edit).input(importMappingInput).query(({ ctx, input }) => previewImport(ctx.db, ctx.actor, input)),
  start: roleProcedure(CRM.edit).input(importMappingInput).mutation(({ ctx, input }) => startImport(ctx.db, ctx.actor, input)),
  cancel: roleProcedure(CRM.edit).input(idInput).mutation(({ ctx, input }) => cancelImport(ctx.db, ctx.actor, input.id)),
});
