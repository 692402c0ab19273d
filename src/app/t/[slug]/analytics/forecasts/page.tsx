import type { Metadata } from "next";
import { Forecasts } from "@/components/analytics/forecasts/forecasts";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { getQueryClient, serverTrpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Forecasts" };

/** /t/[slug]/analytics/forecasts: the stored forecasts (or the plan gate on Free), first data fetched on the server. */
export default async function ForecastsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) await getQueryClient().prefetchQuery(serverTrpc(org.id).analytics.forecasts.list.queryOptions());
  return (
    <HydrateClient>
      <Forecasts slug={org.slug} role={org.role} />
    </HydrateClient>
  );
}
