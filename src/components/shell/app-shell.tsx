"use client";

import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { AssistantPanel } from "../ai/assistant-panel";
import { NotificationBell } from "../notifications/notification-bell";
import { GlobalSearch } from "../records/global-search";
import { Logo } from "../ui/logo";
import { Icon } from "./icons";
import { visibleModules } from "./modules";
import { OrgSwitcher, type OrgOption } from "./org-switcher";
import { UserMenu } from "./user-menu";
import { VerifyEmailBanner } from "./verify-banner";
import { LimitPrompt } from "../billing/limit-prompt";

type Props = {
  current: OrgOption;
  organizations: OrgOption[];
  user: { name: string; email: string; emailVerified: boolean; avatarUrl?: string | null };
  /** A notice the layout decided on for this member (e.g. billing's past-due banner for owners). */
  banner?: React.ReactNode;
  children: React.ReactNode;
};

/** The frame of every tenant page: sidebar with modules and org switcher, top bar with the user menu. */
export function AppShell({ current, organizations, user, banner, children }: Props) {
  const pathname = usePathname();
  const [navOpen, setNavOpen] = useState(false);
  const base = `/t/${current.slug}`;

  const sidebar = (
    <div className="flex h-full flex-col gap-6 p-4">
      <Link href={base} className="px-1">
        <Logo />
      </Link>
      <OrgSwitcher current={current} organizations={organizations} />
      <nav aria-label="Modules">
        <ul className="flex flex-col gap-0.5">
          {visibleModules(current.role).map((module) => {
            const href = `${base}${module.href}`;
            const active = module.href === "" ? pathname === base : pathname.startsWith(href);
            return (
              <li key={module.key}>
                <Link
                  href={href}
                  onClick={() => setNavOpen(false)}
                  aria-current={active ? "page" : undefined}
                  className={clsx(
                    "flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium",
                    active ? "bg-brand-50 text-brand-700" : "text-ink-muted hover:bg-surface-sunken hover:text-ink",
                  )}
                >
                  <Icon name={module.icon} />
                  {module.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </div>
  );

  return (
    <div className="min-h-screen lg:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <aside className="hidden w-64 shrink-0 border-r border-gray-200 bg-white lg:block">{sidebar}</aside>
      {navOpen && (
        <div className="fixed inset-0 z-40 lg:hidden" role="dialog" aria-modal="true" aria-label="Navigation">
          <div className="absolute inset-0 bg-black/30" onClick={() => setNavOpen(false)} aria-hidden />
          <aside className="absolute inset-y-0 left-0 w-72 bg-white shadow-xl">
            <button type="button" onClick={() => setNavOpen(false)} className="absolute right-3 top-4 rounded p-1 text-ink-muted" aria-label="Close navigation">
              <Icon name="close" />
            </button>
            {sidebar}
          </aside>
        </div>
      )}
      <div className="flex min-w-0 flex-1 flex-col">
        {!user.emailVerified && <VerifyEmailBanner email={user.email} />}
        {banner}
        <LimitPrompt slug={current.slug} role={current.role} />
        <header className="flex h-14 items-center justify-between gap-3 border-b border-gray-200 bg-white px-4 lg:px-8">
          <button type="button" onClick={() => setNavOpen(true)} className="rounded p-1 text-ink-muted lg:hidden" aria-label="Open navigation">
            <Icon name="menu" />
          </button>
          <p className="hidden min-w-0 shrink truncate text-sm text-ink-muted md:block">
            <span className="font-medium text-ink">{current.name}</span>
            <span className="hidden xl:inline"> · signed in as {current.role}</span>
          </p>
          <div className="flex min-w-0 flex-1 justify-end md:justify-center">
            <GlobalSearch slug={current.slug} />
          </div>
          <div className="flex shrink-0 items-center gap-1">
            <AssistantPanel slug={current.slug} role={current.role} />
            <NotificationBell slug={current.slug} />
            <UserMenu name={user.name} email={user.email} avatarUrl={user.avatarUrl ?? null} />
          </div>
        </header>
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 lg:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
