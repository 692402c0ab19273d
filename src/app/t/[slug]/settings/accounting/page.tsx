import type { Metadata } from "next";
import { AccountingSettings } from "@/components/accounting/accounting-settings";
import { ACCOUNTING } from "@/server/modules/accounting/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchSettings } from "../../accounting/prefetch";

export const metadata: Metadata = { title: "Accounting" };

/** Settings → Accounting (owners and admins): lock dates, closing a fiscal year, the integrity check. */
export default async function AccountingSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  // The settings layout explains why; nothing to load below admin.
  if (!roleAtLeast(org.role, ACCOUNTING.configure)) return null;
  if (!org.suspendedAt) await prefetchSettings(org.id);
  return (
    <HydrateClient>
      <AccountingSettings slug={org.slug} />
    </HydrateClient>
  );
}
