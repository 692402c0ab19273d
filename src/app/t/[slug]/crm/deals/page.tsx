import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DealBoard } from "@/components/crm/deals/deal-board";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Deals" };

/** /t/[slug]/crm/deals: the board of a pipeline (the default one unless ?pipeline= names another). ?view=list opens the list. */
export default async function DealsBoardPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  const search = await searchParams;
  if (search.view === "list") {
    const rest = new URLSearchParams();
    for (const [key, value] of Object.entries(search)) {
      if (key === "view") continue;
      for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) rest.append(key, v);
    }
    const query = rest.toString();
    redirect(`/t/${org.slug}/crm/deals/list${query ? `?${query}` : ""}`);
  }
  return <DealBoard slug={org.slug} userId={user.id} role={org.role} />;
}
