"use client";

import { SectionTabs, type SectionTab } from "@/components/ui/section-tabs";

const TABS: readonly SectionTab[] = [
  { key: "documents", label: "Documents", href: "", also: "/documents" },
  { key: "chat", label: "Chat", href: "/chat" },
];

/** The AI module's tabs: the document library (and its viewer), the chat. */
export function AiNav({ base }: { base: string }) {
  return <SectionTabs base={base} label="AI sections" tabs={TABS} />;
}
