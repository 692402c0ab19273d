"use client";

import { SectionTabs, type SectionTab } from "@/components/ui/section-tabs";

/* The accounting's tabs. Journal holds the entry pages too (/accounting/entries/…), Accounts the ledgers (/accounting/accounts/…). */
const TABS = [
  { key: "journal", label: "Journal", href: "", also: "/entries" },
  { key: "accounts", label: "Chart of accounts", href: "/accounts" },
  { key: "reports", label: "Reports", href: "/reports" },
] as const satisfies readonly SectionTab[];

export function AccountingNav({ base }: { base: string }) {
  return <SectionTabs base={base} label="Accounting sections" tabs={TABS} />;
}
