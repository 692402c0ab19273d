import { z } from "zod";
import { createTRPCRouter, roleProcedure } from "../../api/trpc";
import { auditListInput, getAuditEntry, listAuditActions, listAuditActors, listAuditEntries } from "./service";

/** Settings → Audit log (owners and admins). */
export const auditRouter = createTRPCRouter({
  list: roleProcedure("admin").input(auditListInput).query(({ ctx, input }) => listAuditEntries(ctx.db, input)),
  get: roleProcedure("admin")
    .input(z.object({ id: z.string().regex(/^\d{1,19}$/, "Invalid audit entry id.") }))
    .query(({ ctx, input }) => getAuditEntry(ctx.db, input.id)),
  /** Values for the filters: the people and actions that appear in the log. */
  filterOptions: roleProcedure("admin").query(async ({ ctx }) => ({
    actors: await listAuditActors(ctx.db),
    actions: await listAuditActions(ctx.db),
  })),
});
