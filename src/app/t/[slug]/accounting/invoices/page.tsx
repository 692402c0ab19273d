import type { Metadata } from "next";
import { DocumentList } from "@/components/accounting/document-list";
import { ACCOUNTING } from "@/server/modules/accounting/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchDocuments } from "../prefetch";

export const metadata: Metadata = { title: "Invoices" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** /t/[slug]/accounting/invoices (?status=…&q=…): the first page of invoices, fetched on the server. */
export default async function InvoicesPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) await prefetchDocuments(org.id, "sales", await searchParams);
  return (
    <HydrateClient>
      <DocumentList slug={org.slug} side="sales" canDraft={roleAtLeast(org.role, ACCOUNTING.draft)} />
    </HydrateClient>
  );
}
