import type { Metadata } from "next";
import { InventoryNav } from "@/components/inventory/inventory-nav";

export const metadata: Metadata = { title: { default: "Inventory", template: "%s · Inventory · NeuroOps" } };

/** /t/[slug]/inventory/*: the inventory's tabs above every page (the tenant layout has checked membership). */
export default async function InventoryLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <div className="flex flex-col gap-6">
      <InventoryNav base={`/t/${slug}/inventory`} />
      {children}
    </div>
  );
}
