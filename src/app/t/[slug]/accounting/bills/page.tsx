import type { Metadata } from "next";
import { DocumentList } from "@/components/accounting/document-list";
import { ACCOUNTING } from "@/server/modules/accounting/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchDocuments } from "../prefetch";

export const metadata: Metadata = { title: "Bills" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** /t/[slug]/accounting/bills (?status=…&q=…): the first page of bills, fetched on the server. */
export default async function BillsPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) await prefetchDocuments(org.id, "purchases", await searchParams);
  return (
    <HydrateClient>
      <DocumentList slug={org.slug} side="purchases" canDraft={roleAtLeast(org.role, ACCOUNTING.draft)} />
    </HydrateClient>
  );
}
