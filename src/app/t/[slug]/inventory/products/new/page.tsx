import type { Metadata } from "next";
import { NewProduct } from "@/components/inventory/new-product";
import { INVENTORY } from "@/server/modules/inventory/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { getQueryClient, serverTrpc } from "@/trpc/server";
import { HydrateClient } from "@/trpc/hydrate";

export const metadata: Metadata = { title: "New product" };

/** /t/[slug]/inventory/products/new: members and above; viewers are told why they cannot. */
export default async function NewProductPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  const canEdit = roleAtLeast(org.role, INVENTORY.edit);
  if (canEdit && !org.suspendedAt) {
    const trpc = serverTrpc(org.id);
    const queryClient = getQueryClient();
    await Promise.all([queryClient.prefetchQuery(trpc.orgs.current.queryOptions()), queryClient.prefetchQuery(trpc.inventory.products.categories.queryOptions())]);
  }
  return (
    <HydrateClient>
      <NewProduct slug={org.slug} canEdit={canEdit} />
    </HydrateClient>
  );
}
