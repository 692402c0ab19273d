import Link from "next/link";
import { UserMenu } from "../shell/user-menu";
import { Logo } from "../ui/logo";

/** The frame of /admin: no tenant, no module navigation; clearly marked as the platform admin area. */
export function AdminShell({ user, children }: { user: { name: string; email: string; avatarUrl?: string | null }; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="border-b border-gray-200 bg-white">
        <div className="mx-auto flex h-14 w-full max-w-6xl items-center justify-between gap-3 px-4 lg:px-8">
          <div className="flex min-w-0 items-center gap-3">
            <Link href="/admin" className="shrink-0" aria-label="NeuroOps platform admin">
              <Logo />
            </Link>
            <span className="truncate rounded-full bg-ink px-2.5 py-0.5 text-xs font-semibold uppercase tracking-wide text-white">Platform admin</span>
          </div>
          <div className="flex shrink-0 items-center gap-2">
            <Link href="/orgs" className="hidden rounded-lg px-3 py-2 text-sm font-medium text-ink-muted hover:bg-surface-sunken hover:text-ink sm:inline-flex">
              Your organizations
            </Link>
            <UserMenu name={user.name} email={user.email} avatarUrl={user.avatarUrl ?? null} />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 lg:px-8">
        {children}
      </main>
    </div>
  );
}
