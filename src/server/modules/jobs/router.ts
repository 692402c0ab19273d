import { z } from "zod";
import { createTRPCRouter, roleProcedure } from "../../api/trpc";
import { countEventsByStatus, jobsListInput, listRecentEvents, retryDeadEvent, sendTestEvent } from "./service";
import { JOBS } from "./permissions";

/** Settings → Jobs (owners and admins). */
export const jobsRouter = createTRPCRouter({
  list: roleProcedure(JOBS.manage).input(jobsListInput).query(({ ctx, input }) => listRecentEvents(ctx.db, input)),
  counts: roleProcedure(JOBS.manage).query(({ ctx }) => countEventsByStatus(ctx.db)),
  retry: roleProcedure(JOBS.manage)
    .input(z.object({ id: z.uuid("Invalid event id.") }))
    .mutation(({ ctx, input }) => retryDeadEvent(ctx.db, input.id)),
  sendTestEvent: roleProcedure(JOBS.manage).mutation(({ ctx }) => sendTestEvent(ctx.db, ctx.userId)),
});
