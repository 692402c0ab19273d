import type { RouterOutputs } from "@/trpc/types";

export type OrganizationSettings = RouterOutputs["orgs"]["settings"];
export type Member = RouterOutputs["members"]["list"][number];
export type Invitation = RouterOutputs["invitations"]["list"][number];
export type InvitationPreview = RouterOutputs["invitations"]["preview"];
