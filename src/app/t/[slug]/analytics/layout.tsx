import type { Metadata } from "next";
import { AnalyticsNav } from "@/components/analytics/analytics-nav";
import { ANALYTICS } from "@/server/modules/analytics/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: { default: "Analytics", template: "%s · Analytics · NeuroOps" } };

/** /t/[slug]/analytics/*: the analytics' tabs above every page (the tenant layout has checked membership). */
export default async function AnalyticsLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  return (
    <div className="flex flex-col gap-6">
      <AnalyticsNav base={`/t/${slug}/analytics`} showFraudReview={roleAtLeast(org.role, ANALYTICS.review)} />
      {children}
    </div>
  );
}
