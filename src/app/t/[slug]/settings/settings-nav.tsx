"use client";

import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { SETTINGS_SECTIONS } from "./sections";

/** Tabs across the top of every settings page; the current one is marked for assistive tech too. */
export function SettingsNav({ base }: { base: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings sections" className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul className="flex min-w-max gap-1 border-b border-gray-200">
        {SETTINGS_SECTIONS.map((section) => {
          const href = `${base}${section.href}`;
          const active = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={section.key}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={clsx(
                  "-mb-px inline-flex items-center border-b-2 px-3 py-2 text-sm font-medium",
                  active ? "border-brand-600 text-brand-700" : "border-transparent text-ink-muted hover:border-gray-300 hover:text-ink",
                )}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
