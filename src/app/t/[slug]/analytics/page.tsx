import type { Metadata } from "next";
import { AnalyticsDashboard } from "@/components/analytics/dashboard/dashboard";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchDashboard } from "./prefetch";

export const metadata: Metadata = { title: "Dashboard" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** /t/[slug]/analytics (?from&to): the dashboard for the URL's range, fetched on the server. */
export default async function AnalyticsDashboardPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) await prefetchDashboard(org.id, await searchParams);
  return (
    <HydrateClient>
      <AnalyticsDashboard slug={org.slug} />
    </HydrateClient>
  );
}
