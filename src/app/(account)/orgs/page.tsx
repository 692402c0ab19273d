import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { ROLE_LABELS } from "@/server/modules/orgs/roles";
import { listMyOrganizations } from "@/server/modules/orgs/service";
import { requireSessionUser } from "@/server/session";

export const metadata: Metadata = { title: "Your organizations" };
export const dynamic = "force-dynamic";

export default async function OrganizationsPage() {
  const user = await requireSessionUser("/orgs");
  const organizations = await listMyOrganizations(user.id);
  return (
    <AuthCard title="Your organizations" subtitle={`Signed in as ${user.email}`}>
      {organizations.length === 0 ? (
        <EmptyState title="You are not in any organization yet.">Create one to get started.</EmptyState>
      ) : (
        <ul className="divide-y divide-gray-100 rounded-lg border border-gray-200">
          {organizations.map((org) => (
            <li key={org.id}>
              <Link href={`/t/${org.slug}`} className="flex items-center justify-between px-4 py-3 text-sm hover:bg-surface-muted">
                <span className="font-medium text-ink">{org.name}</span>
                <span className="text-ink-faint">{ROLE_LABELS[org.role]}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <ButtonLink href="/orgs/new" variant="secondary" className="mt-4 w-full">
        Create organization
      </ButtonLink>
    </AuthCard>
  );
}
