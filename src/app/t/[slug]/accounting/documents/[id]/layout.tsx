import { requireRecord } from "../../prefetch";

/**
 * /t/[slug]/accounting/documents/[id]: the invoice, bill or credit note must exist. Checked
 * here, above the page's loading boundary, so a missing one answers HTTP 404 with
 * ../not-found.tsx before anything is streamed. The check is the page's own first query.
 */
export default async function DocumentRecordLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  await requireRecord(slug, "document", id);
  return children;
}
