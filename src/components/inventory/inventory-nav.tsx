"use client";

import { SectionTabs, type SectionTab } from "@/components/ui/section-tabs";

/*
 * The inventory's tabs. Products holds the product pages too (/inventory/products/…);
 * a new area adds one line here.
 */
const TABS = [
  { key: "products", label: "Products", href: "", also: "/products" },
  { key: "valuation", label: "Valuation", href: "/valuation" },
  { key: "low-stock", label: "Low stock", href: "/low-stock" },
  { key: "imports", label: "Imports", href: "/imports" },
  { key: "trash", label: "Trash", href: "/trash" },
] as const satisfies readonly SectionTab[];

export function InventoryNav({ base }: { base: string }) {
  return <SectionTabs base={base} label="Inventory sections" tabs={TABS} />;
}
