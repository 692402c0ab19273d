"use client";

import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";

/*
 * The inventory's tabs. Products holds the product pages too (/inventory/products/…);
 * a new area adds one line here.
 */
const TABS = [
  { key: "products", label: "Products", href: "", also: "/products" },
  { key: "valuation", label: "Valuation", href: "/valuation" },
  { key: "low-stock", label: "Low stock", href: "/low-stock" },
  { key: "imports", label: "Imports", href: "/imports" },
  { key: "trash", label: "Trash", href: "/trash" },
] as const;

export function InventoryNav({ base }: { base: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Inventory sections" className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
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
