import type { Metadata } from "next";
import { LowStockList } from "@/components/inventory/low-stock";
import { isUuid } from "@/components/records/list-state";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchLowStock } from "../prefetch";

export const metadata: Metadata = { title: "Low stock" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** /t/[slug]/inventory/low-stock (?warehouse=<id>): products at or below their reorder point. */
export default async function LowStockPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  const warehouse = (await searchParams).warehouse;
  if (!org.suspendedAt) await prefetchLowStock(org.id, typeof warehouse === "string" && isUuid(warehouse) ? warehouse : undefined);
  return (
    <HydrateClient>
      <LowStockList slug={org.slug} />
    </HydrateClient>
  );
}
