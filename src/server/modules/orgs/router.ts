import { createTRPCRouter, currentUser, protectedProcedure, tenantProcedure } from "../../api/trpc";
import { createOrganization, getOrganizationSummary, listMembers, listMyOrganizations } from "./service";
import { createOrganizationInput } from "./validation";

export const orgsRouter = createTRPCRouter({
  create: protectedProcedure.input(createOrganizationInput).mutation(async ({ ctx, input }) => {
    await currentUser(ctx);
    return createOrganization(ctx.session.userId, input, ctx.requestId);
  }),

  listMine: protectedProcedure.query(async ({ ctx }) => {
    await currentUser(ctx);
    return listMyOrganizations(ctx.session.userId);
  }),

  current: tenantProcedure.query(async ({ ctx }) => {
    const summary = await getOrganizationSummary(ctx.db);
    return { ...summary!, role: ctx.role };
  }),

  members: tenantProcedure.query(({ ctx }) => listMembers(ctx.db)),
});
