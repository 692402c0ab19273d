import { requireRecord } from "../../prefetch";

/**
 * /t/[slug]/accounting/accounts/[id]: the account must exist. Checked here, above the page's
 * loading boundary, so a missing account answers HTTP 404 with ../not-found.tsx before
 * anything is streamed. The check is the page's own first query (the chart).
 */
export default async function AccountRecordLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  await requireRecord(slug, "account", id);
  return children;
}
