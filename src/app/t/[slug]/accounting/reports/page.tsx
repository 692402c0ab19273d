import type { Metadata } from "next";
import { Reports } from "@/components/accounting/reports";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchReport } from "../prefetch";

export const metadata: Metadata = { title: "Reports" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** /t/[slug]/accounting/reports (?report&from&to or ?asOf): the chosen report, fetched on the server for the URL's dates. */
export default async function ReportsPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) await prefetchReport(org.id, await searchParams);
  return (
    <HydrateClient>
      <Reports slug={org.slug} />
    </HydrateClient>
  );
}
