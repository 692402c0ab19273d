"use client";

import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Icon } from "@/components/shell/icons";
import { ButtonLink } from "@/components/ui/button";
import { roleAtLeast, roleWithArticle } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { sectionForPath, visibleSections } from "./sections";

/** Tabs across the top of every settings page (those `role` may open); the current one is marked for assistive tech too. */
export function SettingsNav({ base, role }: { base: string; role: MemberRole }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings sections" className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul className="flex min-w-max gap-1 border-b border-gray-200">
        {visibleSections(role).map((section) => {
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

/**
 * Shows the section's page, or, when `role` is below the section's minimum, why not.
 * The pages check the role again before loading anything, so this is about the
 * explanation, not about protection.
 */
export function SettingsSectionGate({
  base,
  role,
  orgName,
  homeHref,
  children,
}: {
  base: string;
  role: MemberRole;
  orgName: string;
  homeHref: string;
  children: React.ReactNode;
}) {
  const pathname = usePathname();
  const section = pathname.startsWith(base) ? sectionForPath(pathname.slice(base.length)) : undefined;
  if (!section || roleAtLeast(role, section.minimumRole)) return <>{children}</>;
  const open = visibleSections(role)[0];
  return (
    <section className="flex flex-col items-start gap-4 rounded-card border border-gray-200 bg-white p-6 shadow-sm sm:flex-row">
      <span className="flex size-10 shrink-0 items-center justify-center rounded-full bg-surface-sunken text-ink-muted" aria-hidden>
        <Icon name="lock" />
      </span>
      <div className="flex flex-col gap-3">
        <div>
          <p className="font-medium text-ink">Only owners and admins can open {section.label}.</p>
          <p className="mt-1 text-sm text-ink-muted">
            You are {roleWithArticle(role)} of {orgName}. Ask an owner or admin if something here needs to change.
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {open && (
            <ButtonLink href={`${base}${open.href}`} variant="secondary">
              Go to {open.label}
            </ButtonLink>
          )}
          <ButtonLink href={homeHref} variant="ghost">
            Back to home
          </ButtonLink>
        </div>
      </div>
    </section>
  );
}
