import type { Metadata } from "next";

export const metadata: Metadata = { title: { default: "Analytics", template: "%s · Analytics · NeuroOps" } };

/** /t/[slug]/analytics/*: the analytics pages (the tenant layout has checked membership). */
export default function AnalyticsLayout({ children }: { children: React.ReactNode }) {
  return <div className="flex flex-col gap-6">{children}</div>;
}
