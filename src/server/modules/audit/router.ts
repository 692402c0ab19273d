import { z } from "zod";
import { createTRPCRouter, roleProcedure } from "../../api/trpc";
import { int8Text } from "../../platform/validate";
import { auditListInput, getAuditEntry, listAuditActions, listAuditActors, listAuditEntries } from "./service";
import { AUDIT } from "./permissions";

/** Settings → Audit log (owners and admins). */
export const auditRouter = createTRPCRouter({
  list: roleProcedure(AUDIT.read).input(auditListInput).query(({ ctx, input }) => listAuditEntries(ctx.db, input)),
  get: roleProcedure(AUDIT.read)
    .input(z.object({ id: int8Text("Invalid audit entry id.") }))
    .query(({ ctx, input }) => getAuditEntry(ctx.db, input.id)),
  /** Values for the filters: the people and actions that appear in the log. */
  filterOptions: roleProcedure(AUDIT.read).query(async ({ ctx }) => ({
    actors: await listAuditActors(ctx.db),
    actions: await listAuditActions(ctx.db),
  })),
});
