import type { Metadata } from "next";
import { StockValuation } from "@/components/inventory/valuation";
import { parseDay } from "@/components/records/list-state";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchValuation } from "../prefetch";

export const metadata: Metadata = { title: "Valuation" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** /t/[slug]/inventory/valuation (?asOf=YYYY-MM-DD): the stock's value, fetched on the server for the URL's day. */
export default async function ValuationPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  const asOf = (await searchParams).asOf;
  if (!org.suspendedAt) await prefetchValuation(org.id, parseDay(typeof asOf === "string" ? asOf : undefined));
  return (
    <HydrateClient>
      <StockValuation />
    </HydrateClient>
  );
}
