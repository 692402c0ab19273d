import type { Metadata } from "next";
import { Anomalies } from "@/components/analytics/anomalies/anomalies";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { getQueryClient, serverTrpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Anomalies" };

/** /t/[slug]/analytics/anomalies (?series&days): the flagged days (fetched on the server) and one series' chart. */
export default async function AnomaliesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) await getQueryClient().prefetchQuery(serverTrpc(org.id).analytics.anomalies.list.queryOptions({ limit: 200 }));
  return (
    <HydrateClient>
      <Anomalies slug={org.slug} role={org.role} />
    </HydrateClient>
  );
}
