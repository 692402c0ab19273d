import type { Metadata } from "next";
import { ChatWorkspace } from "@/components/ai/chat-workspace";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Chat" };

/** /t/[slug]/ai/chat/[conversationId]: one of the member's conversations, continued (private to them: another member's id is not found). */
export default async function AiConversationPage({ params }: { params: Promise<{ slug: string; conversationId: string }> }) {
  const { slug, conversationId } = await params;
  const { org } = await getTenantPage(slug);
  return <ChatWorkspace slug={org.slug} role={org.role} conversationId={conversationId} />;
}
