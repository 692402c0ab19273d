import type { Metadata } from "next";
import { InventorySettings } from "@/components/inventory/inventory-settings";
import { INVENTORY } from "@/server/modules/inventory/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { getQueryClient, serverTrpc } from "@/trpc/server";
import { HydrateClient } from "@/trpc/hydrate";

export const metadata: Metadata = { title: "Inventory" };

/** Settings → Inventory (owners and admins): warehouses, the default one, the negative-stock policy and bins. */
export default async function InventorySettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  // The settings layout explains why; nothing to load below admin.
  if (!roleAtLeast(org.role, INVENTORY.configure)) return null;
  if (!org.suspendedAt) await getQueryClient().prefetchQuery(serverTrpc(org.id).inventory.warehouses.list.queryOptions({ includeArchived: true }));
  return (
    <HydrateClient>
      <InventorySettings />
    </HydrateClient>
  );
}
