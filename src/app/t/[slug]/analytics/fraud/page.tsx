import type { Metadata } from "next";
import { FIRST_FILTER, fraudQueueInput } from "@/components/analytics/fraud/first-page";
import { FraudReview } from "@/components/analytics/fraud/fraud-review";
import { ANALYTICS } from "@/server/modules/analytics/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { getQueryClient, serverTrpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Fraud review" };

/** /t/[slug]/analytics/fraud: scored payments, bills and manual entries, highest first (admins; a Business feature). */
export default async function FraudReviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  if (!roleAtLeast(org.role, ANALYTICS.review)) {
    return (
      <section className="flex flex-col gap-2 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold text-ink">Only admins review fraud scores</h1>
        <p className="text-sm text-ink-muted">The review queue shows every payment, bill and journal entry with its fraud score. Ask an owner or admin of {org.name}.</p>
      </section>
    );
  }
  if (!org.suspendedAt) {
    const trpc = serverTrpc(org.id);
    const queryClient = getQueryClient();
    const status = await queryClient.fetchQuery(trpc.analytics.fraud.status.queryOptions()).catch(() => null);
    // The queue only when the plan has the feature (it refuses otherwise): the same input as the client's first page.
    if (status?.enabled) {
      await queryClient.prefetchInfiniteQuery(trpc.analytics.fraud.queue.infiniteQueryOptions(fraudQueueInput(FIRST_FILTER), { getNextPageParam: (page) => page.nextCursor }));
    }
  }
  return (
    <HydrateClient>
      <FraudReview slug={org.slug} role={org.role} />
    </HydrateClient>
  );
}
