import { TRPCError } from "@trpc/server";
import { createTRPCRouter, currentUser, protectedProcedure } from "../../api/trpc";
import {
  listOrganizations,
  listOrganizationsInput,
  setOrganizationPlan,
  setPlanInput,
  suspendOrganization,
  suspendOrganizationInput,
  unsuspendOrganization,
  unsuspendOrganizationInput,
} from "../orgs/administration";
import { inboxEventDetail, inboxEventInput, listInboxEvents, listInboxInput, replayInboxEvent } from "../billing/inbox";

/**
 * The platform super admin (SUPER_ADMIN_EMAIL), checked on every call against the
 * user's current email and session version. Not a tenant procedure: the super admin
 * is a member of no tenant through this, and sees no tenant's data.
 */
const superAdminProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  const user = await currentUser(ctx);
  if (!user.isSuperAdmin) throw new TRPCError({ code: "FORBIDDEN", message: "Only the platform super admin can do this." });
  return next({ ctx: { ...ctx, admin: user } });
});

/** /admin: every organization, suspend and unsuspend, set the plan; /admin/billing: the Stripe webhook inbox. */
export const adminRouter = createTRPCRouter({
  organizations: superAdminProcedure.input(listOrganizationsInput).query(({ input }) => listOrganizations(input)),
  suspend: superAdminProcedure
    .input(suspendOrganizationInput)
    .mutation(({ ctx, input }) => suspendOrganization(ctx.admin.id, input.tenantId, input.reason, ctx.requestId)),
  unsuspend: superAdminProcedure
    .input(unsuspendOrganizationInput)
    .mutation(({ ctx, input }) => unsuspendOrganization(ctx.admin.id, input.tenantId, ctx.requestId)),
  setPlan: superAdminProcedure.input(setPlanInput).mutation(({ ctx, input }) => setOrganizationPlan(ctx.admin.id, input, ctx.requestId)),
  billingEvents: superAdminProcedure.input(listInboxInput).query(({ input }) => listInboxEvents(input)),
  billingEvent: superAdminProcedure.input(inboxEventInput).query(({ input }) => inboxEventDetail(input)),
  replayBillingEvent: superAdminProcedure.input(inboxEventInput).mutation(({ ctx, input }) => replayInboxEvent(ctx.admin.id, input, ctx.requestId)),
});
