import { createTRPCRouter, protectedProcedure, publicProcedure, roleProcedure, tenantProcedure } from "../../api/trpc";
import { z } from "zod";
import {
  acceptAsNewUserInput,
  acceptInvitation,
  acceptInvitationAsNewUser,
  createInvitation,
  createInvitationInput,
  invitationIdInput,
  listOpenInvitations,
  previewInvitation,
  resendInvitation,
  revokeInvitation,
} from "./invitations";
import { changeMemberRole, changeRoleInput, leaveOrganization, removeMember, removeMemberInput } from "./members";
import { createOrganization, getOrganizationSummary, listMembers, listMyOrganizations } from "./service";
import { getOrganizationSettings, removeOrganizationLogo, updateOrganizationSettings } from "./settings";
import { createOrganizationInput, organizationSettingsInput } from "./validation";
import { ORGS } from "./permissions";
import { plainText } from "../../platform/validate";

export const orgsRouter = createTRPCRouter({
  create: protectedProcedure.input(createOrganizationInput).mutation(async ({ ctx, input }) => {
    return createOrganization(ctx.session.userId, input, ctx.requestId);
  }),

  listMine: protectedProcedure.query(async ({ ctx }) => {
    return listMyOrganizations(ctx.session.userId);
  }),

  current: tenantProcedure.query(async ({ ctx }) => {
    const summary = await getOrganizationSummary(ctx.db);
    return { ...summary!, role: ctx.role };
  }),

  /** Settings → Organization: everyone reads, owners and admins change. */
  settings: tenantProcedure.query(({ ctx }) => getOrganizationSettings(ctx.db)),
  updateSettings: roleProcedure(ORGS.manage)
    .input(organizationSettingsInput)
    .mutation(({ ctx, input }) => updateOrganizationSettings(ctx.db, ctx.role, input)),
  removeLogo: roleProcedure(ORGS.manage).mutation(({ ctx }) => removeOrganizationLogo(ctx.db, ctx.role)),
});

export const membersRouter = createTRPCRouter({
  list: tenantProcedure.query(({ ctx }) => listMembers(ctx.db)),
  changeRole: roleProcedure(ORGS.manage)
    .input(changeRoleInput)
    .mutation(({ ctx, input }) => changeMemberRole(ctx.db, ctx.actor, input)),
  remove: roleProcedure(ORGS.manage)
    .input(removeMemberInput)
    .mutation(({ ctx, input }) => removeMember(ctx.db, ctx.actor, input)),
  leave: tenantProcedure.mutation(({ ctx }) => leaveOrganization(ctx.db, ctx.actor)),
});

const tokenInput = z.object({ token: plainText().min(1).max(200) });

export const invitationsRouter = createTRPCRouter({
  list: roleProcedure(ORGS.manage).query(({ ctx }) => listOpenInvitations(ctx.db)),
  create: roleProcedure(ORGS.manage)
    .input(createInvitationInput)
    .mutation(({ ctx, input }) => createInvitation(ctx.db, { ...ctx.actor, name: ctx.user.name }, ctx.tenant, input)),
  resend: roleProcedure(ORGS.manage)
    .input(invitationIdInput)
    .mutation(({ ctx, input }) => resendInvitation(ctx.db, { ...ctx.actor, name: ctx.user.name }, ctx.tenant, input.id)),
  revoke: roleProcedure(ORGS.manage)
    .input(invitationIdInput)
    .mutation(({ ctx, input }) => revokeInvitation(ctx.db, ctx.actor, input.id)),

  /** The invitation page (no sign-in needed; reveals nothing without the right token). */
  preview: publicProcedure.input(tokenInput).query(({ input }) => previewInvitation(input.token)),
  accept: protectedProcedure.input(tokenInput).mutation(async ({ ctx, input }) => {
    const user = ctx.user;
    return acceptInvitation(input.token, user, ctx.requestId);
  }),
  acceptAsNewUser: publicProcedure.input(acceptAsNewUserInput).mutation(({ ctx, input }) => acceptInvitationAsNewUser(input, ctx.requestId)),
});
