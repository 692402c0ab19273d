import type { Metadata } from "next";
import { ChartOfAccounts } from "@/components/accounting/chart";
import { ACCOUNTING } from "@/server/modules/accounting/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchAccounts } from "../../prefetch";

export const metadata: Metadata = { title: "Chart of accounts" };

/** /t/[slug]/accounting/accounts: the chart of accounts, fetched on the server. */
export default async function AccountsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) await prefetchAccounts(org.id);
  return (
    <HydrateClient>
      <ChartOfAccounts slug={org.slug} canConfigure={roleAtLeast(org.role, ACCOUNTING.configure)} />
    </HydrateClient>
  );
}
