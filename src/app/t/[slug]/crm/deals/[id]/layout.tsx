import { requireRecord } from "../../record-page";

/**
 * /t/[slug]/crm/deals/[id]: the deal must exist for this viewer. Checked here, above the
 * page's loading boundary, so a missing, merged-away or hidden deal answers HTTP 404 with
 * ../not-found.tsx before anything is streamed. The check is the page's own first query.
 */
export default async function DealRecordLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  await requireRecord(slug, "deal", id);
  return children;
}
