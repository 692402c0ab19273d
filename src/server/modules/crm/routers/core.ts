import { z } from "zod";
import { createTRPCRouter, roleProcedure, tenantProcedure } from "../../../api/trpc";
import { idInput } from "../common";
import { createCompany, createCompanyInput, deleteCompany, getCompany, listCompanies, companyListInput, updateCompany, updateCompanyInput } from "../companies/companies";
import { createContact, createContactInput, deleteContact, getContact, listContacts, contactListInput, updateContact, updateContactInput } from "../contacts/contacts";
import { createCustomField, customFieldInput, listCustomFields, setCustomFieldArchived, updateCustomField, updateCustomFieldInput } from "../custom-fields";
import { followRecord, unfollowRecord } from "../followers";
import { crmEntityType } from "../schema";
import { getVisibilitySettings, updateVisibilitySettings, visibilitySettingsInput } from "../settings";
import { createView, createViewInput, deleteView, listViews, updateView, updateViewInput } from "../views";
import { CRM } from "../permissions";

/*
 * CRM procedures: viewers read, members change records, admins configure (custom
 * fields, pipelines, visibility). The database policies decide which records a member
 * or viewer sees; these only check the role.
 */

const entityInput = z.object({ entityType: z.enum(crmEntityType.enumValues) });
const recordRef = z.object({ entityType: z.enum(crmEntityType.enumValues), id: z.uuid() });

export const companiesRouter = createTRPCRouter({
  list: tenantProcedure.input(companyListInput).query(({ ctx, input }) => listCompanies(ctx.db, input)),
  get: tenantProcedure.input(idInput).query(({ ctx, input }) => getCompany(ctx.db, input.id, ctx.userId)),
  create: roleProcedure(CRM.edit).input(createCompanyInput).mutation(({ ctx, input }) => createCompany(ctx.db, ctx.actor, input)),
  update: roleProcedure(CRM.edit).input(updateCompanyInput).mutation(({ ctx, input }) => updateCompany(ctx.db, ctx.actor, input)),
  delete: roleProcedure(CRM.edit).input(idInput).mutation(({ ctx, input }) => deleteCompany(ctx.db, ctx.actor, input.id)),
});

export const contactsRouter = createTRPCRouter({
  list: tenantProcedure.input(contactListInput).query(({ ctx, input }) => listContacts(ctx.db, input)),
  get: tenantProcedure.input(idInput).query(({ ctx, input }) => getContact(ctx.db, input.id, ctx.userId)),
  create: roleProcedure(CRM.edit).input(createContactInput).mutation(({ ctx, input }) => createContact(ctx.db, ctx.actor, input)),
  update: roleProcedure(CRM.edit).input(updateContactInput).mutation(({ ctx, input }) => updateContact(ctx.db, ctx.actor, input)),
  delete: roleProcedure(CRM.edit).input(idInput).mutation(({ ctx, input }) => deleteContact(ctx.db, ctx.actor, input.id)),
});

export const fieldsRouter = createTRPCRouter({
  list: tenantProcedure
    .input(z.object({ entityType: z.enum(crmEntityType.enumValues).optional(), includeArchived: z.boolean().optional() }))
    .query(({ ctx, input }) => listCustomFields(ctx.db, input.entityType, { includeArchived: input.includeArchived })),
  create: roleProcedure(CRM.configure).input(customFieldInput).mutation(({ ctx, input }) => createCustomField(ctx.db, ctx.actor, input)),
  update: roleProcedure(CRM.configure).input(updateCustomFieldInput).mutation(({ ctx, input }) => updateCustomField(ctx.db, ctx.actor, input)),
  archive: roleProcedure(CRM.configure).input(idInput).mutation(({ ctx, input }) => setCustomFieldArchived(ctx.db, ctx.actor, input.id, true)),
  restore: roleProcedure(CRM.configure).input(idInput).mutation(({ ctx, input }) => setCustomFieldArchived(ctx.db, ctx.actor, input.id, false)),
});

export const crmSettingsRouter = createTRPCRouter({
  visibility: tenantProcedure.query(({ ctx }) => getVisibilitySettings(ctx.db)),
  updateVisibility: roleProcedure(CRM.configure).input(visibilitySettingsInput).mutation(({ ctx, input }) => updateVisibilitySettings(ctx.db, ctx.actor, input)),
});

export const followersRouter = createTRPCRouter({
  follow: roleProcedure(CRM.edit).input(recordRef).mutation(({ ctx, input }) => followRecord(ctx.db, ctx.actor, input.entityType, input.id)),
  unfollow: roleProcedure(CRM.edit).input(recordRef).mutation(({ ctx, input }) => unfollowRecord(ctx.db, ctx.actor, input.entityType, input.id)),
});

/** Saved views are personal: every role may keep its own. */
export const viewsRouter = createTRPCRouter({
  list: tenantProcedure.input(entityInput).query(({ ctx, input }) => listViews(ctx.db, ctx.actor, input.entityType)),
  create: tenantProcedure.input(createViewInput).mutation(({ ctx, input }) => createView(ctx.db, ctx.actor, input)),
  update: tenantProcedure.input(updateViewInput).mutation(({ ctx, input }) => updateView(ctx.db, ctx.actor, input)),
  delete: tenantProcedure.input(idInput).mutation(({ ctx, input }) => deleteView(ctx.db, ctx.actor, input.id)),
});

