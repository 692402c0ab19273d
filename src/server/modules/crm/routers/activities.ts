import { createTRPCRouter, roleProcedure, tenantProcedure } from "../../../api/trpc";
import {
  createActivity,
  createActivityInput,
  deleteActivity,
  getActivity,
  setDoneInput,
  setTaskDone,
  updateActivity,
  updateActivityInput,
} from "../activities/activities";
import { listMyTasks, myTasksInput } from "../activities/my-tasks";
import { getTimeline, timelineInput } from "../activities/timeline";
import { idInput } from "../common";
import { CRM } from "../permissions";

/*
 * Activities, record timelines and "my tasks". Viewers read; members log activities and
 * change the ones they created or are assigned to (the service checks that); admins any.
 */
export const activitiesRouter = createTRPCRouter({
  get: tenantProcedure.input(idInput).query(({ ctx, input }) => getActivity(ctx.db, ctx.actor, input.id)),
  timeline: tenantProcedure.input(timelineInput).query(({ ctx, input }) => getTimeline(ctx.db, ctx.actor, input)),
  myTasks: tenantProcedure.input(myTasksInput).query(({ ctx, input }) => listMyTasks(ctx.db, ctx.actor, input)),
  create: roleProcedure(CRM.edit).input(createActivityInput).mutation(({ ctx, input }) => createActivity(ctx.db, ctx.actor, input)),
  update: roleProcedure(CRM.edit).input(updateActivityInput).mutation(({ ctx, input }) => updateActivity(ctx.db, ctx.actor, input)),
  delete: roleProcedure(CRM.edit).input(idInput).mutation(({ ctx, input }) => deleteActivity(ctx.db, ctx.actor, input.id)),
  setDone: roleProcedure(CRM.edit).input(setDoneInput).mutation(({ ctx, input }) => setTaskDone(ctx.db, ctx.actor, input)),
});
