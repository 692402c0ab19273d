import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;
export type OrganizationSettings = Outputs["orgs"]["settings"];
export type Member = Outputs["members"]["list"][number];
export type Invitation = Outputs["invitations"]["list"][number];
export type InvitationPreview = Outputs["invitations"]["preview"];
