"use client";

import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";

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
] as const;

export function CrmNav({ base }: { base: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="CRM sections" className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul className="flex min-w-max gap-1 border-b border-gray-200">
        {TABS.map((tab) => {
          const href = `${base}${tab.href}`;
          const active = tab.href === "" ? pathname === base : pathname === href || pathname.startsWith(`${href}/`);
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
