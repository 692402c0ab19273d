import type { Metadata } from "next";
import { NewDocument } from "@/components/accounting/new-document";
import { ACCOUNTING } from "@/server/modules/accounting/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchDocumentForm } from "../../prefetch";

export const metadata: Metadata = { title: "New bill" };

/** /t/[slug]/accounting/bills/new: a draft bill's form (members and above), its choices fetched on the server. */
export default async function NewBillPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  const canDraft = roleAtLeast(org.role, ACCOUNTING.draft);
  if (canDraft && !org.suspendedAt) await prefetchDocumentForm(org.id);
  return (
    <HydrateClient>
      <NewDocument slug={org.slug} kind="bill" canDraft={canDraft} />
    </HydrateClient>
  );
}
