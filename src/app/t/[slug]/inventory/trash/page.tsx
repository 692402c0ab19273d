import type { Metadata } from "next";
import { InventoryTrash } from "@/components/inventory/inventory-trash";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Trash" };

/** /t/[slug]/inventory/trash: deleted products for 30 days (the audit log links deleted products here). */
export default async function InventoryTrashPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  return <InventoryTrash role={org.role} />;
}
