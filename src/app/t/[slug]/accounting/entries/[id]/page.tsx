import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EntryRecord } from "@/components/accounting/entry-record";
import { ACCOUNTING } from "@/server/modules/accounting/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { loadEntry, prefetchEntryForm } from "../../prefetch";

type Props = { params: Promise<{ slug: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (org.suspendedAt) return { title: "Journal entry" };
  const entry = await loadEntry(org.id, id);
  return { title: entry ? (entry.number !== null ? `Entry ${entry.number}` : "Draft entry") : "Entry not found" };
}

/** /t/[slug]/accounting/entries/[id]: the entry and its lines, fetched on the server (./layout.tsx has checked it exists). */
export default async function EntryPage({ params }: Props) {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  const canDraft = roleAtLeast(org.role, ACCOUNTING.draft);
  if (!org.suspendedAt) {
    const entry = await loadEntry(org.id, id);
    if (entry === null) notFound();
    await Promise.all([
      entry.status === "draft" && canDraft ? prefetchEntryForm(org.id) : null,
      // The original of a reversal, for its link ("Reverses Entry 12").
      entry.reversalOf ? loadEntry(org.id, entry.reversalOf).catch(() => null) : null,
    ]);
  }
  return (
    <HydrateClient>
      <EntryRecord slug={org.slug} id={id} canDraft={canDraft} canPost={roleAtLeast(org.role, ACCOUNTING.post)} />
    </HydrateClient>
  );
}
