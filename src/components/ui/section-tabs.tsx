"use client";

import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";

/**
 * A module's section tabs (CRM, Inventory, Accounting). `href` is relative to `base`; the
 * first tab's "" is the module's home, active on `base` itself and under `also` (e.g.
 * "/products" for the product pages); every other tab is active on its path and below.
 */
export type SectionTab = { key: string; label: string; href: string; also?: string };

export function SectionTabs({ base, label, tabs }: { base: string; label: string; tabs: readonly SectionTab[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul className="flex min-w-max gap-1 border-b border-gray-200">
        {tabs.map((tab) => {
          const href = `${base}${tab.href}`;
          const under = (path: string) => pathname === path || pathname.startsWith(`${path}/`);
          const active = tab.href === "" ? pathname === base || (tab.also !== undefined && under(`${base}${tab.also}`)) : under(href);
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
