import type { Metadata } from "next";
import { NewDocument } from "@/components/accounting/new-document";
import { ACCOUNTING } from "@/server/modules/accounting/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchDocumentForm } from "../../prefetch";

export const metadata: Metadata = { title: "New invoice" };

/** /t/[slug]/accounting/invoices/new: a draft invoice's form (members and above), its choices fetched on the server. */
export default async function NewInvoicePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  const canDraft = roleAtLeast(org.role, ACCOUNTING.draft);
  if (canDraft && !org.suspendedAt) await prefetchDocumentForm(org.id);
  return (
    <HydrateClient>
      <NewDocument slug={org.slug} kind="invoice" canDraft={canDraft} />
    </HydrateClient>
  );
}
