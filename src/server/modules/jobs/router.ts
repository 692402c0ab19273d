import { z } from "zod";
import { createTRPCRouter, roleProcedure } from "../../api/trpc";
import { countEventsByStatus, jobsListInput, listRecentEvents, retryDeadEvent, sendTestEvent } from "./service";

/** Settings → Jobs (owners and admins). */
export const jobsRouter = createTRPCRouter({
  list: roleProcedure("admin").input(jobsListInput).query(({ ctx, input }) => listRecentEvents(ctx.db, input)),
  counts: roleProcedure("admin").query(({ ctx }) => countEventsByStatus(ctx.db)),
  retry: roleProcedure("admin")
    .input(z.object({ id: z.uuid("Invalid event id.") }))
    .mutation(({ ctx, input }) => retryDeadEvent(ctx.db, input.id)),
  sendTestEvent: roleProcedure("admin").mutation(({ ctx }) => sendTestEvent(ctx.db, ctx.userId)),
});
