import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DealBoard } from "@/components/crm/deals/deal-board";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchBoard, toSearchParams } from "../../prefetch";
import { tenantPrefetcher } from "../../record-page";

export const metadata: Metadata = { title: "Deals" };

/** /t/[slug]/crm/deals: the board of a pipeline (the default one unless ?pipeline= names another), its cards fetched on the server. ?view=list opens the list. */
export default async function DealsBoardPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  const url = toSearchParams(await searchParams);
  if (url.get("view") === "list") {
    url.delete("view");
    const query = url.toString();
    redirect(`/t/${org.slug}/crm/deals/list${query ? `?${query}` : ""}`);
  }
  if (!org.suspendedAt) await prefetchBoard(tenantPrefetcher(org.id), user.id, url);
  return (
    <HydrateClient>
      <DealBoard slug={org.slug} userId={user.id} role={org.role} />
    </HydrateClient>
  );
}
