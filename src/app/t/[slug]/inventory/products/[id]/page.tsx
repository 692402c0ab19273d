import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProductRecord } from "@/components/inventory/product-record";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { TrashedProduct } from "@/components/inventory/inventory-trash";
import { loadProduct, loadProductPage, loadTrashedProduct } from "../../prefetch";

type Props = { params: Promise<{ slug: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (org.suspendedAt) return { title: "Product" };
  const product = await loadProduct(org.id, id);
  if (product) return { title: `${product.name} (${product.sku})` };
  const trashed = await loadTrashedProduct(org.id, id);
  return { title: trashed ? `${trashed.title} (in the trash)` : "Product not found" };
}

/** /t/[slug]/inventory/products/[id]: the product, its stock, history and chart, fetched on the server in one round (./layout.tsx has checked it exists). */
export default async function ProductPage({ params }: Props) {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) {
    if ((await loadProduct(org.id, id)) === null) {
      // In the trash: say so, with Restore; otherwise a 404.
      const trashed = await loadTrashedProduct(org.id, id);
      if (!trashed) notFound();
      return <TrashedProduct slug={org.slug} id={id} trashed={trashed} role={org.role} />;
    }
    await loadProductPage(org.id, id);
  }
  return (
    <HydrateClient>
      <ProductRecord slug={org.slug} id={id} role={org.role} />
    </HydrateClient>
  );
}
