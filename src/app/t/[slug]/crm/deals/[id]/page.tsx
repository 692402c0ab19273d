import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DealRecord } from "@/components/crm/deals/deal-record";
import { getTenantPage } from "@/server/tenant-page";
import { TrashedRecord } from "@/components/crm/trash/trashed-record";
import { loadRecordTitle, loadTrashedRecord } from "../../record-page";

type Props = { params: Promise<{ slug: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (org.suspendedAt) return { title: "Deal" };
  const title = await loadRecordTitle(org.id, "deal", id);
  if (title !== null) return { title };
  const trashed = await loadTrashedRecord(org.id, "deal", id);
  return { title: trashed ? `${trashed.title} (in the trash)` : "Deal not found" };
}

/** /t/[slug]/crm/deals/[id]: one deal (the client loads it); missing or hidden → 404 with the same words. */
export default async function DealPage({ params }: Props) {
  const { slug, id } = await params;
  const { user, org } = await getTenantPage(slug);
  if (!org.suspendedAt && (await loadRecordTitle(org.id, "deal", id)) === null) {
    // In the trash: say so, with Restore; otherwise (missing, merged away, hidden) a 404.
    const trashed = await loadTrashedRecord(org.id, "deal", id);
    if (!trashed) notFound();
    return <TrashedRecord slug={org.slug} entity="deal" id={id} trashed={trashed} role={org.role} />;
  }
  return <DealRecord slug={org.slug} id={id} role={org.role} userId={user.id} />;
}
