import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AccountLedger } from "@/components/accounting/ledger";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { loadAccount, prefetchLedger } from "../../prefetch";

type Props = { params: Promise<{ slug: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (org.suspendedAt) return { title: "General ledger" };
  const account = await loadAccount(org.id, id);
  return { title: account ? `${account.code} ${account.name}` : "Account not found" };
}

/** /t/[slug]/accounting/accounts/[id] (?from&to): the account's general ledger, first page fetched on the server (./layout.tsx has checked it exists). */
export default async function AccountLedgerPage({ params, searchParams }: Props) {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) {
    if ((await loadAccount(org.id, id)) === null) notFound();
    await prefetchLedger(org.id, id, await searchParams);
  }
  return (
    <HydrateClient>
      <AccountLedger slug={org.slug} accountId={id} />
    </HydrateClient>
  );
}
