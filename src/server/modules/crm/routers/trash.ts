import { createTRPCRouter, roleProcedure, tenantProcedure } from "../../../api/trpc";
import { CRM } from "../permissions";
import { crmTrash } from "../trash";

/*
 * CRM → Trash: deleted contacts, companies and deals for 30 days. Deleting is each
 * entity's `delete` (CRM.edit); restoring needs the same; deleting forever is for admins.
 * Which rows a caller sees is the visibility policy's, as everywhere.
 */
export const trashRouter = createTRPCRouter({
  list: tenantProcedure.input(crmTrash.listTrashInput).query(({ ctx, input }) => crmTrash.listTrash(ctx.db, input)),
  /** One record if it is in the trash (its page's notice), else null. */
  find: tenantProcedure.input(crmTrash.refInput).query(({ ctx, input }) => crmTrash.findTrashed(ctx.db, input)),
  restore: roleProcedure(CRM.edit).input(crmTrash.refInput).mutation(({ ctx, input }) => crmTrash.restoreRecord(ctx.db, ctx.actor, input)),
  purge: roleProcedure(CRM.purge).input(crmTrash.refInput).mutation(({ ctx, input }) => crmTrash.purgeRecord(ctx.db, ctx.actor, input)),
});
