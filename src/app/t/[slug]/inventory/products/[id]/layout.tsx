import { requireRecord } from "../../prefetch";

/**
 * /t/[slug]/inventory/products/[id]: the product must exist. Checked here, above the page's
 * loading boundary, so a missing product answers HTTP 404 (a trashed one gets the page's trash notice) with ../not-found.tsx
 * before anything is streamed. The check is the page's own first query.
 */
export default async function ProductRecordLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  await requireRecord(slug, id);
  return children;
}
