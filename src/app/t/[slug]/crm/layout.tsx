import type { Metadata } from "next";
import { CrmNav } from "@/components/crm/shared/crm-nav";

export const metadata: Metadata = { title: { default: "CRM", template: "%s · CRM · NeuroOps" } };

/** /t/[slug]/crm/*: the CRM's tabs above every page (the tenant layout has checked membership). */
export default async function CrmLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <div className="flex flex-col gap-6">
      <CrmNav base={`/t/${slug}/crm`} />
      {children}
    </div>
  );
}
