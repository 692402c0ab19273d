import type { Metadata } from "next";
import { NewEntry } from "@/components/accounting/new-entry";
import { ACCOUNTING } from "@/server/modules/accounting/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchEntryForm } from "../../prefetch";

export const metadata: Metadata = { title: "New entry" };

/** /t/[slug]/accounting/entries/new: a draft's form (members and above), with the chart fetched on the server. */
export default async function NewEntryPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  const canDraft = roleAtLeast(org.role, ACCOUNTING.draft);
  if (canDraft && !org.suspendedAt) await prefetchEntryForm(org.id);
  return (
    <HydrateClient>
      <NewEntry slug={org.slug} canDraft={canDraft} />
    </HydrateClient>
  );
}
