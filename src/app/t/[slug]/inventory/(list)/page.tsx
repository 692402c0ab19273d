import type { Metadata } from "next";
import { ProductList } from "@/components/inventory/product-list";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchProductList } from "../prefetch";

export const metadata: Metadata = { title: "Products" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** /t/[slug]/inventory: the products. Search, filters and sort live in the URL; the first page is fetched on the server. */
export default async function ProductsPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  if (!org.suspendedAt) await prefetchProductList(org.id, await searchParams);
  return (
    <HydrateClient>
      <ProductList slug={org.slug} role={org.role} tenantId={org.id} userId={user.id} />
    </HydrateClient>
  );
}
