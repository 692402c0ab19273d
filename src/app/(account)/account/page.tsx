import type { Metadata } from "next";
import Link from "next/link";
import { ProfileSection } from "@/components/account/profile-section";
import { SessionsList } from "@/components/account/sessions-list";
import { FormatProvider } from "@/components/format/format-provider";
import { avatarUrl } from "@/components/ui/avatar";
import { formatSettingsFor } from "@/lib/format";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { NotificationPreferencesCard } from "@/components/notifications/notification-preferences";
import { UserMenu } from "@/components/shell/user-menu";
import { ButtonLink } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { Logo } from "@/components/ui/logo";
import { ROLE_LABELS } from "@/server/modules/orgs/roles";
import { env } from "@/server/platform/env";
import { listMyOrganizations } from "@/server/modules/orgs/service";
import { requireSessionUser } from "@/server/session";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await requireSessionUser("/account");
  const organizations = await listMyOrganizations(user.id);
  // Outside any organization: the user's own time zone (src/lib/format.ts).
  return (
    <FormatProvider settings={formatSettingsFor(user)}>
      <div className="min-h-screen">
        <header className="border-b border-gray-200 bg-white">
          <div className="mx-auto flex h-14 max-w-3xl items-center justify-between gap-3 px-4">
            <Link href="/" aria-label="NeuroOps home" className="flex items-center">
              <Logo />
            </Link>
            <UserMenu name={user.name} email={user.email} avatarUrl={avatarUrl({ userId: user.id, avatarVersion: user.avatarVersion }, undefined, true)} />
          </div>
        </header>
        <main id="main" className="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-8">
          <div>
            <h1 className="text-2xl font-semibold text-ink">Your account</h1>
            <p className="mt-1 text-sm text-ink-muted">Your profile and preferences, where you are signed in, and the organizations you belong to.</p>
          </div>

          <ProfileSection user={user} />

          <NotificationPreferencesCard />

          <Card title="Password">
            <p className="mb-4 text-sm text-ink-muted">Changing it signs you out on every other device and browser.</p>
            <div className="max-w-sm">
              <ChangePasswordForm email={user.email} />
            </div>
          </Card>

          <Card title="Sessions">
            <p className="mb-4 text-sm text-ink-muted">
              Where your account is signed in. Sign out of a session you do not recognise, then change your password. Sessions end after{" "}
              {env().SESSION_MAX_AGE_DAYS} days at the latest.
            </p>
            <SessionsList />
          </Card>

          <Card
            title="Organizations"
            action={
              <ButtonLink href="/orgs/new" variant="secondary" className="px-3 py-1.5">
                Create organization
              </ButtonLink>
            }
          >
            {organizations.length === 0 ? (
              <EmptyState title="You are not in any organization yet.">Create one to get started.</EmptyState>
            ) : (
              <ul className="divide-y divide-gray-100 rounded-lg border border-gray-200">
                {organizations.map((org) => (
                  <li key={org.id}>
                    <Link href={`/t/${org.slug}`} className="flex items-center justify-between gap-3 px-4 py-3 text-sm hover:bg-surface-muted">
                      <span className="font-medium text-ink">{org.name}</span>
                      <span className="shrink-0 text-ink-faint">
                        {ROLE_LABELS[org.role]}
                        {org.suspendedAt ? " · Suspended" : ""}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </main>
      </div>
    </FormatProvider>
  );
}
