import { requireRecord } from "../../prefetch";

/**
 * /t/[slug]/accounting/entries/[id]: the entry must exist. Checked here, above the page's
 * loading boundary, so a missing entry answers HTTP 404 with ../not-found.tsx before
 * anything is streamed. The check is the page's own first query.
 */
export default async function EntryRecordLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  await requireRecord(slug, "entry", id);
  return children;
}
