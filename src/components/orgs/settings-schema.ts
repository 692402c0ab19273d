// The organization settings form validates with the server's own schema (client-safe).
export {
  organizationSettingsInput as organizationSettingsFormSchema,
  type OrganizationSettingsInput as OrganizationSettingsValues,
} from "@/server/modules/orgs/validation";
