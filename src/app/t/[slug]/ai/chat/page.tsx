import type { Metadata } from "next";
import { ChatWorkspace } from "@/components/ai/chat-workspace";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Chat" };

/** /t/[slug]/ai/chat: a new conversation, with the member's conversations on the side. */
export default async function AiChatPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  return <ChatWorkspace slug={org.slug} role={org.role} conversationId={null} />;
}
