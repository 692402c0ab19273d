import { FormatProvider } from "@/components/format/format-provider";
import { AppShell } from "@/components/shell/app-shell";
import { TenantIdProvider } from "@/components/shell/tenant-context";
import { avatarUrl } from "@/components/ui/avatar";
import { formatSettingsFor } from "@/lib/format";
import { runtimeDb } from "@/server/db/client";
import { rememberLastTenant } from "@/server/modules/accounts/service";
import { listMyOrganizations } from "@/server/modules/orgs/service";
import { getTenantPage } from "@/server/tenant-page";
import { TRPCReactProvider } from "@/trpc/client";
import { SuspendedNotice } from "./suspended-notice";
import { PastDueBanner } from "@/components/billing/past-due-banner";
import { pastDueNotice } from "@/server/modules/billing/past-due";
import { BILLING } from "@/server/modules/billing/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";

export const dynamic = "force-dynamic";

/**
 * Every /t/[slug] page: the slug names the tenant, checked against the signed-in
 * user's memberships here and again by every tenant procedure.
 */
export default async function TenantLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  if (org.suspendedAt) return <SuspendedNotice name={org.name} />;
  const [organizations, pastDue] = await Promise.all([
    listMyOrganizations(user.id),
    // Owners only (they can fix it): one short read of the subscriptions.
    roleAtLeast(org.role, BILLING.manage) ? pastDueNotice(org.id, user.id) : null,
    rememberLastTenant(runtimeDb(), user.id, org.id),
  ]);
  return (
    <TRPCReactProvider tenantId={org.id}>
      {/* Dates in the organization's time zone, shaped by the user's locale (src/lib/format.ts says why). */}
      <FormatProvider settings={formatSettingsFor(user, org)}>
        {/* Around the shell too: the assistant panel in its top bar sends the tenant id with its chat requests. */}
        <TenantIdProvider tenantId={org.id}>
          <AppShell
            current={{ slug: org.slug, name: org.name, role: org.role }}
            organizations={organizations.map((o) => ({ slug: o.slug, name: o.name, role: o.role }))}
            user={{
              name: user.name,
              email: user.email,
              emailVerified: user.emailVerified,
              avatarUrl: avatarUrl({ userId: user.id, avatarVersion: user.avatarVersion }, org.id, true),
            }}
            banner={pastDue ? <PastDueBanner slug={org.slug} graceEndsAt={pastDue.graceEndsAt} /> : null}
          >
            {children}
          </AppShell>
        </TenantIdProvider>
      </FormatProvider>
    </TRPCReactProvider>
  );
}
