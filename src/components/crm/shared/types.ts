import type { RouterInputs, RouterOutputs } from "@/trpc/types";

type CrmOutputs = RouterOutputs["crm"];
type CrmInputs = RouterInputs["crm"];

export type ContactListInput = CrmInputs["contacts"]["list"];
export type CompanyListInput = CrmInputs["companies"]["list"];
export type ContactRow = CrmOutputs["contacts"]["list"]["items"][number];
export type CompanyRow = CrmOutputs["companies"]["list"]["items"][number];
export type ContactDetail = CrmOutputs["contacts"]["get"];
export type CompanyDetail = CrmOutputs["companies"]["get"];
export type CustomFieldDef = CrmOutputs["fields"]["list"][number];
export type SavedView = CrmOutputs["views"]["list"][number];
export type VisibilitySettings = CrmOutputs["settings"]["visibility"];
export type Member = RouterOutputs["members"]["list"][number];

/** The two record kinds these pages list (deals have their own pages). */
export type ListEntity = "contact" | "company";
