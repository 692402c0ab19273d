import { createTRPCRouter, roleProcedure } from "../../api/trpc";
import { ALL_HOME } from "../index";
import { HOME } from "./permissions";
import { dismissChecklist, loadHome } from "./service";

/** The home page ("what needs me today"), assembled from the modules' contributions. */
export const homeRouter = createTRPCRouter({
  get: roleProcedure(HOME.read).query(({ ctx }) => loadHome(ctx.db, { ...ctx.actor, role: ctx.role }, ctx.tenant.id, ALL_HOME)),
  dismissChecklist: roleProcedure(HOME.checklist).mutation(async ({ ctx }) => {
    await dismissChecklist(ctx.db, ctx.actor, ctx.tenant.id);
    return { dismissed: true };
  }),
});
