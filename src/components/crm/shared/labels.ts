import type { CrmEntityType, CustomFieldType, LifecycleStage, RecordVisibility } from "@/server/modules/crm/schema";

/*
 * Words the CRM pages show for the server's enum values. Kept here (not imported from the
 * services) because those modules reach the database; the `satisfies` checks keep the
 * lists in step with the schema's enums.
 */

export const LIFECYCLE_STAGES = ["lead", "prospect", "customer", "churned"] as const satisfies readonly LifecycleStage[];

export const LIFECYCLE_LABEL = { lead: "Lead", prospect: "Prospect", customer: "Customer", churned: "Churned" } satisfies Record<LifecycleStage, string>;

/** Badge colours: a lead is neutral, customers are good news, churned ones a warning. */
export const LIFECYCLE_BADGE = {
  lead: "bg-surface-sunken text-ink-muted ring-gray-300",
  prospect: "bg-brand-50 text-brand-800 ring-brand-200",
  customer: "bg-success-50 text-success-700 ring-success-700/30",
  churned: "bg-danger-50 text-danger-700 ring-danger-600/30",
} satisfies Record<LifecycleStage, string>;

/** Same list as the companies service's COMPANY_SIZES (employees). */
export const COMPANY_SIZES = ["1-10", "11-50", "51-200", "201-1000", "1001-5000", "5000+"] as const;

export const CUSTOM_FIELD_TYPES = [
  "text",
  "number",
  "money",
  "date",
  "single_select",
  "multi_select",
  "checkbox",
  "member",
] as const satisfies readonly CustomFieldType[];

export const CUSTOM_FIELD_TYPE_LABEL = {
  text: "Text",
  number: "Number",
  money: "Money",
  date: "Date",
  single_select: "Single select",
  multi_select: "Multi select",
  checkbox: "Checkbox",
  member: "Member",
} satisfies Record<CustomFieldType, string>;

export const CUSTOM_FIELD_TYPE_HINT = {
  text: "Free text, up to 2,000 characters.",
  number: "A number, like 42 or 3.5.",
  money: "An amount with its currency.",
  date: "A calendar day.",
  single_select: "One option from a list you define.",
  multi_select: "Any number of options from a list you define.",
  checkbox: "Yes or no.",
  member: "A person in this organization.",
} satisfies Record<CustomFieldType, string>;

export const SELECT_FIELD_TYPES: readonly CustomFieldType[] = ["single_select", "multi_select"];

export const ENTITY_LABEL = {
  contact: { one: "contact", many: "contacts", title: "Contacts" },
  company: { one: "company", many: "companies", title: "Companies" },
  deal: { one: "deal", many: "deals", title: "Deals" },
} satisfies Record<CrmEntityType, { one: string; many: string; title: string }>;

export const VISIBILITY_LABEL = {
  all: "All records",
  own_or_followed: "Only records they own or follow",
} satisfies Record<RecordVisibility, string>;

export const RECORD_VISIBILITIES = ["all", "own_or_followed"] as const satisfies readonly RecordVisibility[];
