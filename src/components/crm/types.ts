import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type CrmOutputs = inferRouterOutputs<AppRouter>["crm"];
type CrmInputs = inferRouterInputs<AppRouter>["crm"];

export type ContactListInput = CrmInputs["contacts"]["list"];
export type CompanyListInput = CrmInputs["companies"]["list"];
export type ContactRow = CrmOutputs["contacts"]["list"]["items"][number];
export type CompanyRow = CrmOutputs["companies"]["list"]["items"][number];
export type ContactDetail = CrmOutputs["contacts"]["get"];
export type CompanyDetail = CrmOutputs["companies"]["get"];
export type CustomFieldDef = CrmOutputs["fields"]["list"][number];
export type SavedView = CrmOutputs["views"]["list"][number];
export type SearchHit = CrmOutputs["search"][number];
export type VisibilitySettings = CrmOutputs["settings"]["visibility"];
export type Member = inferRouterOutputs<AppRouter>["members"]["list"][number];

/** The two record kinds these pages list (deals have their own pages). */
export type ListEntity = "contact" | "company";
