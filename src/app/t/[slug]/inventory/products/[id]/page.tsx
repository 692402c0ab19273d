import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProductRecord } from "@/components/inventory/product-record";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { loadProduct, loadProductPage } from "../../prefetch";

type Props = { params: Promise<{ slug: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (org.suspendedAt) return { title: "Product" };
  const product = await loadProduct(org.id, id);
  return { title: product ? `${product.name} (${product.sku})` : "Product not found" };
}

/** /t/[slug]/inventory/products/[id]: the product, its stock, history and chart, fetched on the server in one round (./layout.tsx has checked it exists). */
export default async function ProductPage({ params }: Props) {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) {
    if ((await loadProduct(org.id, id)) === null) notFound();
    await loadProductPage(org.id, id);
  }
  return (
    <HydrateClient>
      <ProductRecord slug={org.slug} id={id} role={org.role} />
    </HydrateClient>
  );
}
