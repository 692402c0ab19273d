import type { Metadata } from "next";
import { AiNav } from "@/components/ai/ai-nav";

export const metadata: Metadata = { title: { default: "AI assistant", template: "%s · AI assistant · NeuroOps" } };

/** /t/[slug]/ai/*: the AI module's tabs above every page (the tenant layout has checked membership). */
export default async function AiLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <div className="flex flex-col gap-6">
      <AiNav base={`/t/${slug}/ai`} />
      {children}
    </div>
  );
}
