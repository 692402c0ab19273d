import type { Metadata } from "next";
import { AccountingNav } from "@/components/accounting/accounting-nav";

export const metadata: Metadata = { title: { default: "Accounting", template: "%s · Accounting · NeuroOps" } };

/** /t/[slug]/accounting/*: the accounting's tabs above every page (the tenant layout has checked membership). */
export default async function AccountingLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <div className="flex flex-col gap-6">
      <AccountingNav base={`/t/${slug}/accounting`} />
      {children}
    </div>
  );
}
