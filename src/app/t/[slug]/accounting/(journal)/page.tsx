import type { Metadata } from "next";
import { Journal } from "@/components/accounting/journal";
import { ACCOUNTING } from "@/server/modules/accounting/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchJournal } from "../prefetch";

export const metadata: Metadata = { title: "Journal" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** /t/[slug]/accounting (?status=draft|posted): the journal's first page, fetched on the server. */
export default async function JournalPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) await prefetchJournal(org.id, await searchParams);
  return (
    <HydrateClient>
      <Journal slug={org.slug} canDraft={roleAtLeast(org.role, ACCOUNTING.draft)} />
    </HydrateClient>
  );
}
