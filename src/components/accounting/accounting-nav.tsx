"use client";

import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";

/* The accounting's tabs. Journal holds the entry pages too (/accounting/entries/…), Accounts the ledgers (/accounting/accounts/…). */
const TABS = [
  { key: "journal", label: "Journal", href: "", also: "/entries" },
  { key: "accounts", label: "Chart of accounts", href: "/accounts" },
  { key: "reports", label: "Reports", href: "/reports" },
] as const;

export function AccountingNav({ base }: { base: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Accounting sections" className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul className="flex min-w-max gap-1 border-b border-gray-200">
        {TABS.map((tab) => {
          const href = `${base}${tab.href}`;
          const also = "also" in tab ? `${base}${tab.also}` : null;
          const active =
            tab.href === "" ? pathname === base || (also !== null && pathname.startsWith(`${also}/`)) : pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={tab.key}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={clsx(
                  "-mb-px inline-flex items-center border-b-2 px-3 py-2 text-sm font-medium",
                  active ? "border-brand-600 text-brand-700" : "border-transparent text-ink-muted hover:border-gray-300 hover:text-ink",
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
