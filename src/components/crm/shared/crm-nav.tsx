"use client";

import { SectionTabs, type SectionTab } from "@/components/ui/section-tabs";

/*
 * The CRM's tabs. Deals, My tasks, Imports and Duplicates belong to the other CRM areas;
 * their pages live under crm/<area>.
 */
const TABS = [
  { key: "overview", label: "Overview", href: "" },
  { key: "contacts", label: "Contacts", href: "/contacts" },
  { key: "companies", label: "Companies", href: "/companies" },
  { key: "deals", label: "Deals", href: "/deals" },
  { key: "tasks", label: "My tasks", href: "/tasks" },
  { key: "imports", label: "Imports", href: "/imports" },
  { key: "duplicates", label: "Duplicates", href: "/duplicates" },
  { key: "trash", label: "Trash", href: "/trash" },
] as const satisfies readonly SectionTab[];

export function CrmNav({ base }: { base: string }) {
  return <SectionTabs base={base} label="CRM sections" tabs={TABS} />;
}
