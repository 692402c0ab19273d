import type { Metadata } from "next";
import { DealRecord } from "@/components/crm/deals/deal-record";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { loadRecordPage, recordMetadataTitle } from "../../record-page";

type Props = { params: Promise<{ slug: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  return { title: await recordMetadataTitle(slug, "deal", id, "Deal") };
}

/** /t/[slug]/crm/deals/[id]: the deal with everything its first paint shows, fetched on the server in one round (./layout.tsx has checked it exists). */
export default async function DealPage({ params }: Props) {
  const { slug, id } = await params;
  const { user, org } = await getTenantPage(slug);
  if (!org.suspendedAt) await loadRecordPage(org.id, "deal", id);
  return (
    <HydrateClient>
      <DealRecord slug={org.slug} id={id} role={org.role} userId={user.id} />
    </HydrateClient>
  );
}
