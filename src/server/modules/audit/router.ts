import { z } from "zod";
import { createTRPCRouter, roleProcedure } from "../../api/trpc";
import { auditListInput, getAuditEntry, listAuditEntries } from "./service";

export const auditRouter = createTRPCRouter({
  list: roleProcedure("admin").input(auditListInput).query(({ ctx, input }) => listAuditEntries(ctx.db, input)),
  get: roleProcedure("admin")
    .input(z.object({ id: z.string().regex(/^\d{1,19}$/, "Invalid audit entry id.") }))
    .query(({ ctx, input }) => getAuditEntry(ctx.db, input.id)),
});
