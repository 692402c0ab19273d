"use client";

import { SectionTabs, type SectionTab } from "@/components/ui/section-tabs";

/* The accounting's tabs. Journal holds the entry pages too (/accounting/entries/…), Accounts the ledgers (/accounting/accounts/…); an invoice's or bill's own page (/accounting/documents/…) is under no tab. */
const TABS = [
  { key: "journal", label: "Journal", href: "", also: "/entries" },
  { key: "invoices", label: "Invoices", href: "/invoices" },
  { key: "bills", label: "Bills", href: "/bills" },
  { key: "payments", label: "Payments", href: "/payments" },
  { key: "accounts", label: "Chart of accounts", href: "/accounts" },
  { key: "reports", label: "Reports", href: "/reports" },
] as const satisfies readonly SectionTab[];

export function AccountingNav({ base }: { base: string }) {
  return <SectionTabs base={base} label="Accounting sections" tabs={TABS} />;
}
