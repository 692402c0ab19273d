import { createTRPCRouter, roleProcedure, tenantProcedure } from "../../../api/trpc";
import { bulkCountInput, bulkInput, cancelBulkJob, countBulkSelection, getBulkJob, runBulk } from "../bulk/bulk";
import { idInput } from "../common";
import { CRM } from "../permissions";

/*
 * Bulk actions on the CRM lists: members run them (each record through its own service,
 * with their visibility); everyone may count a filter's records (the selection bar) and
 * follow the runs they started. Exporting a selection is the CSV export route.
 */
export const bulkRouter = createTRPCRouter({
  run: roleProcedure(CRM.edit).input(bulkInput).mutation(({ ctx, input }) => runBulk(ctx.db, ctx.actor, input)),
  get: roleProcedure(CRM.edit).input(idInput).query(({ ctx, input }) => getBulkJob(ctx.db, ctx.actor, input.id)),
  cancel: roleProcedure(CRM.edit).input(idInput).mutation(({ ctx, input }) => cancelBulkJob(ctx.db, ctx.actor, input.id)),
  count: tenantProcedure.input(bulkCountInput).query(({ ctx, input }) => countBulkSelection(ctx.db, input)),
});
